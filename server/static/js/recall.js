// Recall: the quotes that fit the draft the user is writing (POST /api/recall), refreshed as they
// write, each insertable at the cursor with its attribution. The draft is kept in localStorage
// so a reload or a closed tab does not lose the user's writing.

import { api } from './api.js';
import { isBeingDeleted } from './delete.js';
import { quoteAsPost } from './posts.js';
import { renderQuote } from './render.js';

const DELAY_MS = 350; // a pause in typing, not every keystroke
const LIMIT = 10;
const STORAGE_KEY = 'quotebank:draft';

const draft = document.getElementById('draft');
const results = document.getElementById('recall-results');
const status = document.getElementById('recall-status');
let timer = null;
let controller = null;
let lastDraft = null;

function setStatus(text, error = false) {
  status.textContent = text;
  status.classList.toggle('message--error', error);
}

async function refresh() {
  const text = draft.value;
  if (text === lastDraft) return;
  lastDraft = text;
  controller?.abort();
  if (!/[\p{L}\p{N}]{3}/u.test(text)) {
    results.replaceChildren();
    setStatus('Start writing: quotes that fit your draft will appear here.');
    return;
  }
  controller = new AbortController();
  results.setAttribute('aria-busy', 'true');
  try {
    const data = await api('/api/recall', { method: 'POST', body: { draft: text, limit: LIMIT }, signal: controller.signal });
    const quotes = data.results.filter((quote) => !isBeingDeleted(quote.id));
    results.replaceChildren(...quotes.map((quote) => renderQuote(quote, { mode: 'recall' })));
    setStatus(
      quotes.length === 0
        ? 'No quote fits yet. Keep writing, or search your quotes instead.'
        : `${quotes.length === 1 ? '1 quote fits' : `${quotes.length} quotes fit`} your draft, best first.`,
    );
    results.dispatchEvent(new CustomEvent('quotebank:results', { bubbles: true, detail: { draft: text, count: quotes.length } }));
  } catch (error) {
    if (error.name === 'AbortError') return;
    lastDraft = null; // try again on the next change
    setStatus(error.message, true);
  } finally {
    results.setAttribute('aria-busy', 'false');
  }
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(refresh, DELAY_MS);
  try {
    localStorage.setItem(STORAGE_KEY, draft.value);
  } catch {
    // Storage full or disabled: the draft stays in the page.
  }
}

// Insert the quote at the cursor as a paragraph of its own. execCommand keeps the browser's undo
// (Ctrl+Z) working, and fires "input", which refreshes the suggestions and saves the draft.
export function insertIntoDraft(quote) {
  const start = draft.selectionStart ?? draft.value.length;
  const end = draft.selectionEnd ?? start;
  const before = draft.value.slice(0, start);
  const after = draft.value.slice(end);
  const lead = before === '' || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
  const trail = after === '' || after.startsWith('\n\n') ? '' : after.startsWith('\n') ? '\n' : '\n\n';
  const text = `${lead}${quoteAsPost(quote)}${trail}`;
  draft.focus();
  draft.setSelectionRange(start, end);
  if (!document.execCommand('insertText', false, text)) {
    draft.setRangeText(text, start, end, 'end');
    draft.dispatchEvent(new Event('input', { bubbles: true }));
  }
}

export function initRecall() {
  try {
    draft.value = localStorage.getItem(STORAGE_KEY) ?? '';
  } catch {
    draft.value = '';
  }
  draft.addEventListener('input', schedule);
  document.addEventListener('quotebank:view', (event) => {
    if (event.detail.view === 'recall') refresh();
  });
  document.addEventListener('quotebank:quote-updated', () => {
    lastDraft = null; // an edited tag or attribution changes what is shown
  });
  setStatus('Start writing: quotes that fit your draft will appear here.');
}
