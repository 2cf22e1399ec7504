import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { BADGE_COLORS, HTML_LIMIT_BYTES } from '../background/constants.js';
import { probePage } from '../background/probe.js';
import { readLists } from '../background/queue.js';
import { readRecent } from '../background/recent.js';
import { saveSelection } from '../background/save.js';
import { saveSettings } from '../background/settings.js';
import { frameResult, installFakeBrowser } from './fake-browser.js';
import { FakeServer } from './fake-server.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TAB = { id: 7, url: 'https://example.org/article', title: 'An article - Example', active: true };
const PAGE = {
  text: 'Innovation has to become\n  a distributed activity',
  block: 'Before.\nInnovation has to become a distributed activity, says the report.\nAfter.',
  url: TAB.url,
  title: 'An article - Example',
  html: '<html><head><meta name="author" content="Stowe Boyd"></head><body>…</body></html>',
};
const NO_WAIT = { lookupDelayMs: 0 };

let fake;
let server;
beforeEach(async () => {
  fake = installFakeBrowser({ tabs: [TAB], pageResults: () => [frameResult(0, PAGE)] });
  server = new FakeServer().install();
  await saveSettings({ serverUrl: server.origin, token: server.token });
});

test('a save sends a new UUID, the normalised text, url, title, context and page HTML', async () => {
  const result = await saveSelection(TAB.id, {}, NO_WAIT);
  assert.equal(result.kind, 'delivered');
  assert.equal(server.posts.length, 1);
  const [body] = server.posts;
  assert.match(body.id, UUID);
  assert.equal(result.id, body.id);
  assert.deepEqual(
    { ...body, id: undefined },
    {
      id: undefined,
      text: 'Innovation has to become a distributed activity',
      url: TAB.url,
      title: 'An article - Example',
      context: 'Innovation has to become a distributed activity, says the report.',
      created_at: body.created_at,
      html: PAGE.html,
    },
  );
  // The moment of the click, as the capture keeps it (a retry a day later sends the same).
  assert.ok(Math.abs(Date.parse(body.created_at) - Date.now()) < 60_000, body.created_at);
  // Read in the page with the HTML limit, in every frame (the keyboard shortcut names no frame).
  const [call] = fake.scriptCalls;
  assert.deepEqual(call.target, { tabId: TAB.id, allFrames: true });
  assert.equal(call.func, probePage);
  assert.deepEqual(call.args, [HTML_LIMIT_BYTES]);
});

test('two saves get two different ids', async () => {
  await saveSelection(TAB.id, {}, NO_WAIT);
  await saveSelection(TAB.id, {}, NO_WAIT);
  const [first, second] = server.posts;
  assert.match(second.id, UUID);
  assert.notEqual(first.id, second.id);
});

test('the menu names the frame the selection is in', async () => {
  await saveSelection(TAB.id, { frameId: 3, selectionText: 'x' }, NO_WAIT);
  assert.deepEqual(fake.scriptCalls[0].target, { tabId: TAB.id, frameIds: [3] });
});

test('the frame holding the selection wins over the others', async () => {
  fake.pageResults = () => [
    frameResult(0, { text: '', focused: false }),
    frameResult(5, { text: 'inside the frame', url: 'https://frames.example/f', title: 'Frame', focused: true }),
  ];
  await saveSelection(TAB.id, {}, NO_WAIT);
  assert.deepEqual([server.posts[0].text, server.posts[0].url], ['inside the frame', 'https://frames.example/f']);
});

test('delivered: forgotten locally, badge and notification name the author and site', async () => {
  server.author = 'Stowe Boyd';
  server.siteName = 'Gigaom Research';
  const result = await saveSelection(TAB.id, {}, NO_WAIT);
  assert.equal(result.label, 'Stowe Boyd (Gigaom Research)');
  assert.equal(result.message, 'Saved: Stowe Boyd (Gigaom Research)');
  assert.deepEqual(await readLists(), { queue: [], failed: [] });
  assert.equal(fake.storage.items.has(`html:${result.id}`), false);
  assert.deepEqual(fake.badge, { text: '✓', color: BADGE_COLORS.saved });
  const [note] = fake.notifications;
  assert.equal(note.title, 'Quote saved');
  assert.match(note.message, /^Saved: Stowe Boyd \(Gigaom Research\)\n“Innovation has to become/);
  const [recent] = await readRecent();
  assert.deepEqual([recent.id, recent.label, recent.url], [result.id, 'Stowe Boyd (Gigaom Research)', TAB.url]);
});

test('an author already in the 201 is used without asking again', async () => {
  Object.assign(server, { instant: true, author: 'Stowe Boyd' });
  const result = await saveSelection(TAB.id, {}, { lookupDelayMs: 60_000 });
  assert.equal(result.label, 'Stowe Boyd');
});

test('delivered before extraction found anything: the site host names it', async () => {
  const result = await saveSelection(TAB.id, {}, NO_WAIT);
  assert.equal(result.label, 'example.org');
  assert.match(fake.notifications[0].message, /^Saved: example\.org/);
});

test('server unreachable: kept in storage with its HTML, badge counts it, user told', async () => {
  server.down = true;
  const result = await saveSelection(TAB.id, {}, NO_WAIT);
  assert.deepEqual([result.kind, result.reason, result.badge], ['retry', 'network', '1']);
  const { queue } = await readLists();
  assert.deepEqual(queue.map((entry) => [entry.id, entry.attempts]), [[result.id, 1]]);
  assert.match(queue[0].lastError, /not reachable/);
  assert.equal(fake.storage.items.get(`html:${result.id}`), PAGE.html);
  assert.deepEqual(fake.badge, { text: '1', color: BADGE_COLORS.waiting });
  assert.equal(fake.notifications[0].title, 'Quote kept: 1 waiting');
  assert.match(fake.notifications[0].message, /will retry/);

  await saveSelection(TAB.id, {}, NO_WAIT);
  assert.equal(fake.badge.text, '2');
  assert.equal(fake.notifications[1].title, 'Quote kept: 2 waiting');
});

test('wrong token: kept, and the notification sends the user to the options page', async () => {
  await saveSettings({ serverUrl: server.origin, token: 'wrong' });
  const result = await saveSelection(TAB.id, {}, NO_WAIT);
  assert.deepEqual([result.kind, result.reason], ['retry', 'auth']);
  assert.match(fake.notifications[0].message, /^token wrong: open the options page/);
  assert.ok(fake.notifications[0].id.startsWith('quotebank-problem-'));
  assert.equal((await readLists()).queue.length, 1);
});

test('no token yet: nothing is sent, the capture waits', async () => {
  await saveSettings({ serverUrl: server.origin, token: '' });
  const result = await saveSelection(TAB.id, {}, NO_WAIT);
  assert.deepEqual([result.kind, result.reason], ['retry', 'auth']);
  assert.equal(server.posts.length, 0);
  assert.equal(fake.badge.text, '1');
});

test('refused (4xx): the server\'s message is shown and the capture is in the failed list', async () => {
  server.force(400, 'url: must be an http:// or https:// address with a host');
  const result = await saveSelection(TAB.id, {}, NO_WAIT);
  assert.equal(result.kind, 'failed');
  const { queue, failed } = await readLists();
  assert.deepEqual([queue, failed.map((entry) => entry.id)], [[], [result.id]]);
  assert.equal(failed[0].lastError, 'url: must be an http:// or https:// address with a host (HTTP 400)');
  assert.deepEqual(fake.badge, { text: '1', color: BADGE_COLORS.failed });
  assert.equal(fake.notifications[0].title, 'Quote not saved');
  assert.match(fake.notifications[0].message, /^url: must be an http/);
});

test('where scripting is refused, the menu\'s selection and page address are used', async () => {
  fake.pageResults = () => {
    throw new Error('Cannot access a chrome:// URL');
  };
  fake.tabs.set(9, { id: 9, url: 'https://docs.example/paper.pdf', title: 'paper.pdf' });
  const hints = {
    frameId: 0,
    selectionText: 'a sentence  in a PDF',
    pageUrl: 'https://docs.example/paper.pdf',
    frameUrl: 'chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/index.html',
  };
  const result = await saveSelection(9, hints, NO_WAIT);
  assert.equal(result.kind, 'delivered');
  const [body] = server.posts;
  assert.deepEqual([body.text, body.url, body.title, body.context, body.html], [
    'a sentence in a PDF',
    'https://docs.example/paper.pdf',
    null, // "paper.pdf" is only the address again, not a title
    null,
    '',
  ]);
});

test("Firefox's Reader View sends the page's own address, not about:reader", async () => {
  fake.pageResults = () => {
    throw new Error('Missing host permission for the tab');
  };
  const page = 'https://example.org/essays/on-reading?part=2&lang=en';
  const reader = `about:reader?url=${encodeURIComponent(page)}`;
  fake.tabs.set(5, { id: 5, url: reader, title: 'On reading' });
  const result = await saveSelection(5, { frameId: 0, selectionText: 'read slowly', pageUrl: reader }, NO_WAIT);
  assert.equal(result.kind, 'delivered');
  assert.deepEqual([server.posts[0].url, server.posts[0].title], [page, 'On reading']);
  assert.equal(server.quotes.get(result.id).url, page);
});

test('the menu fallback keeps a real tab title', async () => {
  fake.pageResults = () => {
    throw new Error('The extensions gallery cannot be scripted.');
  };
  fake.tabs.set(4, { id: 4, url: 'https://chromewebstore.google.com/detail/x', title: 'Some extension - Chrome Web Store' });
  await saveSelection(4, { selectionText: 'great', pageUrl: 'https://chromewebstore.google.com/detail/x' }, NO_WAIT);
  assert.equal(server.posts[0].title, 'Some extension - Chrome Web Store');
});

test('nothing selected: nothing stored or sent, the user is told to select text', async () => {
  fake.pageResults = () => [frameResult(0, { text: '   ' })];
  const result = await saveSelection(TAB.id, {}, NO_WAIT);
  assert.deepEqual([result.kind, result.reason, result.id], ['empty', 'nothing-selected', null]);
  assert.equal(server.posts.length, 0);
  assert.deepEqual(await readLists(), { queue: [], failed: [] });
  assert.match(fake.notifications[0].message, /Select some text/);
});

test('an unreadable page without menu hints (the shortcut on a browser page) says why', async () => {
  fake.pageResults = () => {
    throw new Error('Cannot access a chrome:// URL');
  };
  const result = await saveSelection(TAB.id, {}, NO_WAIT);
  assert.deepEqual([result.kind, result.reason], ['empty', 'page-unreadable']);
  assert.match(fake.notifications[0].message, /right-click menu/);
});

test('a tab that went away does not throw', async () => {
  const result = await saveSelection(404, { selectionText: 'still here', pageUrl: 'https://example.org/x' }, NO_WAIT);
  assert.equal(result.kind, 'delivered');
  assert.equal(server.posts[0].url, 'https://example.org/x');
});

test('a notification the browser refuses loses nothing', async () => {
  fake.chrome.notifications.create = async () => {
    throw new Error('notifications are off');
  };
  server.down = true;
  const result = await saveSelection(TAB.id, {}, NO_WAIT);
  assert.equal(result.badge, '1');
  assert.equal((await readLists()).queue.length, 1);
});

test('saving a selection already saved from the page says "Already saved" and stores nothing', async () => {
  const first = await saveSelection(TAB.id, {}, NO_WAIT);
  const second = await saveSelection(TAB.id, {}, NO_WAIT);
  assert.equal(second.kind, 'delivered');
  assert.equal(second.duplicate, true);
  assert.equal(second.id, first.id);
  assert.match(second.message, /^Already saved: /);
  assert.equal(server.quotes.size, 1);
  assert.equal(fake.notifications.at(-1).title, 'Already saved');
  assert.deepEqual((await readLists()).queue, []);
  assert.deepEqual((await readRecent()).map((item) => item.id), [first.id]);
});

test('a 507 from a full disk keeps the capture queued, with the reason shown', async () => {
  server.force(507, 'the disk is full');
  const result = await saveSelection(TAB.id, {}, NO_WAIT);
  assert.deepEqual([result.kind, result.reason, result.badge], ['retry', 'disk-full', '1']);
  const [waiting] = (await readLists()).queue;
  assert.equal(waiting.id, result.id);
  assert.match(waiting.lastError, /disk is full/);
  assert.match(fake.notifications.at(-1).message, /disk is full: kept here, will retry/);
});
