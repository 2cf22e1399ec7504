// "Your quotes when you come back": how many quotes were saved from the page in a tab, on that
// tab's badge. Only the page's address is sent (GET /api/quotes?url=), never its content. The
// address is known for a tab the user just used the extension on (activeTab), for loopback
// pages, and for every tab once the user allowed the optional "tabs" permission.

import { isWebAddress, pageAddress } from './address.js';
import { quotesFromPage } from './api.js';
import { getTab, setTabBadge } from './browser.js';
import { BADGE_COLORS } from './constants.js';
import { readLists } from './queue.js';
import { loadSettings } from './settings.js';

/** A tab showing a web page (Firefox's Reader View counts as the page it shows). */
export const isPageTab = (url) => isWebAddress(pageAddress(url));

/**
 * The quotes saved from a page, newest first.
 * @param {import('./settings.js').Settings} settings
 * @param {string[]} urls  the tab's address, and the canonical one the page declares if known
 * @returns {Promise<{ok: boolean, total: number, quotes: any[], message: string}>}
 */
export async function lookUpPage(settings, urls, limit = 50) {
  const addresses = [...new Set(urls.map(pageAddress).filter(isWebAddress))];
  if (addresses.length === 0) return { ok: false, total: 0, quotes: [], message: 'not a web page' };
  if (!settings.token) return { ok: false, total: 0, quotes: [], message: 'no token set yet' };
  const reply = await quotesFromPage(settings, addresses, limit);
  if (reply.status !== 200 || !Array.isArray(reply.data?.results)) {
    const why = reply.status === 0 ? `not reachable (${reply.networkError})` : `HTTP ${reply.status}`;
    return { ok: false, total: 0, quotes: [], message: `could not ask the server: ${why}` };
  }
  return { ok: true, total: reply.data.total, quotes: reply.data.results, message: '' };
}

export const pageTitle = (total) =>
  total === 1 ? 'quotebank: 1 quote saved from this page' : `quotebank: ${total} quotes saved from this page`;

/** Show `total` on the tab's badge; nothing (the shared badge) when 0 or when captures wait. */
export async function showPageCount(tabId, total) {
  const { queue, failed } = await readLists();
  // Captures that wait matter more than a count: the shared badge shows them on every tab.
  if (total <= 0 || queue.length + failed.length > 0) return setTabBadge(tabId, null, null, null);
  return setTabBadge(tabId, total > 99 ? '99+' : String(total), BADGE_COLORS.page, pageTitle(total));
}

/**
 * Look up the page in a tab and show the count on its badge. `url` is the tab's address when the
 * caller has it (tabs.onUpdated), else the tab is read (the address is there only if permitted).
 * @returns {Promise<number|null>} the count shown, null when it could not be looked up
 */
export async function refreshPageBadge(tabId, url = null) {
  let address = url;
  if (!address) {
    try {
      address = (await getTab(tabId)).url;
    } catch (error) {
      console.info(`quotebank: no tab ${tabId} for the page count: ${error.message}`);
      return null;
    }
  }
  if (!isPageTab(address)) return null;
  const found = await lookUpPage(await loadSettings(), [address], 1);
  if (!found.ok) {
    console.info(`quotebank: no page count for tab ${tabId}: ${found.message}`);
    return null;
  }
  await showPageCount(tabId, found.total);
  return found.total;
}
