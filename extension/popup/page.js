// The popup's "From this page": the quotes saved from the page in the tab, with their tags,
// and "Show on page", which highlights them there. Runs only when the user opened the popup,
// so activeTab lets it read the tab's address and its canonical link.

import { insertCss, runInTab } from '../background/browser.js';
import { HIGHLIGHT_CSS, HIGHLIGHT_NAME, highlightQuotes } from '../background/highlight.js';
import { isPageTab, lookUpPage, showPageCount } from '../background/pages.js';
import { el, snippet, when } from '../ui/dom.js';

const $ = (id) => document.getElementById(id);

/** Injected: the canonical address the page declares (link rel=canonical, og:url). */
function declaredAddresses() {
  const link = document.querySelector('link[rel~="canonical" i]');
  const og = document.querySelector('meta[property="og:url" i]');
  return [link?.href, og?.content].filter((url) => typeof url === 'string' && /^https?:\/\//i.test(url));
}

async function canonicalOf(tabId) {
  try {
    const [frame] = await runInTab(tabId, 0, declaredAddresses, []);
    return frame?.result ?? [];
  } catch (error) {
    // A page the browser keeps extensions out of: the tab's own address is still asked about.
    console.info(`quotebank: cannot read the canonical address: ${error.message}`);
    return [];
  }
}

function quoteItem(quote) {
  const tags = (quote.tags ?? []).map((tag) => el('span', { class: 'tag' }, tag));
  return el(
    'li',
    {},
    el('div', {}, snippet(quote.text, 160)),
    tags.length ? el('div', { class: 'tags', 'aria-label': 'Tags' }, ...tags) : '',
    el('div', { class: 'meta' }, `saved ${when(quote.created_at)}`),
  );
}

function say(text) {
  $('page-status').textContent = text;
}

async function showOnPage(tabId, quotes) {
  await insertCss(tabId, HIGHLIGHT_CSS);
  const [frame] = await runInTab(tabId, 0, highlightQuotes, [quotes.map((quote) => quote.text), HIGHLIGHT_NAME]);
  const { found = [], missing = [] } = frame?.result ?? {};
  if (missing.length === 0) say(found.length === 1 ? 'Highlighted on the page.' : `All ${found.length} highlighted on the page.`);
  else if (found.length === 0) say('Not found in the page as it is now (it may have changed).');
  else say(`${found.length} of ${quotes.length} highlighted; ${missing.length} not found in the page as it is now.`);
}

/**
 * Fill "From this page" for `tab`; the section stays hidden when nothing was saved from it.
 * @param {{id: number, url?: string}|null} tab
 * @param {import('../background/settings.js').Settings} settings
 */
export async function showPageQuotes(tab, settings) {
  if (!tab || !isPageTab(tab.url)) return;
  const urls = [tab.url, ...(await canonicalOf(tab.id))];
  const found = await lookUpPage(settings, urls);
  if (!found.ok) {
    console.info(`quotebank: quotes of this page not looked up: ${found.message}`);
    return;
  }
  await showPageCount(tab.id, found.total);
  if (found.total === 0) return;
  $('page-count').textContent = `(${found.total})`;
  $('page-quotes').replaceChildren(...found.quotes.map(quoteItem));
  $('on-page').hidden = false;
  $('show-on-page').addEventListener('click', () =>
    showOnPage(tab.id, found.quotes).catch((error) => say(`Could not show them: ${error.message}`)),
  );
}
