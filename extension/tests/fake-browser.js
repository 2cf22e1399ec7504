// A fake of the parts of the extension API that background/browser.js uses, kept in plain
// objects the tests can read. Each test installs a fresh one with installFakeBrowser().

function event() {
  const listeners = [];
  return {
    listeners,
    addListener: (listener) => listeners.push(listener),
    /** Call every listener as the browser would; returns what they returned. */
    fire: (...args) => listeners.map((listener) => listener(...args)),
  };
}

// What chrome.storage hands back is a copy, never the stored object itself.
const copy = (value) => structuredClone(value);

function fakeStorage(onChanged) {
  const items = new Map();
  const pick = (keys) => {
    if (keys === null || keys === undefined) return [...items.keys()];
    return Array.isArray(keys) ? keys : [keys];
  };
  return {
    items,
    async get(keys) {
      const found = {};
      for (const key of pick(keys)) if (items.has(key)) found[key] = copy(items.get(key));
      return found;
    },
    async set(values) {
      const changes = {};
      for (const [key, value] of Object.entries(values)) {
        changes[key] = { oldValue: items.get(key), newValue: copy(value) };
        items.set(key, copy(value));
      }
      onChanged.fire(changes, 'local');
    },
    async remove(keys) {
      for (const key of pick(keys)) items.delete(key);
    },
  };
}

/** Web Locks: one queue per name, as navigator.locks gives the worker and the pages. */
function fakeLocks() {
  const tails = new Map();
  return {
    request(name, task) {
      const previous = tails.get(name) ?? Promise.resolve();
      const run = previous.then(() => task());
      tails.set(
        name,
        run.catch(() => {}),
      );
      return run;
    },
  };
}

/**
 * Install a fake `chrome` (and navigator.locks) on globalThis.
 * @param {{tabs?: object[], pageResults?: Function}} setup
 *   pageResults(target, func, args) answers scripting.executeScript; throw to refuse scripting
 */
export function installFakeBrowser({ tabs = [], pageResults } = {}) {
  const onChanged = event();
  const fake = {
    badge: { text: '', color: null },
    tabBadges: new Map(), // tabId -> {text, color, title}: what a tab shows instead of the badge
    notifications: [],
    openedTabs: [],
    optionsOpened: 0,
    alarms: new Map(),
    menus: [],
    scriptCalls: [],
    insertedCss: [],
    grantedPermissions: new Set(), // optional API permissions the "user" allowed
    allowPermissions: true, // what the user answers to a permission prompt
    tabs: new Map(tabs.map((tab) => [tab.id, tab])),
    granted: new Set(['http://127.0.0.1/*', 'http://localhost/*']),
    pageResults:
      pageResults ??
      (() => {
        throw new Error('Cannot access contents of the page.');
      }),
  };
  const runtime = {
    id: 'fake-extension-id',
    onInstalled: event(),
    onStartup: event(),
    onMessage: event(),
    getURL: (path) => `chrome-extension://fake-extension-id/${path}`,
    openOptionsPage: async () => {
      fake.optionsOpened += 1;
    },
    async sendMessage(message) {
      // Delivered to the worker's listener as Chrome does: sendResponse, or a returned promise.
      return new Promise((resolve) => {
        const answers = runtime.onMessage.fire(message, { id: runtime.id }, resolve);
        if (!answers.includes(true)) resolve(undefined);
      });
    },
  };
  fake.storage = fakeStorage(onChanged);
  fake.chrome = {
    runtime,
    storage: { local: fake.storage, onChanged },
    action: {
      setBadgeText: async ({ tabId, text }) => {
        if (tabId === undefined) fake.badge.text = text;
        else if (text === null) fake.tabBadges.delete(tabId);
        else fake.tabBadges.set(tabId, { ...fake.tabBadges.get(tabId), text });
      },
      setBadgeBackgroundColor: async ({ tabId, color }) => {
        if (tabId === undefined) fake.badge.color = color;
        else fake.tabBadges.set(tabId, { ...fake.tabBadges.get(tabId), color });
      },
      setTitle: async ({ tabId, title }) => {
        if (fake.tabBadges.has(tabId)) fake.tabBadges.set(tabId, { ...fake.tabBadges.get(tabId), title });
      },
      getBadgeText: async () => fake.badge.text,
    },
    notifications: {
      create: async (id, options) => {
        fake.notifications.push({ id, ...options });
        return id;
      },
      onClicked: event(),
    },
    scripting: {
      executeScript: async ({ target, func, args }) => {
        fake.scriptCalls.push({ target, func, args });
        return fake.pageResults(target, func, args);
      },
      insertCSS: async ({ target, css }) => {
        fake.insertedCss.push({ target, css });
      },
    },
    tabs: {
      get: async (id) => {
        if (!fake.tabs.has(id)) throw new Error(`No tab with id: ${id}.`);
        return copy(fake.tabs.get(id));
      },
      query: async (filter = {}) =>
        [...fake.tabs.values()].filter((tab) => !filter.active || tab.active).map(copy),
      onUpdated: event(),
      create: async ({ url }) => {
        fake.openedTabs.push(url);
        return { id: 1000 + fake.openedTabs.length, url };
      },
    },
    contextMenus: {
      removeAll: async () => {
        fake.menus.length = 0;
      },
      create: (properties) => {
        if (fake.menus.some((menu) => menu.id === properties.id)) throw new Error('duplicate id');
        fake.menus.push(properties);
        return properties.id;
      },
      onClicked: event(),
    },
    commands: { onCommand: event() },
    alarms: {
      create: async (name, info) => {
        fake.alarms.set(name, info);
      },
      onAlarm: event(),
    },
    permissions: {
      request: async ({ origins = [], permissions = [] }) => {
        if (permissions.length && fake.allowPermissions) permissions.forEach((name) => fake.grantedPermissions.add(name));
        return (
          origins.every((origin) => fake.granted.has(origin)) &&
          permissions.every((name) => fake.grantedPermissions.has(name))
        );
      },
      contains: async ({ origins = [], permissions = [] }) =>
        origins.every((origin) => fake.granted.has(origin)) &&
        permissions.every((name) => fake.grantedPermissions.has(name)),
      remove: async ({ permissions = [] }) => {
        permissions.forEach((name) => fake.grantedPermissions.delete(name));
        return true;
      },
    },
  };
  delete globalThis.browser;
  globalThis.chrome = fake.chrome;
  // Node 20 has no navigator; Node 21+ has one without locks.
  if (!globalThis.navigator) {
    Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true });
  }
  Object.defineProperty(globalThis.navigator, 'locks', { value: fakeLocks(), configurable: true });
  return fake;
}

/** What probePage would answer for one frame, for fake pageResults. */
export function frameResult(frameId, reading) {
  return {
    frameId,
    result: {
      text: '',
      block: '',
      url: 'https://example.org/article',
      title: 'An article',
      html: '<html><body><p>page</p></body></html>',
      focused: frameId === 0,
      ...reading,
    },
  };
}
