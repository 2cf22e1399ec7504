// The background entry point (a service worker in Chrome, an event page in Firefox). It only
// wires events to the functions that do the work; the browser may stop it at any moment, so it
// keeps nothing in variables: all state is in chrome.storage.

import {
  activeTab,
  createAlarm,
  createContextMenu,
  onAlarm,
  onCommand,
  onContextMenuClicked,
  onInstalled,
  onMessage,
  onNotificationClicked,
  onStartup,
  onTabUpdated,
  openOptionsPage,
} from './browser.js';
import { COMMAND_ID, MENU_ID, RETRY_ALARM } from './constants.js';
import { PROBLEM_PREFIX, refreshBadge } from './feedback.js';
import { handleMessage } from './messages.js';
import { isPageTab, refreshPageBadge } from './pages.js';
import { readLists } from './queue.js';
import { retryQueue } from './retry.js';
import { saveSelection } from './save.js';

/** Event listeners have no caller to report to: log what escaped, so it shows in the console. */
function run(label, task) {
  task().catch((error) => console.error(`quotebank: ${label} failed:`, error));
}

function setUp() {
  return Promise.all([
    createContextMenu({ id: MENU_ID, title: 'Save quote', contexts: ['selection'] }),
    createAlarm(RETRY_ALARM, { periodInMinutes: 1 }),
    refreshBadge(),
  ]);
}

// Listeners are added synchronously at the top level so events that wake the worker reach them.
onInstalled((details) =>
  run('install', async () => {
    await setUp();
    // A new install needs the token; after an update, what waited can go at once.
    if (details.reason === 'install') await openOptionsPage();
    else await retryQueue();
  }),
);

onStartup(() =>
  run('start-up', async () => {
    // Browsers may drop alarms on restart; creating it again with the same name replaces it.
    await createAlarm(RETRY_ALARM, { periodInMinutes: 1 });
    await retryQueue();
  }),
);

onAlarm((alarm) => {
  if (alarm.name === RETRY_ALARM) run('retry', retryQueue);
});

onContextMenuClicked((info, tab) => {
  if (info.menuItemId !== MENU_ID) return;
  const hints = {
    frameId: info.frameId,
    selectionText: info.selectionText,
    pageUrl: info.pageUrl,
    frameUrl: info.frameUrl,
  };
  run('save', () => saveSelection(tab?.id ?? null, hints));
});

onCommand((command, tab) => {
  if (command !== COMMAND_ID) return;
  run('save', async () => saveSelection(tab?.id ?? (await activeTab())?.id ?? null));
});

onNotificationClicked((id) => {
  if (id.startsWith(PROBLEM_PREFIX)) run('open options', openOptionsPage);
});

// A page finished loading: how many quotes were saved from it. The address is only there for
// tabs the extension may see (the optional "tabs" permission, or a page it was just used on).
onTabUpdated((tabId, changeInfo, tab) => {
  if (changeInfo.status === 'complete' && isPageTab(tab?.url)) {
    run('page count', () => refreshPageBadge(tabId, tab.url));
  }
});

onMessage(handleMessage);

// The same functions the menu and the alarm use, for tests and the browser console.
globalThis.quotebank = { saveSelection, retryQueue, readLists, refreshBadge, refreshPageBadge };
