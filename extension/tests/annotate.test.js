import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { annotate, currentAnnotations, parseTags } from '../background/annotate.js';
import { storageGet } from '../background/browser.js';
import { buildBody } from '../background/message.js';
import { enqueue, readLists } from '../background/queue.js';
import { retryQueue } from '../background/retry.js';
import { saveSettings } from '../background/settings.js';
import { installFakeBrowser } from './fake-browser.js';
import { FakeServer } from './fake-server.js';

const CAPTURE = {
  id: '6f1c2a4e-1d2b-4c3d-8e4f-5a6b7c8d9e0f',
  text: 'Innovation has to become a distributed activity',
  url: 'https://example.org/article',
  title: null,
  context: null,
  createdAt: new Date(Date.now() - 3_600_000).toISOString(),
};

let server;
beforeEach(async () => {
  installFakeBrowser();
  server = new FakeServer().install();
  await saveSettings({ serverUrl: server.origin, token: server.token });
});

test('parseTags lower-cases, trims, drops empties and repeats', () => {
  assert.deepEqual(parseTags(' Work, ideas,,work , IDEAS '), ['work', 'ideas']);
  assert.deepEqual(parseTags(''), []);
});

test('a capture still queued takes the tags and note along; its body carries them', async () => {
  await enqueue(CAPTURE, '');
  const answer = await annotate(CAPTURE.id, { tags: ['a', 'b'], note: 'mine' });
  assert.equal(answer.state, 'queued');
  assert.equal(server.patches.length, 0);
  const [entry] = (await readLists()).queue;
  assert.deepEqual([entry.tags, entry.note], [['a', 'b'], 'mine']);
  const body = JSON.parse(buildBody(entry, ''));
  assert.deepEqual([body.tags, body.note], [['a', 'b'], 'mine']);
  assert.deepEqual(await currentAnnotations(CAPTURE.id), { tags: ['a', 'b'], note: 'mine', where: 'queued' });

  await retryQueue();
  assert.deepEqual(server.posts.at(-1).tags, ['a', 'b']);
  assert.equal(server.quotes.get(CAPTURE.id).note, 'mine');
});

test('a delivered quote is patched at once', async () => {
  server.capture({ ...CAPTURE });
  const answer = await annotate(CAPTURE.id, { tags: ['x'], note: '' });
  assert.equal(answer.state, 'saved');
  assert.deepEqual(server.patches, [{ id: CAPTURE.id, tags: ['x'], note: '' }]);
  assert.deepEqual((await storageGet('edits')).edits, []);
});

test('with the server away the edit waits and the next retry run sends it', async () => {
  server.capture({ ...CAPTURE });
  server.down = true;
  const answer = await annotate(CAPTURE.id, { tags: ['later'], note: 'n' });
  assert.equal(answer.state, 'waiting');
  assert.match(answer.message, /server not reachable: kept, sent with the next retry/);
  assert.deepEqual(await currentAnnotations(CAPTURE.id), { tags: ['later'], note: 'n', where: 'waiting' });

  await retryQueue(); // still away: kept
  assert.equal((await storageGet('edits')).edits.length, 1);
  server.down = false;
  await retryQueue();
  assert.deepEqual(server.patches, [{ id: CAPTURE.id, tags: ['later'], note: 'n' }]);
  assert.deepEqual((await storageGet('edits')).edits, []);
  assert.deepEqual(await currentAnnotations(CAPTURE.id), { tags: ['later'], note: 'n', where: 'server' });
});

test('an edit the server refuses is an error for the user, and nothing waits', async () => {
  await assert.rejects(annotate('no-such-quote', { tags: ['x'], note: '' }), /refused the tags or note: no such quote/);
  assert.equal((await storageGet('edits')).edits, undefined);
});
