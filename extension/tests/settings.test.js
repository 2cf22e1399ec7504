import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { DEFAULT_SERVER_URL } from '../background/constants.js';
import {
  loadSettings,
  normaliseServerUrl,
  originPattern,
  saveSettings,
  searchPageUrl,
} from '../background/settings.js';
import { installFakeBrowser } from './fake-browser.js';

let fake;
beforeEach(() => {
  fake = installFakeBrowser();
});

test('the default server is the loopback address and port of quotebank serve', async () => {
  assert.equal(DEFAULT_SERVER_URL, 'http://127.0.0.1:8765');
  assert.deepEqual(await loadSettings(), { serverUrl: DEFAULT_SERVER_URL, token: '' });
});

test('addresses are tidied the way a user would expect', () => {
  assert.equal(normaliseServerUrl(' http://127.0.0.1:9000/ '), 'http://127.0.0.1:9000');
  assert.equal(normaliseServerUrl('localhost:8765'), 'http://localhost:8765');
  assert.equal(normaliseServerUrl(''), DEFAULT_SERVER_URL);
  assert.equal(normaliseServerUrl('https://quotes.example/base/'), 'https://quotes.example/base');
});

test('addresses that cannot work are refused with a reason', () => {
  assert.throws(() => normaliseServerUrl('ftp://127.0.0.1'), /http:\/\/ or https:\/\//);
  assert.throws(() => normaliseServerUrl('http://user:pw@127.0.0.1:8765'), /user name/);
  assert.throws(() => normaliseServerUrl('http://exa mple'), /not an address/);
});

test('settings are stored in storage.local, trimmed', async () => {
  await saveSettings({ serverUrl: '127.0.0.1:9999/', token: '  tok  ' });
  assert.deepEqual(fake.storage.items.get('settings'), { serverUrl: 'http://127.0.0.1:9999', token: 'tok' });
  assert.deepEqual(await loadSettings(), { serverUrl: 'http://127.0.0.1:9999', token: 'tok' });
});

test('the permission pattern covers every port of the host', () => {
  assert.equal(originPattern('http://127.0.0.1:8765'), 'http://127.0.0.1/*');
  assert.equal(originPattern('https://quotes.example/base'), 'https://quotes.example/*');
});

test('the search page gets the query as ?q=', () => {
  assert.equal(searchPageUrl('http://127.0.0.1:8765', '  "open source" author:doe '), 'http://127.0.0.1:8765/?q=%22open%20source%22%20author%3Adoe');
  assert.equal(searchPageUrl('http://127.0.0.1:8765', '   '), 'http://127.0.0.1:8765/');
});
