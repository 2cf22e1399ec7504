// Popup: a search box that opens the search page, tags and a note for the latest save, the
// quotes saved from the page in the tab, and the last few saves.

import { activeTab, getTab, openOptionsPage, openTab } from '../background/browser.js';
import { readLists } from '../background/queue.js';
import { readRecent } from '../background/recent.js';
import { loadSettings, searchPageUrl } from '../background/settings.js';
import { el, snippet, when } from '../ui/dom.js';
import { showJustSaved } from './annotate.js';
import { showPageQuotes } from './page.js';

const $ = (id) => document.getElementById(id);
const SHOWN = 5;

function recentItem(item) {
  const link = el('a', { href: item.url, target: '_blank', rel: 'noopener' }, snippet(item.text, 110));
  return el('li', {}, link, el('div', { class: 'meta' }, `${item.label} · ${when(item.savedAt)}`));
}

async function open(url) {
  await openTab(url);
  window.close();
}

/**
 * The tab the popup is about: the active one, or the one named by ?tab=ID (the popup opened as
 * a page of its own, as the end-to-end tests do; a click on the toolbar button never adds it).
 */
async function targetTab() {
  const named = Number(new URLSearchParams(location.search).get('tab'));
  return Number.isInteger(named) && named > 0 ? getTab(named) : activeTab();
}

async function start() {
  const [settings, recent, lists] = await Promise.all([loadSettings(), readRecent(), readLists()]);
  const items = recent.slice(0, SHOWN).map(recentItem);
  $('recent').replaceChildren(...(items.length ? items : [el('li', { class: 'empty' }, 'Nothing saved yet.')]));
  const waiting = lists.queue.length + lists.failed.length;
  $('waiting').hidden = waiting === 0;
  $('waiting').textContent = `${waiting} not delivered yet: see Options.`;
  $('search').addEventListener('submit', (event) => {
    event.preventDefault();
    open(searchPageUrl(settings.serverUrl, $('q').value)).catch(showError);
  });
  $('open-search').addEventListener('click', () => open(searchPageUrl(settings.serverUrl, '')).catch(showError));
  $('open-options').addEventListener('click', () => openOptionsPage().then(() => window.close(), showError));
  // Each part shows what it can; one that fails (server away) leaves the others.
  await Promise.all([
    showJustSaved(settings).catch(showError),
    targetTab()
      .then((tab) => showPageQuotes(tab, settings))
      .catch(showError),
  ]);
}

function showError(error) {
  $('status').textContent = error.message;
}

start().catch(showError);
