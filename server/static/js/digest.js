// "Compose a digest": the quotes the user picked (the Digest checkbox on each result, or "Add
// all to digest"), sent to POST /api/compose, which groups them by tag and attributes each one.
// The pick survives a reload in sessionStorage (ids and a line to show, never the token).

import { api } from './api.js';
import { copyText } from './clipboard.js';
import { attributionParts, attributionText } from './posts.js';
import { notify } from './toast.js';

export const MAX_PICKED = 500; // POST /api/compose takes at most 500 ids
const STORAGE_KEY = 'quotebank:digest';

const picked = new Map(); // id -> { text, who }
const badge = document.getElementById('digest-badge');
const emptyBox = document.getElementById('digest-empty');
const body = document.getElementById('digest-body');
const list = document.getElementById('digest-list');
const countLine = document.getElementById('digest-count');
const output = document.getElementById('digest-output');
const status = document.getElementById('digest-status');
const formats = [...document.querySelectorAll('input[name="digest-format"]')];
let composeTimer = null;
let composeRequest = 0;

function summary(quote) {
  const { who, site, book } = attributionParts(quote);
  return { text: quote.text.length > 160 ? `${quote.text.slice(0, 160)}…` : quote.text, who: attributionText(who, site, book), tags: quote.tags ?? [] };
}

function save() {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify([...picked]));
  } catch {
    // Storage full or disabled: the pick still works until the page is closed.
  }
}

function load() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '[]');
    for (const [id, item] of saved) {
      if (typeof id === 'string' && item && typeof item.text === 'string') picked.set(id, { text: item.text, who: String(item.who ?? '') });
    }
  } catch {
    sessionStorage.removeItem(STORAGE_KEY);
  }
}

export function isPicked(id) {
  return picked.has(id);
}

function changed() {
  save();
  badge.textContent = String(picked.size);
  badge.hidden = picked.size === 0;
  badge.setAttribute('aria-label', `${picked.size} picked`);
  for (const box of document.querySelectorAll('li.quote .pick__box')) {
    box.checked = picked.has(box.closest('li.quote').dataset.id);
  }
  if (!document.getElementById('view-digest').hidden) renderView();
}

export function setPicked(quote, on) {
  if (on && !picked.has(quote.id)) {
    if (picked.size >= MAX_PICKED) {
      notify(`A digest holds at most ${MAX_PICKED} quotes.`, { error: true });
      changed();
      return false;
    }
    picked.set(quote.id, summary(quote));
  } else if (!on) {
    picked.delete(quote.id);
  }
  changed();
  return true;
}

// Add many at once (all results of a search); returns how many were added.
export function pickAll(quotes) {
  let added = 0;
  for (const quote of quotes) {
    if (picked.size >= MAX_PICKED) break;
    if (!picked.has(quote.id)) {
      picked.set(quote.id, summary(quote));
      added += 1;
    }
  }
  changed();
  return added;
}

export function forget(id) {
  if (picked.delete(id)) changed();
}

function format() {
  return formats.find((input) => input.checked)?.value ?? 'markdown';
}

function renderView() {
  const count = picked.size;
  emptyBox.hidden = count > 0;
  body.hidden = count === 0;
  countLine.textContent = count === 1 ? '1 quote picked' : `${count} quotes picked`;
  const items = [];
  for (const [id, item] of picked) {
    const li = document.createElement('li');
    li.className = 'picked__item';
    const text = document.createElement('p');
    text.className = 'picked__text';
    text.textContent = item.text;
    const who = document.createElement('p');
    who.className = 'picked__who quiet';
    who.textContent = item.who;
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'button button--small';
    remove.textContent = 'Remove';
    remove.setAttribute('aria-label', `Remove “${item.text.slice(0, 40)}” from the digest`);
    remove.addEventListener('click', () => {
      const index = [...list.children].indexOf(li);
      picked.delete(id);
      changed();
      // Keep keyboard focus in the list: on the Remove button that took this one's place.
      const next = list.children[Math.min(index, list.children.length - 1)];
      (next?.querySelector('button') ?? document.getElementById('digest-heading')).focus();
    });
    const texts = document.createElement('div');
    texts.append(text, who);
    li.append(texts, remove);
    items.push(li);
  }
  list.replaceChildren(...items);
  scheduleCompose();
}

function scheduleCompose() {
  clearTimeout(composeTimer);
  composeTimer = setTimeout(compose, 150);
}

async function compose() {
  if (picked.size === 0) {
    output.value = '';
    return;
  }
  const request = (composeRequest += 1);
  status.textContent = 'Composing…';
  try {
    const { text } = await api('/api/compose', { method: 'POST', body: { ids: [...picked.keys()], format: format() } });
    if (request !== composeRequest) return;
    output.value = text;
    status.textContent = '';
    output.dataset.format = format();
  } catch (error) {
    if (request !== composeRequest) return;
    output.value = '';
    status.textContent = error.message;
  }
}

export function initDigest() {
  load();
  changed();
  for (const input of formats) input.addEventListener('change', compose);
  document.getElementById('digest-clear').addEventListener('click', () => {
    picked.clear();
    changed();
    document.getElementById('digest-heading').focus();
  });
  document.getElementById('digest-copy').addEventListener('click', async () => {
    await compose();
    try {
      await copyText(output.value);
      status.textContent = 'Copied.';
    } catch (error) {
      status.textContent = error.message;
    }
  });
  document.addEventListener('quotebank:view', (event) => {
    if (event.detail.view === 'digest') renderView();
  });
  // A deleted quote leaves the digest; Undo puts it back.
  const removed = new Map();
  document.addEventListener('quotebank:quote-removed', (event) => {
    const { id, removed: gone } = event.detail;
    if (gone && picked.has(id)) {
      removed.set(id, picked.get(id));
      picked.delete(id);
      changed();
    } else if (!gone && removed.has(id)) {
      picked.set(id, removed.get(id));
      removed.delete(id);
      changed();
    }
  });
  document.addEventListener('quotebank:quote-updated', (event) => {
    const { quote } = event.detail;
    if (picked.has(quote.id)) {
      picked.set(quote.id, summary(quote));
      save();
    }
  });
}
