import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyDelivery, stopsRetryRun, TOKEN_MESSAGE } from '../background/classify.js';

const ID = 'a3bb189e-8bf9-4888-9912-ace4e6543002';
const SERVER = 'http://127.0.0.1:8765';
const reply = (status, data = null) => ({ status, data, networkError: status ? null : 'Failed to fetch' });
const problem = (status, message) => reply(status, { error: { code: 'x', message } });

test('201 and 200 with our id are delivered', () => {
  for (const status of [200, 201]) {
    const outcome = classifyDelivery(reply(status, { id: ID, author: 'A' }), ID, SERVER);
    assert.equal(outcome.kind, 'delivered');
    assert.deepEqual(outcome.quote, { id: ID, author: 'A' });
  }
});

test('a 2xx that is not our quote means something else answers: keep it', () => {
  const outcome = classifyDelivery(reply(200, '<html>'), ID, SERVER);
  assert.equal(outcome.kind, 'retry');
  assert.equal(outcome.reason, 'not-quotebank');
  assert.ok(stopsRetryRun(outcome));
});

test('no answer at all is retried and named as unreachable', () => {
  const outcome = classifyDelivery(reply(0), ID, SERVER);
  assert.deepEqual([outcome.kind, outcome.reason], ['retry', 'network']);
  assert.match(outcome.message, /not reachable at http:\/\/127\.0\.0\.1:8765/);
  assert.ok(stopsRetryRun(outcome));
});

test('401 is retried and tells the user to fix the token', () => {
  const outcome = classifyDelivery(problem(401, 'missing or wrong token'), ID, SERVER);
  assert.deepEqual([outcome.kind, outcome.reason, outcome.message], ['retry', 'auth', TOKEN_MESSAGE]);
});

test('408, 429 and 503 mean later; the rest of the queue would get the same', () => {
  for (const status of [408, 429, 503]) {
    const outcome = classifyDelivery(reply(status), ID, SERVER);
    assert.deepEqual([outcome.kind, outcome.reason], ['retry', 'busy'], `HTTP ${status}`);
    assert.ok(stopsRetryRun(outcome));
  }
});

test('another 5xx is retried, but does not hold up the captures behind it', () => {
  const outcome = classifyDelivery(problem(500, 'the server failed'), ID, SERVER);
  assert.deepEqual([outcome.kind, outcome.reason], ['retry', 'server-error']);
  assert.match(outcome.message, /the server failed \(HTTP 500\)/);
  assert.equal(stopsRetryRun(outcome), false);
});

test('any other 4xx is refused for good, with the server\'s own message', () => {
  for (const status of [400, 409, 413, 415]) {
    const outcome = classifyDelivery(problem(status, `why ${status}`), ID, SERVER);
    assert.deepEqual([outcome.kind, outcome.reason], ['failed', 'rejected']);
    assert.equal(outcome.message, `why ${status} (HTTP ${status})`);
  }
  assert.equal(classifyDelivery(reply(404), ID, SERVER).message, 'HTTP 404');
});

test('200 with "duplicate": true is delivered as the earlier quote, "Already saved"', () => {
  const earlier = { id: 'f1e2d3c4-0000-4000-8000-000000000001', text: 'q', duplicate: true };
  const outcome = classifyDelivery(reply(200, earlier), ID, SERVER);
  assert.deepEqual([outcome.kind, outcome.reason, outcome.duplicate], ['delivered', 'duplicate', true]);
  assert.equal(outcome.message, 'Already saved');
  assert.equal(outcome.quote.id, earlier.id);
  // A 201 with another id is still not quotebank's answer to this capture.
  assert.equal(classifyDelivery(reply(201, earlier), ID, SERVER).kind, 'retry');
});

test('507 (the disk is full) keeps the capture, says so, and stops the run', () => {
  const outcome = classifyDelivery(problem(507, 'the disk is full'), ID, SERVER);
  assert.deepEqual([outcome.kind, outcome.reason], ['retry', 'disk-full']);
  assert.match(outcome.message, /disk is full: kept here, will retry/);
  assert.ok(stopsRetryRun(outcome));
});
