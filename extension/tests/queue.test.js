import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import {
  dismiss,
  enqueue,
  forget,
  loadHtml,
  markFailed,
  noteAttempt,
  readLists,
  requeueFailed,
} from '../background/queue.js';
import { installFakeBrowser } from './fake-browser.js';

let fake;
beforeEach(() => {
  fake = installFakeBrowser();
});

const capture = (id, text = `quote ${id}`) => ({
  id,
  text,
  url: 'https://example.org/',
  title: null,
  context: null,
  createdAt: '2026-03-01T10:00:00.000Z',
});

test('enqueue keeps the capture and its HTML apart, so listing never loads pages', async () => {
  await enqueue(capture('a'), '<html>A</html>');
  const { queue, failed } = await readLists();
  assert.deepEqual(queue.map((entry) => [entry.id, entry.attempts, entry.lastError]), [['a', 0, null]]);
  assert.deepEqual(failed, []);
  assert.equal(JSON.stringify(queue).includes('<html>'), false);
  assert.equal(await loadHtml('a'), '<html>A</html>');
});

test('enqueueing the same id again replaces it instead of doubling it', async () => {
  await enqueue(capture('a'), '');
  await enqueue(capture('a', 'edited'), '');
  const { queue } = await readLists();
  assert.deepEqual(queue.map((entry) => entry.text), ['edited']);
});

test('noteAttempt counts tries and keeps the reason', async () => {
  await enqueue(capture('a'), '');
  await noteAttempt('a', 'server not reachable', new Date('2026-03-01T10:01:00Z'));
  await noteAttempt('a', 'token wrong', new Date('2026-03-01T10:02:00Z'));
  const [entry] = (await readLists()).queue;
  assert.deepEqual([entry.attempts, entry.lastError, entry.lastTriedAt], [2, 'token wrong', '2026-03-01T10:02:00.000Z']);
});

test('forget drops the capture and its HTML', async () => {
  await enqueue(capture('a'), '<html>A</html>');
  await enqueue(capture('b'), '<html>B</html>');
  await forget('a');
  assert.deepEqual((await readLists()).queue.map((entry) => entry.id), ['b']);
  assert.equal(fake.storage.items.has('html:a'), false);
  assert.equal(await loadHtml('b'), '<html>B</html>');
});

test('markFailed moves a capture to the failed list, keeping its HTML for a retry', async () => {
  await enqueue(capture('a'), '<html>A</html>');
  await enqueue(capture('b'), '');
  await markFailed('a', 'text: is required (HTTP 400)');
  const { queue, failed } = await readLists();
  assert.deepEqual(queue.map((entry) => entry.id), ['b']);
  assert.deepEqual(failed.map((entry) => [entry.id, entry.lastError, entry.attempts]), [['a', 'text: is required (HTTP 400)', 1]]);
  assert.equal(await loadHtml('a'), '<html>A</html>');
});

test('requeueFailed puts one failed capture, or all, back in the queue', async () => {
  for (const id of ['a', 'b', 'c']) {
    await enqueue(capture(id), '');
    await markFailed(id, 'refused');
  }
  await requeueFailed('b');
  let lists = await readLists();
  assert.deepEqual([lists.queue.map((e) => e.id), lists.failed.map((e) => e.id)], [['b'], ['a', 'c']]);
  await requeueFailed();
  lists = await readLists();
  assert.deepEqual([lists.queue.map((e) => e.id), lists.failed], [['b', 'a', 'c'], []]);
});

test('dismiss forgets a failed capture and its HTML, and nothing else', async () => {
  await enqueue(capture('a'), '<html>A</html>');
  await enqueue(capture('b'), '<html>B</html>');
  await markFailed('a', 'refused');
  await dismiss('a');
  await dismiss('b'); // only failed ones can be dismissed: b waits in the queue and stays
  const { queue, failed } = await readLists();
  assert.deepEqual([queue.map((e) => e.id), failed], [['b'], []]);
  assert.equal(fake.storage.items.has('html:a'), false);
  assert.equal(await loadHtml('b'), '<html>B</html>');
});

test('changes made at the same moment are all kept (the state lock)', async () => {
  await Promise.all(['a', 'b', 'c', 'd', 'e'].map((id) => enqueue(capture(id), '')));
  await Promise.all([noteAttempt('a', 'x'), markFailed('b', 'y'), forget('c'), noteAttempt('d', 'z')]);
  const { queue, failed } = await readLists();
  assert.deepEqual(queue.map((e) => [e.id, e.attempts]), [['a', 1], ['d', 1], ['e', 0]]);
  assert.deepEqual(failed.map((e) => e.id), ['b']);
});
