import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { testConnection } from '../background/connection.js';
import { FakeServer } from './fake-server.js';

let server;
beforeEach(() => {
  server = new FakeServer().install();
});

const settings = (overrides = {}) => ({ serverUrl: server.origin, token: server.token, ...overrides });

test('a running server with the right token: connected, with the count', async () => {
  server.capture({ id: 'a', text: 'one', url: 'https://example.org/' });
  const report = await testConnection(settings());
  assert.deepEqual([report.ok, report.problem], [true, 'ok']);
  assert.equal(report.message, 'Connected to quotebank 0.1.0 at http://127.0.0.1:8765: 1 quotes stored.');
});

test('nothing listening: says the server is not running', async () => {
  server.down = true;
  const report = await testConnection(settings());
  assert.deepEqual([report.ok, report.problem], [false, 'unreachable']);
  assert.match(report.message, /^Not running: nothing answers at http:\/\/127\.0\.0\.1:8765/);
  assert.match(report.message, /quotebank serve/);
});

test('the wrong token is named as such', async () => {
  const report = await testConnection(settings({ token: 'nope' }));
  assert.equal(report.problem, 'bad-token');
  assert.match(report.message, /^Wrong token: run "quotebank token"/);
});

test('no token at all asks for one', async () => {
  const report = await testConnection(settings({ token: '' }));
  assert.equal(report.problem, 'no-token');
  assert.match(report.message, /No token yet/);
});

test('something else on that address: wrong address', async () => {
  globalThis.fetch = async () => new Response('<h1>Not Found</h1>', { status: 404, headers: { 'Content-Type': 'text/html' } });
  const report = await testConnection(settings());
  assert.equal(report.problem, 'not-quotebank');
  assert.match(report.message, /^Wrong address: .* not a quotebank server \(HTTP 404\)/);
});

test('a Host the server refuses (403) says to use the loopback address', async () => {
  globalThis.fetch = async () => new Response('{}', { status: 403, headers: { 'Content-Type': 'application/json' } });
  const report = await testConnection(settings({ serverUrl: 'http://my-laptop.local:8765' }));
  assert.equal(report.problem, 'refused');
  assert.match(report.message, /use 127\.0\.0\.1/);
});
