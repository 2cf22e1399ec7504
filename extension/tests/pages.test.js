import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { BADGE_COLORS } from '../background/constants.js';
import { lookUpPage, refreshPageBadge } from '../background/pages.js';
import { enqueue } from '../background/queue.js';
import { saveSettings } from '../background/settings.js';
import { installFakeBrowser } from './fake-browser.js';
import { FakeServer } from './fake-server.js';

const TAB = { id: 4, url: 'https://example.org/essay', title: 'Essay', active: true };
let fake;
let server;
beforeEach(async () => {
  fake = installFakeBrowser({ tabs: [TAB] });
  server = new FakeServer().install();
  await saveSettings({ serverUrl: server.origin, token: server.token });
});

test('the count of quotes from the page goes on that tab only, with a tooltip', async () => {
  server.capture({ id: 'a', text: 'one', url: TAB.url });
  assert.equal(await refreshPageBadge(TAB.id), 1);
  assert.deepEqual(fake.tabBadges.get(TAB.id), {
    text: '1',
    color: BADGE_COLORS.page,
    title: 'quotebank: 1 quote saved from this page',
  });
  assert.equal(fake.badge.text, '');
});

test('none saved: the tab goes back to the shared badge', async () => {
  fake.tabBadges.set(TAB.id, { text: '3' });
  assert.equal(await refreshPageBadge(TAB.id), 0);
  assert.equal(fake.tabBadges.has(TAB.id), false);
});

test('captures that wait win over the count', async () => {
  server.capture({ id: 'a', text: 'one', url: TAB.url });
  await enqueue({ id: 'w', text: 'waits', url: TAB.url, createdAt: new Date().toISOString() }, '');
  assert.equal(await refreshPageBadge(TAB.id), 1);
  assert.equal(fake.tabBadges.has(TAB.id), false);
});

test('no address, no web address, no token or no server: nothing asked or nothing shown', async () => {
  fake.tabs.set(5, { id: 5 });
  assert.equal(await refreshPageBadge(5), null);
  assert.equal(await refreshPageBadge(TAB.id, 'chrome://settings'), null);
  server.down = true;
  assert.equal(await refreshPageBadge(TAB.id), null);
  assert.deepEqual(await lookUpPage({ serverUrl: server.origin, token: '' }, [TAB.url]), {
    ok: false,
    total: 0,
    quotes: [],
    message: 'no token set yet',
  });
  assert.equal(fake.tabBadges.size, 0);
});

test("Firefox's Reader View counts the quotes of the page it shows", async () => {
  server.capture({ id: 'a', text: 'one', url: TAB.url });
  const reader = `about:reader?url=${encodeURIComponent(TAB.url)}`;
  assert.equal(await refreshPageBadge(TAB.id, reader), 1);
  assert.equal(fake.tabBadges.get(TAB.id).text, '1');
});
