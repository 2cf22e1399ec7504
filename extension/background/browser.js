// The one module that touches the browser's extension API. Everything else imports these
// functions, so unit tests can install a fake `chrome` object and exercise the real code.
// The API object is looked up on every call (not cached) because tests swap it between cases
// and Firefox offers `browser` where Chrome offers `chrome`.

function api() {
  const found = globalThis.browser ?? globalThis.chrome;
  if (!found) throw new Error('no extension API in this context');
  return found;
}

// --- storage -------------------------------------------------------------------------------

/** @returns {Promise<Record<string, unknown>>} */
export function storageGet(keys) {
  return api().storage.local.get(keys);
}

export function storageSet(items) {
  return api().storage.local.set(items);
}

export function storageRemove(keys) {
  return api().storage.local.remove(keys);
}

export function onStorageChanged(listener) {
  api().storage.onChanged.addListener((changes, area) => {
    if (area === 'local') listener(changes);
  });
}

/** Run `task` while holding the named Web Lock (shared by the worker and extension pages). */
export function withLock(name, task) {
  return globalThis.navigator.locks.request(name, task);
}

// --- toolbar badge and notifications ---------------------------------------------------------

export async function setBadge(text, color) {
  const action = api().action;
  if (color) await action.setBadgeBackgroundColor({ color });
  await action.setBadgeText({ text });
}

export function getBadgeText() {
  return api().action.getBadgeText({});
}

/** The badge and tooltip of one tab; `text` null goes back to the badge every tab shares. */
export async function setTabBadge(tabId, text, color, title) {
  const action = api().action;
  if (color && text) await action.setBadgeBackgroundColor({ tabId, color });
  await action.setBadgeText({ tabId, text });
  await action.setTitle({ tabId, title: title ?? null });
}

export function notify(id, title, message) {
  return api().notifications.create(id, {
    type: 'basic',
    iconUrl: extensionUrl('icons/icon-128.png'),
    title,
    message,
  });
}

export function onNotificationClicked(listener) {
  api().notifications.onClicked.addListener(listener);
}

// --- tabs and page scripting -----------------------------------------------------------------

/**
 * Run `func(...args)` in a tab. `frameId` picks one frame; without it every frame runs it.
 * @returns {Promise<Array<{frameId: number, result: unknown}>>}
 */
export function runInTab(tabId, frameId, func, args) {
  const target =
    frameId === undefined || frameId === null ? { tabId, allFrames: true } : { tabId, frameIds: [frameId] };
  return api().scripting.executeScript({ target, func, args });
}

/** Add a style sheet to a tab's page (as the extension: the page's CSP does not apply). */
export function insertCss(tabId, css) {
  return api().scripting.insertCSS({ target: { tabId }, css });
}

export function onTabUpdated(listener) {
  api().tabs.onUpdated.addListener(listener);
}

export function allTabs() {
  return api().tabs.query({});
}

export function getTab(tabId) {
  return api().tabs.get(tabId);
}

export async function activeTab() {
  const [tab] = await api().tabs.query({ active: true, lastFocusedWindow: true });
  return tab ?? null;
}

export function openTab(url) {
  return api().tabs.create({ url });
}

export function openOptionsPage() {
  return api().runtime.openOptionsPage();
}

export function extensionUrl(path) {
  return api().runtime.getURL(path);
}

// --- menus, commands, alarms, lifecycle --------------------------------------------------------

export function createContextMenu(properties) {
  const menus = api().contextMenus;
  // removeAll first: onInstalled also fires on update, and a duplicate id is an error.
  return menus.removeAll().then(() => menus.create(properties));
}

export function onContextMenuClicked(listener) {
  api().contextMenus.onClicked.addListener(listener);
}

export function onCommand(listener) {
  api().commands.onCommand.addListener(listener);
}

export function createAlarm(name, info) {
  return api().alarms.create(name, info);
}

export function onAlarm(listener) {
  api().alarms.onAlarm.addListener(listener);
}

export function onInstalled(listener) {
  api().runtime.onInstalled.addListener(listener);
}

export function onStartup(listener) {
  api().runtime.onStartup.addListener(listener);
}

// --- messages between the pages and the worker ------------------------------------------------

/** Answer messages from our own pages with `handler(message)`'s promised result. */
export function onMessage(handler) {
  const runtime = api().runtime;
  runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== runtime.id) return false;
    handler(message).then(
      (result) => sendResponse({ ok: true, result }),
      (error) => sendResponse({ ok: false, error: String(error?.message ?? error) }),
    );
    return true; // keeps the channel open for the asynchronous answer (Chrome needs this)
  });
}

export async function sendMessage(message) {
  const answer = await api().runtime.sendMessage(message);
  if (!answer?.ok) throw new Error(answer?.error ?? 'no answer from the background worker');
  return answer.result;
}

// --- permissions -------------------------------------------------------------------------------

export function requestOrigins(origins) {
  return api().permissions.request({ origins });
}

export function hasOrigins(origins) {
  return api().permissions.contains({ origins });
}

/** API permissions (not hosts) the manifest lists as optional, e.g. "tabs". */
export function requestPermissions(permissions) {
  return api().permissions.request({ permissions });
}

export function hasPermissions(permissions) {
  return api().permissions.contains({ permissions });
}

export function removePermissions(permissions) {
  return api().permissions.remove({ permissions });
}
