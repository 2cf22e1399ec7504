import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { BADGE_COLORS } from '../background/constants.js';
import { handleMessage } from '../background/messages.js';
import { enqueue, markFailed, readLists } from '../background/queue.js';
import { readRecent } from '../background/recent.js';
import { retryQueue } from '../background/retry.js';
import { saveSelection } from '../background/save.js';
import { saveSettings } from '../background/settings.js';
import { frameResult, installFakeBrowser } from './fake-browser.js';
import { FakeServer } from './fake-server.js';

const TAB = { id: 7, url: 'https://example.org/article', title: 'An article' };
const NO_WAIT = { lookupDelayMs: 0 };
const LATER = () => Date.now() + 3_600_000; // past the in-flight window of any fresh capture

let fake;
let server;
let selection;
beforeEach(async () => {
  selection = 'first quote';
  fake = installFakeBrowser({
    tabs: [TAB],
    pageResults: () => [frameResult(0, { text: selection, block: selection, url: TAB.url, html: `<p>${selection}</p>` })],
  });
  server = new FakeServer().install();
  await saveSettings({ serverUrl: server.origin, token: server.token });
});

/** Save `text` while the server is down: it ends up queued. */
async function saveOffline(text) {
  selection = text;
  server.down = true;
  const result = await saveSelection(TAB.id, {}, NO_WAIT);
  assert.equal(result.kind, 'retry');
  return result.id;
}

test('a queued capture is retried with the same id, body and HTML, and arrives once', async () => {
  const id = await saveOffline('first quote');
  const [offlineBody] = server.attempted;
  assert.equal(offlineBody.id, id);
  server.down = false;
  const summary = await retryQueue();
  assert.deepEqual([summary.delivered, summary.failed, summary.waiting, summary.badge], [1, 0, 0, '']);
  assert.deepEqual(server.posts.at(-1), offlineBody);
  assert.equal(server.posts.at(-1).id, id);
  assert.deepEqual([...server.quotes.keys()], [id]);
  assert.deepEqual(await readLists(), { queue: [], failed: [] });
  assert.equal(fake.storage.items.has(`html:${id}`), false);
  assert.equal((await readRecent())[0].id, id);
  assert.match(fake.notifications.at(-1).message, /^1 delivered$/);

  const again = await retryQueue();
  assert.equal(again.delivered, 0);
  assert.equal(server.quotes.size, 1);
  assert.equal(server.attempted.length, 2, 'nothing left to send');
});

test('the server already had it (answered but the answer was lost): 200 counts as delivered', async () => {
  const id = await saveOffline('first quote');
  server.down = false;
  server.capture({ ...server.posts[0] }); // stored on a first try whose answer never came back
  const summary = await retryQueue();
  assert.equal(summary.delivered, 1);
  assert.equal(server.quotes.size, 1);
  assert.deepEqual((await readLists()).queue, []);
  assert.equal(server.posts.at(-1).id, id);
});

test('while the server is still down the run stops at the first capture and counts a try', async () => {
  await saveOffline('one');
  await saveOffline('two');
  const before = server.posts.length;
  const summary = await retryQueue();
  assert.deepEqual([summary.delivered, summary.waiting], [0, 2]);
  assert.match(summary.message, /not reachable/);
  assert.equal(server.posts.length, before, 'the fake counts only posts that reached it');
  const { queue } = await readLists();
  assert.deepEqual(queue.map((entry) => entry.attempts), [2, 1]);
  assert.deepEqual(fake.badge, { text: '2', color: BADGE_COLORS.waiting });
});

test('a 5xx on one capture does not hold up the others', async () => {
  await saveOffline('one');
  const second = await saveOffline('two');
  server.down = false;
  server.force(500, 'the server failed on this page');
  const summary = await retryQueue();
  assert.deepEqual([summary.delivered, summary.waiting], [1, 1]);
  assert.deepEqual([...server.quotes.keys()], [second]);
});

test('a capture just made and not yet tried is left to the save that is sending it', async () => {
  await enqueue({ id: 'fresh', text: 't', url: TAB.url, title: null, context: null, createdAt: new Date().toISOString() }, '');
  const now = await retryQueue();
  assert.equal(server.posts.length, 0);
  assert.equal(now.waiting, 1);
  // The worker was stopped mid-save: a later run sends it.
  const later = await retryQueue({ now: LATER });
  assert.equal(later.delivered, 1);
});

test('a replayed id with different text (409) goes to the failed list, once', async () => {
  const id = await saveOffline('first quote');
  server.down = false;
  server.quotes.set(id, { id, text: 'something else' });
  const summary = await retryQueue();
  assert.deepEqual([summary.delivered, summary.failed, summary.waiting], [0, 1, 0]);
  const { failed } = await readLists();
  assert.match(failed[0].lastError, /different quote already has this id \(HTTP 409\)/);
  assert.deepEqual(fake.badge, { text: '1', color: BADGE_COLORS.failed });
  assert.match(fake.notifications.at(-1).message, /1 refused/);
  // Not retried by the alarm.
  const posts = server.posts.length;
  await retryQueue();
  assert.equal(server.posts.length, posts);
});

test('a failed capture can be retried from the options page and then arrives', async () => {
  const id = await saveOffline('first quote');
  await markFailed(id, 'refused earlier');
  server.down = false;
  const summary = await handleMessage({ type: 'retry-failed', id });
  assert.equal(summary.delivered, 1);
  assert.ok(server.quotes.has(id));
  assert.deepEqual(await readLists(), { queue: [], failed: [] });
  assert.equal(fake.badge.text, '');
});

test('"retry all failed" puts every failed capture back', async () => {
  const a = await saveOffline('one');
  const b = await saveOffline('two');
  await markFailed(a, 'x');
  await markFailed(b, 'y');
  server.down = false;
  const summary = await handleMessage({ type: 'retry-failed' });
  assert.equal(summary.delivered, 2);
  assert.deepEqual(new Set(server.quotes.keys()), new Set([a, b]));
});

test('a failed capture can be dismissed: gone, with its HTML, and the badge drops', async () => {
  const id = await saveOffline('first quote');
  await markFailed(id, 'refused');
  const answer = await handleMessage({ type: 'dismiss', id });
  assert.equal(answer.badge, '');
  assert.deepEqual(await readLists(), { queue: [], failed: [] });
  assert.equal(fake.storage.items.has(`html:${id}`), false);
  assert.deepEqual(fake.badge.text, '');
});

test('the "Retry now" message runs the same retry', async () => {
  await saveOffline('first quote');
  server.down = false;
  const summary = await handleMessage({ type: 'retry' });
  assert.deepEqual([summary.delivered, summary.waiting], [1, 0]);
});

test('unknown requests are refused', async () => {
  await assert.rejects(handleMessage({ type: 'drop-everything' }), /unknown request: drop-everything/);
  await assert.rejects(handleMessage({ type: 'toString' }), /unknown request/);
  await assert.rejects(handleMessage(null), /unknown request/);
});

test('two retry runs at once send each capture once', async () => {
  await saveOffline('one');
  await saveOffline('two');
  server.down = false;
  const before = server.posts.length;
  const [first, second] = await Promise.all([retryQueue(), retryQueue()]);
  assert.equal(first.delivered + second.delivered, 2);
  assert.equal(server.posts.length - before, 2);
});
