import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isWebAddress, pageAddress } from '../background/address.js';

test('a Reader View address gives the page it shows', () => {
  const page = 'https://example.org/a b/?x=1&y=%C3%A9#part';
  assert.equal(pageAddress(`about:reader?url=${encodeURIComponent(page)}`), page);
  assert.equal(pageAddress('about:reader?url=http%3A%2F%2F127.0.0.1%3A8000%2Farticle.html'), 'http://127.0.0.1:8000/article.html');
});

test('other addresses pass through as they are', () => {
  for (const url of ['https://example.org/', 'about:blank', 'about:readerx', 'about:reader?url=javascript%3Aalert(1)', 'about:reader?other=1', '', undefined]) {
    assert.equal(pageAddress(url), url);
  }
});

test('only http and https are web addresses', () => {
  assert.deepEqual(['http://a', 'HTTPS://a', 'ftp://a', 'about:reader', null].map(isWebAddress), [true, true, false, false, false]);
});
