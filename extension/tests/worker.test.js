// The service worker's wiring: each browser event reaches the function that does the work.
import assert from 'node:assert/strict';
import { before, beforeEach, test } from 'node:test';
import { COMMAND_ID, MENU_ID, RETRY_ALARM } from '../background/constants.js';
import { sendMessage } from '../background/browser.js';
import { readLists } from '../background/queue.js';
import { saveSettings } from '../background/settings.js';
import { frameResult, installFakeBrowser } from './fake-browser.js';
import { FakeServer } from './fake-server.js';

const TAB = { id: 3, url: 'https://example.org/a', title: 'A', active: true };

// The worker adds its listeners once, when loaded, to the fake installed at that moment.
const fake = installFakeBrowser({ tabs: [TAB], pageResults: () => [frameResult(0, { text: 'from the page', url: TAB.url })] });
let server;

async function until(check, what) {
  const deadline = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

before(async () => {
  await import('../background/worker.js');
});

beforeEach(async () => {
  fake.storage.items.clear();
  fake.notifications.length = 0;
  fake.tabBadges.clear();
  server = new FakeServer().install();
  // The author comes with the 201, so no save is left waiting to look it up after its test.
  Object.assign(server, { instant: true, siteName: 'Example' });
  await saveSettings({ serverUrl: server.origin, token: server.token });
});

test('every event the worker needs has a listener, added when it loads', () => {
  const { chrome } = fake;
  for (const [name, target] of Object.entries({
    onInstalled: chrome.runtime.onInstalled,
    onStartup: chrome.runtime.onStartup,
    onMessage: chrome.runtime.onMessage,
    onClicked: chrome.contextMenus.onClicked,
    onCommand: chrome.commands.onCommand,
    onAlarm: chrome.alarms.onAlarm,
    notificationClicked: chrome.notifications.onClicked,
    tabUpdated: chrome.tabs.onUpdated,
  })) {
    assert.equal(target.listeners.length, 1, name);
  }
  assert.deepEqual(Object.keys(globalThis.quotebank).sort(), [
    'readLists',
    'refreshBadge',
    'refreshPageBadge',
    'retryQueue',
    'saveSelection',
  ]);
});

test('on install: the "Save quote" menu on selections, the retry alarm, and the options page', async () => {
  fake.chrome.runtime.onInstalled.fire({ reason: 'install' });
  await until(() => fake.optionsOpened === 1, 'the options page');
  assert.deepEqual(fake.menus, [{ id: MENU_ID, title: 'Save quote', contexts: ['selection'] }]);
  assert.deepEqual(fake.alarms.get(RETRY_ALARM), { periodInMinutes: 1 });
  // An update installs the menu again without a duplicate-id error, and sends what waited.
  server.down = true;
  await globalThis.quotebank.saveSelection(TAB.id);
  server.down = false;
  fake.chrome.runtime.onInstalled.fire({ reason: 'update' });
  await until(async () => (await readLists()).queue.length === 0, 'the retry after update');
  assert.equal(fake.menus.length, 1);
  assert.equal(fake.optionsOpened, 1);
});

test('the context menu saves with the frame and selection it reports', async () => {
  fake.chrome.contextMenus.onClicked.fire(
    { menuItemId: MENU_ID, frameId: 0, selectionText: 'from the menu', pageUrl: TAB.url },
    { id: TAB.id },
  );
  await until(() => server.posts.length === 1, 'the post');
  assert.equal(server.posts[0].text, 'from the page');
  assert.deepEqual(fake.scriptCalls.at(-1).target, { tabId: TAB.id, frameIds: [0] });
  // Another extension's menu item is not ours.
  fake.chrome.contextMenus.onClicked.fire({ menuItemId: 'other' }, { id: TAB.id });
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(server.posts.length, 1);
});

test('the keyboard shortcut saves the selection of the tab it names, or of the active tab', async () => {
  fake.chrome.commands.onCommand.fire(COMMAND_ID, { id: TAB.id });
  await until(() => server.posts.length === 1, 'the first post');
  fake.chrome.commands.onCommand.fire(COMMAND_ID, undefined);
  await until(() => server.posts.length === 2, 'the second post');
  assert.equal(fake.scriptCalls.at(-1).target.tabId, TAB.id);
});

test('the alarm and browser start retry the queue', async () => {
  server.down = true;
  await globalThis.quotebank.saveSelection(TAB.id);
  server.down = false;
  fake.chrome.alarms.onAlarm.fire({ name: 'someone-else' });
  fake.chrome.alarms.onAlarm.fire({ name: RETRY_ALARM });
  await until(async () => (await readLists()).queue.length === 0, 'the alarm retry');
  assert.equal(server.quotes.size, 1);

  server.down = true;
  await globalThis.quotebank.saveSelection(TAB.id);
  server.down = false;
  fake.alarms.clear();
  fake.chrome.runtime.onStartup.fire();
  await until(async () => (await readLists()).queue.length === 0, 'the start-up retry');
  assert.deepEqual(fake.alarms.get(RETRY_ALARM), { periodInMinutes: 1 });
  // Both captures reached the server (the second one, the same text, as a duplicate).
  assert.equal(new Set(server.posts.map((post) => post.id)).size, 2);
});

test('clicking a problem notification opens the options page', async () => {
  const opened = fake.optionsOpened;
  fake.chrome.notifications.onClicked.fire('quotebank-saved-x');
  fake.chrome.notifications.onClicked.fire('quotebank-problem-x');
  await until(() => fake.optionsOpened === opened + 1, 'the options page');
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(fake.optionsOpened, opened + 1);
});

test('pages talk to the worker by message; other extensions are ignored', async () => {
  const summary = await sendMessage({ type: 'retry' });
  assert.deepEqual([summary.delivered, summary.waiting], [0, 0]);
  await assert.rejects(sendMessage({ type: 'nonsense' }), /unknown request/);
  const [listener] = fake.chrome.runtime.onMessage.listeners;
  assert.equal(listener({ type: 'retry' }, { id: 'another-extension' }, () => {}), false);
});

test('a page that finished loading gets the count of quotes saved from it on its badge', async () => {
  server.capture({ id: 'q1', text: 'one', url: TAB.url });
  server.capture({ id: 'q2', text: 'two', url: TAB.url });
  fake.chrome.tabs.onUpdated.fire(TAB.id, { status: 'loading' }, TAB);
  fake.chrome.tabs.onUpdated.fire(TAB.id, { status: 'complete' }, TAB);
  await until(() => fake.tabBadges.get(TAB.id)?.title, 'the tab badge');
  assert.deepEqual(fake.tabBadges.get(TAB.id), {
    text: '2',
    color: '#2f5d9e',
    title: 'quotebank: 2 quotes saved from this page',
  });
  // Without the address (no permission to see it) nothing is asked.
  const asked = server.attempted.length;
  fake.chrome.tabs.onUpdated.fire(9, { status: 'complete' }, { id: 9 });
  assert.equal(server.attempted.length, asked);
});
