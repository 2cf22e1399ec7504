// Search as you type, filters, the result count, and more results as the user scrolls.
//
// Requests never pile up: at most one search is in flight; input that arrives meanwhile is
// searched as soon as it returns, and an answer for words the user has since changed is dropped
// rather than shown. So results follow typing as fast as the server answers, with no fixed
// debounce to wait out: typing faster than the server answers merges keystrokes by itself.
// Pages are 20 quotes; more load when the "Show more" button nears the viewport (or is pressed),
// so 100,000 quotes cost no more than 20 until the user scrolls.

import { api, query } from './api.js';
import { isBeingDeleted } from './delete.js';
import { MAX_PICKED, isPicked, pickAll } from './digest.js';
import { renderQuote } from './render.js';
import { notify, notifyError } from './toast.js';

const PAGE = 20;
const SPINNER_AFTER_MS = 250;
// A query is often invalid only half-typed (a lone ", a trailing -): its error waits for a pause
// in typing, and the previous results stay meanwhile.
const QUERY_ERROR_AFTER_MS = 700;
const FILTERS = ['tag', 'site', 'author', 'since', 'until'];
const numbers = new Intl.NumberFormat();

const form = document.getElementById('search-form');
const box = document.getElementById('q');
const fields = Object.fromEntries([...FILTERS, 'sort'].map((name) => [name, form.elements[name]]));
const modeSwitch = document.getElementById('search-mode');
const details = document.getElementById('filters');
const filterCount = document.getElementById('filter-count');
const results = document.getElementById('results');
const countLine = document.getElementById('result-count');
const message = document.getElementById('search-message');
const loadMore = document.getElementById('load-more');
const selectAll = document.getElementById('select-all');
const spinner = document.getElementById('search-spinner');

const state = {
  shownKey: null, // the search whose results are on screen
  params: null,
  total: 0,
  fetched: 0, // the offset of the next page
  seen: new Set(), // ids the server returned for the shown search
  removed: 0, // how many of them are deleted (or waiting for their Undo to run out)
  inFlight: false,
  loadingMore: false,
  bankEmpty: false,
  errorTimer: null,
  relatedTo: null, // the quote whose Related list is shown
};

function readParams() {
  const params = { q: box.value.trim() };
  for (const name of FILTERS) params[name] = fields[name].value.trim();
  // Without words there is no relevance to sort by: the newest come first.
  params.sort = params.q ? fields.sort.value : '';
  // Keyword is the default and is left out of the address; meaning needs words to go by.
  const mode = form.elements.mode.value;
  params.mode = params.q && mode !== 'keyword' ? mode : '';
  return params;
}

const keyOf = (params) => JSON.stringify(params);
const hasFilters = (params) => FILTERS.some((name) => params[name]);
const isBrowsing = (params) => !params.q && !hasFilters(params);

const tagOnly = (params) => !params.q && params.tag && FILTERS.every((name) => name === 'tag' || !params[name]);

function request(params, offset, limit = PAGE) {
  // Plain browsing, and a tag alone (the same lower-cased match as the index's), read the newest
  // quotes straight from the database: at 100,000 quotes that takes milliseconds where a
  // filtered scan of the whole index takes a second. Everything else searches the index (the
  // query syntax, site and author as words, the date range).
  if (isBrowsing(params)) return api(`/api/quotes${query({ limit, offset })}`);
  if (tagOnly(params)) return api(`/api/quotes${query({ tag: params.tag, limit, offset })}`);
  // typing=1: the box is searched as it is typed, so its last word may be half a word; the
  // server takes it as a prefix too (whole-word matches first), and results never vanish mid-word.
  return api(`/api/search${query({ ...params, typing: params.q ? 1 : '', limit, offset })}`);
}

function syncAddress(params) {
  const shown = { ...params };
  if (shown.sort === 'relevance') shown.sort = '';
  const address = `/${query(shown)}${location.hash}`;
  if (address !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(null, '', address);
}

function describeCount(params, total) {
  const n = numbers.format(total);
  if (isBrowsing(params)) return total === 1 ? '1 quote' : `${n} quotes, newest first`;
  if (params.mode === 'meaning') {
    return total === 0 ? 'No quote is close in meaning' : `${total === 1 ? '1 quote' : `${n} quotes`} close in meaning, closest first`;
  }
  const verb = total === 0 ? 'No quotes match' : total === 1 ? '1 quote matches' : `${n} quotes match`;
  return params.q ? verb : `${verb} the filters, newest first`;
}

function setMessage(kind, parts) {
  message.className = `message message--${kind}`;
  message.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  message.replaceChildren(...parts);
  message.hidden = parts.length === 0;
}

function paragraph(...children) {
  const p = document.createElement('p');
  p.append(...children);
  return p;
}

function actionButton(label, run) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'button';
  button.textContent = label;
  button.addEventListener('click', run);
  return button;
}

function link(href, text) {
  const anchor = document.createElement('a');
  anchor.href = href;
  anchor.textContent = text;
  return anchor;
}

function showEmpty(params) {
  if (isBrowsing(params) || state.bankEmpty) {
    const strong = document.createElement('strong');
    strong.textContent = 'No quotes yet.';
    setMessage('empty', [
      paragraph(strong, ' Quotes you save in the browser show up here.'),
      paragraph(
        'To start, ',
        link('#connect', 'connect the browser extension'),
        ' (two minutes), then highlight a sentence on any page, right-click it and choose “Save quote”.',
      ),
    ]);
    return;
  }
  const what = params.q ? `No quotes match “${params.q}”` : 'No quotes match these filters';
  const tips = paragraph(
    params.q
      ? 'Try fewer or shorter words, a prefix such as garden*, or OR between alternatives.'
      : 'Try a wider date range or fewer filters.',
  );
  const parts = [paragraph(`${what}${hasFilters(params) && params.q ? ' with these filters' : ''}.`), tips];
  if (hasFilters(params)) parts.push(paragraph(actionButton('Clear the filters', clearFilters)));
  setMessage('empty', parts);
}

function searchByWords() {
  form.elements.mode.value = 'keyword';
  run();
  box.focus();
}

function explainError(error) {
  if (error.status === 400 && error.field === 'mode') {
    return 'Search by meaning takes plain words: choose Words for "phrases", OR, -, * and field:value, or to use the filters.';
  }
  if (error.status === 503 && error.code === 'unavailable') {
    return 'Search by meaning is not available on this server (its model could not be loaded). Words still work.';
  }
  if (error.status === 400 && error.field === 'q') {
    return `This search cannot be run: ${error.message.replace(/^q: /, '')}. Quotes with a ", * or - may need "quotation marks" around them.`;
  }
  if (error.status === 400 && (error.field === 'since' || error.field === 'until')) {
    return `Check the dates: ${error.message.replace(/^\w+: /, '')}.`;
  }
  return error.message;
}

function showError(error) {
  const wordsInstead = error.field === 'mode' || error.code === 'unavailable';
  const action = wordsInstead ? actionButton('Search by words', searchByWords) : actionButton('Try again', () => refresh());
  setMessage('error', [paragraph(explainError(error)), paragraph(action)]);
  countLine.textContent = '';
}

function updateCount() {
  const total = Math.max(0, state.total - state.removed);
  countLine.textContent = total || !isBrowsing(state.params) ? describeCount(state.params, total) : '';
  const more = state.fetched < state.total;
  loadMore.hidden = !more;
  loadMore.textContent = `Show more quotes (${numbers.format(results.childElementCount)} of ${numbers.format(total)} shown)`;
  selectAll.hidden = total === 0;
  selectAll.textContent = total > MAX_PICKED ? `Add the first ${MAX_PICKED} to digest` : 'Add all to digest';
}

function cardsFor(quotes) {
  const cards = [];
  for (const quote of quotes) {
    // Offsets move when quotes are saved meanwhile: never show one twice.
    if (state.seen.has(quote.id)) continue;
    state.seen.add(quote.id);
    if (isBeingDeleted(quote.id)) {
      state.removed += 1;
      continue;
    }
    cards.push(renderQuote(quote, { mode: 'search', picked: isPicked(quote.id) }));
  }
  return cards;
}

function showFirstPage(params, data) {
  state.shownKey = keyOf(params);
  state.params = params;
  state.total = data.total;
  state.fetched = data.results.length;
  state.seen = new Set();
  state.removed = 0;
  results.replaceChildren();
  results.append(...cardsFor(data.results));
  if (data.total === 0) showEmpty(params);
  else setMessage('empty', []);
  updateCount();
  results.dispatchEvent(
    new CustomEvent('quotebank:results', { bubbles: true, detail: { params, total: data.total, shown: results.childElementCount } }),
  );
}

async function run() {
  if (state.inFlight) return; // searched again when the current answer arrives
  const params = readParams();
  const key = keyOf(params);
  if (key === state.shownKey) return;
  clearTimeout(state.errorTimer);
  state.inFlight = true;
  const spinnerTimer = setTimeout(() => {
    spinner.hidden = false;
  }, SPINNER_AFTER_MS);
  results.setAttribute('aria-busy', 'true');
  let data = null;
  let failure = null;
  try {
    data = await request(params, 0);
  } catch (error) {
    failure = error;
  }
  clearTimeout(spinnerTimer);
  spinner.hidden = true;
  results.setAttribute('aria-busy', 'false');
  state.inFlight = false;
  if (keyOf(readParams()) !== key) {
    run(); // the user typed on: this answer is already out of date
    return;
  }
  // The address is updated after the results are drawn: Chrome may take 10 ms over it.
  setTimeout(() => syncAddress(params), 0);
  updateFilterCount();
  if (failure) {
    const show = () => {
      state.shownKey = null;
      state.params = params;
      results.replaceChildren();
      loadMore.hidden = true;
      selectAll.hidden = true;
      showError(failure);
    };
    if (failure.status === 400 && failure.field === 'q') state.errorTimer = setTimeout(show, QUERY_ERROR_AFTER_MS);
    else show();
    return;
  }
  showFirstPage(params, data);
}

export function refresh() {
  state.shownKey = null;
  run();
}

async function loadNextPage() {
  if (state.loadingMore || state.inFlight || state.shownKey === null || state.fetched >= state.total) return;
  state.loadingMore = true;
  const key = state.shownKey;
  loadMore.setAttribute('aria-busy', 'true');
  try {
    const data = await request(state.params, state.fetched);
    if (key !== state.shownKey) return; // a new search replaced the list meanwhile
    state.fetched += data.results.length;
    if (data.results.length === 0) state.fetched = state.total; // the end moved: stop asking
    results.append(...cardsFor(data.results));
    updateCount();
  } catch (error) {
    notifyError(error);
  } finally {
    state.loadingMore = false;
    loadMore.removeAttribute('aria-busy');
  }
}

function updateFilterCount() {
  const active = FILTERS.filter((name) => fields[name].value.trim()).length;
  filterCount.textContent = String(active);
  filterCount.setAttribute('aria-label', `${active} active`);
  filterCount.hidden = active === 0;
}

function clearFilters() {
  for (const name of FILTERS) fields[name].value = '';
  updateFilterCount();
  run();
  box.focus();
}

export function filterByTag(tag) {
  fields.tag.value = tag;
  details.open = true;
  updateFilterCount();
  run();
  notify(`Showing quotes tagged “${tag}”.`);
}

async function addAllToDigest() {
  const params = state.params;
  if (!params) return;
  selectAll.disabled = true;
  try {
    const data = await request(params, 0, MAX_PICKED);
    const added = pickAll(data.results.filter((quote) => !isBeingDeleted(quote.id)));
    const capped = data.total > MAX_PICKED ? ` (a digest holds at most ${MAX_PICKED})` : '';
    notify(`${added === 1 ? '1 quote' : `${numbers.format(added)} quotes`} added to the digest${capped}.`);
  } catch (error) {
    notifyError(error);
  } finally {
    selectAll.disabled = false;
  }
}

// "Related" on a card: the quotes closest in meaning to it, in place of the results, until the
// user searches again (any change to the box, the mode or the filters).
export async function showRelated(quote) {
  try {
    const data = await api(`/api/quotes/${encodeURIComponent(quote.id)}/related${query({ limit: PAGE })}`);
    const params = readParams();
    state.shownKey = `related:${quote.id}`;
    state.relatedTo = quote;
    state.params = params;
    state.total = data.results.length;
    state.fetched = data.results.length;
    state.seen = new Set([quote.id]);
    state.removed = 0;
    results.replaceChildren(...cardsFor(data.results));
    updateCount();
    const first = quote.text.trim().split(/\s+/).slice(0, 8).join(' ');
    countLine.textContent = data.results.length
      ? `${data.results.length === 1 ? '1 quote' : `${numbers.format(data.results.length)} quotes`} closest in meaning to “${first}…”`
      : `No other quote to relate to “${first}…” yet`;
    setMessage('empty', [paragraph(actionButton('Back to the search', () => refresh()))]);
    results.dispatchEvent(new CustomEvent('quotebank:results', { bubbles: true, detail: { related: quote.id, shown: results.childElementCount } }));
  } catch (error) {
    notifyError(error.code === 'unavailable' ? new Error('Related quotes need the meaning model, which this server could not load.') : error);
  }
}

// "Merge into this" on a near-duplicate in the Related list: the quote the list is related to
// is folded into this one (its tags and note join, then it is deleted); back to the search.
export async function mergeInto(keep) {
  const source = state.relatedTo;
  if (!source || !state.shownKey?.startsWith('related:')) return;
  try {
    await api(`/api/quotes/${encodeURIComponent(source.id)}/merge`, { method: 'POST', body: { into: keep.id } });
    notify('Merged: one quote kept, with the tags and notes of both.');
    state.relatedTo = null;
    refresh();
  } catch (error) {
    notifyError(error);
  }
}

export function setBankEmpty(empty) {
  state.bankEmpty = empty;
  if (empty && state.params && state.shownKey !== null && state.total === 0) showEmpty(state.params);
}

export function initSearch() {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    refresh();
  });
  box.addEventListener('input', run);
  for (const name of ['tag', 'site', 'author']) fields[name].addEventListener('input', run);
  for (const name of ['since', 'until', 'sort']) fields[name].addEventListener('change', run);
  modeSwitch.addEventListener('change', run);
  document.getElementById('clear-filters').addEventListener('click', clearFilters);
  loadMore.addEventListener('click', loadNextPage);
  selectAll.addEventListener('click', addAllToDigest);
  // Infinite scroll: fetch the next page shortly before the button comes into view.
  new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) loadNextPage();
  }, { rootMargin: '600px 0px' }).observe(loadMore);

  document.addEventListener('quotebank:quote-removed', (event) => {
    if (!state.seen.has(event.detail.id)) return;
    state.removed += event.detail.removed ? 1 : -1;
    updateCount();
  });
  // "/" anywhere but in a text field jumps to the search box, as on many sites.
  document.addEventListener('keydown', (event) => {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target.closest('input, textarea, select, [contenteditable], dialog[open]')) return;
    event.preventDefault();
    if (location.hash && location.hash !== '#search') location.hash = '#search';
    box.focus();
    box.select();
  });
  updateFilterCount();
  run();
}
