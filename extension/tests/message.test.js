import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BODY_LIMIT_BYTES, HTML_LIMIT_BYTES } from '../background/constants.js';
import { buildBody, makeCapture } from '../background/message.js';

const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const NOW = new Date('2026-03-01T10:00:00Z');

const reading = (overrides = {}) => ({
  text: '  Innovation has to become\n a distributed activity  ',
  block: 'Intro line.\nInnovation has to become a distributed activity, he wrote.\nOutro.',
  url: 'https://gigaom.example/research?utm_source=x',
  title: '  Distributed innovation - Gigaom  ',
  html: '<html><head><title>t</title></head><body><p>x</p></body></html>',
  ...overrides,
});

test('makeCapture builds what is stored and sent, in the contract names', () => {
  const { capture, html } = makeCapture(reading(), ID, NOW);
  assert.deepEqual(capture, {
    id: ID,
    text: 'Innovation has to become a distributed activity',
    url: 'https://gigaom.example/research?utm_source=x',
    title: 'Distributed innovation - Gigaom',
    context: 'Innovation has to become a distributed activity, he wrote.',
    createdAt: '2026-03-01T10:00:00.000Z',
  });
  assert.equal(html, reading().html);
  assert.deepEqual(JSON.parse(buildBody(capture, html)), {
    id: ID,
    text: capture.text,
    url: capture.url,
    title: capture.title,
    context: capture.context,
    created_at: '2026-03-01T10:00:00.000Z',
    html,
  });
});

test('a capture kept from Reader View by an older version is sent with the page address', () => {
  const { capture, html } = makeCapture(reading({ url: 'about:reader?url=https%3A%2F%2Fa.example%2Fp%3Fq%3D1' }), ID, NOW);
  assert.equal(JSON.parse(buildBody(capture, html)).url, 'https://a.example/p?q=1');
});

test('makeCapture gives null when nothing but whitespace is selected', () => {
  assert.equal(makeCapture(reading({ text: ' \n\u00a0' }), ID, NOW), null);
});

test('an untitled page and a selection outside the block send nulls, not guesses', () => {
  const { capture } = makeCapture(reading({ title: '', block: 'unrelated' }), ID, NOW);
  assert.equal(capture.title, null);
  assert.equal(capture.context, null);
});

test('the page HTML is cut so the whole body stays under the server limits', () => {
  const huge = `<html>${'<p>é漢😀"</p>'.repeat(1_400_000)}</html>`; // ~ 24 MB as UTF-8
  const { capture, html } = makeCapture(reading({ html: huge }), ID, NOW);
  assert.ok(html.length < huge.length);
  assert.ok(huge.startsWith(html));
  const body = buildBody(capture, html);
  assert.ok(Buffer.byteLength(body) <= BODY_LIMIT_BYTES);
  assert.ok(Buffer.byteLength(JSON.stringify(html)) - 2 <= HTML_LIMIT_BYTES);
  // Cut near the limit, not far below it.
  assert.ok(Buffer.byteLength(JSON.stringify(html)) - 2 > HTML_LIMIT_BYTES - 16);
});
