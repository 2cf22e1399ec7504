// Reads the selection out of a tab: the page itself where scripting is allowed, otherwise
// what the context menu told us (chrome:// pages, the PDF viewer, the web store).

import { isWebAddress, pageAddress } from './address.js';
import { getTab, runInTab } from './browser.js';
import { HTML_LIMIT_BYTES } from './constants.js';
import { makeCapture } from './message.js';
import { probePage } from './probe.js';
import { normaliseWhitespace } from './text.js';

/**
 * @typedef {object} MenuHints  what contextMenus.onClicked knows, when it was the trigger
 * @property {number} [frameId]
 * @property {string} [selectionText]
 * @property {string} [pageUrl]
 * @property {string} [frameUrl]
 *
 * @typedef {{capture: import('./message.js').Capture, html: string}} Taken
 * @typedef {{problem: 'nothing-selected'|'page-unreadable'|'sensitive-field'}} NotTaken
 */

/** The frame that holds the selection: focused frames first, then the top frame. */
export function chooseFrame(results) {
  const readings = (results ?? []).filter((entry) => entry?.result);
  const selected = readings.filter((entry) => normaliseWhitespace(entry.result.text));
  const rank = (entry) => (entry.result.focused ? 0 : 2) + (entry.frameId === 0 ? 0 : 1);
  const pool = selected.length > 0 ? selected : readings;
  const [best] = [...pool].sort((a, b) => rank(a) - rank(b));
  return best ? best.result : null;
}

async function readPage(tabId, frameId) {
  try {
    return chooseFrame(await runInTab(tabId, frameId, probePage, [HTML_LIMIT_BYTES]));
  } catch (error) {
    // Expected on pages the browser keeps scripts out of; the menu's hints still work there.
    console.info(`quotebank: cannot script tab ${tabId}: ${error.message}`);
    return null;
  }
}

async function findTab(tabId) {
  if (tabId === null || tabId === undefined || tabId < 0) return null;
  try {
    return await getTab(tabId);
  } catch (error) {
    // Closed in the meantime, or not a tab at all (the menu in a browser panel).
    console.info(`quotebank: no tab ${tabId}: ${error.message}`);
    return null;
  }
}

/** The tab's title, unless it is only the address (what a browser shows for an untitled page). */
function browserTitle(tab) {
  const title = tab?.title ?? '';
  return title && !(tab.url ?? '').includes(title) ? title : '';
}

function readingFromHints(hints, tab) {
  if (!normaliseWhitespace(hints.selectionText)) return null;
  // In the PDF viewer the frame is the viewer's own internal page; the page address is the PDF.
  // In Firefox's Reader View (which extensions cannot script) it is inside the reader's address.
  const candidates = [hints.frameUrl, hints.pageUrl, tab?.url].map(pageAddress);
  const url = candidates.find(isWebAddress) ?? hints.pageUrl ?? tab?.url ?? '';
  return { text: hints.selectionText, block: '', url, title: browserTitle(tab), html: '' };
}

/**
 * Capture the selection in `tabId` (null when the menu gave no tab).
 * @param {MenuHints} hints
 * @returns {Promise<Taken|NotTaken>}
 */
export async function captureFromTab(tabId, hints = {}, newId = () => crypto.randomUUID()) {
  const tab = await findTab(tabId);
  const page = tab ? await readPage(tabId, hints.frameId) : null;
  // A password or card field is never read, not even through what the menu saw selected.
  if (page?.sensitive) return { problem: 'sensitive-field' };
  const reading = page && normaliseWhitespace(page.text) ? page : readingFromHints(hints, tab);
  if (!reading) return { problem: page ? 'nothing-selected' : 'page-unreadable' };
  // A page's title as the browser has it: document.title (what the tab shows), else the tab's.
  if (!normaliseWhitespace(reading.title) && reading.url === tab?.url) reading.title = browserTitle(tab);
  return makeCapture(reading, newId()) ?? { problem: 'nothing-selected' };
}
