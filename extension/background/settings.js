// The server address and token, kept in chrome.storage.local (never synced: the token is a secret).

import { storageGet, storageSet } from './browser.js';
import { DEFAULT_SERVER_URL, STORAGE_KEYS } from './constants.js';

/** @typedef {{serverUrl: string, token: string}} Settings */

/**
 * Check and tidy an address typed by the user: http(s), no path, no trailing slash.
 * @throws {Error} with a message fit to show the user
 */
export function normaliseServerUrl(input) {
  const text = String(input ?? '').trim() || DEFAULT_SERVER_URL;
  let url;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    throw new Error(`"${text}" is not an address: use something like ${DEFAULT_SERVER_URL}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`the address must start with http:// or https:// (got ${url.protocol})`);
  }
  if (url.username || url.password) throw new Error('the address must not contain a user name');
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.origin}${path}`;
}

/** The host-permission pattern that lets the extension reach `serverUrl` (any port). */
export function originPattern(serverUrl) {
  const url = new URL(serverUrl);
  return `${url.protocol}//${url.hostname}/*`;
}

/** @returns {Promise<Settings>} */
export async function loadSettings() {
  const stored = (await storageGet(STORAGE_KEYS.settings))[STORAGE_KEYS.settings] ?? {};
  return {
    serverUrl: stored.serverUrl || DEFAULT_SERVER_URL,
    token: stored.token || '',
  };
}

/** @returns {Promise<Settings>} what was stored, after normalising */
export async function saveSettings({ serverUrl, token }) {
  const settings = { serverUrl: normaliseServerUrl(serverUrl), token: String(token ?? '').trim() };
  await storageSet({ [STORAGE_KEYS.settings]: settings });
  return settings;
}

/** The search page for `query` (the page reads ?q=); the bare page when the query is blank. */
export function searchPageUrl(serverUrl, query = '') {
  const trimmed = String(query).trim();
  return trimmed ? `${serverUrl}/?q=${encodeURIComponent(trimmed)}` : `${serverUrl}/`;
}
