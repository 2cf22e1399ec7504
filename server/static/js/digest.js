// "Compose a digest": the quotes the user picked (the Digest checkbox on each result, or "Add
// all to digest"), sent to POST /api/compose, which groups them by tag and attributes each one.
// The user orders the quotes and the groups (Move buttons), may add a title and an intro, and
// may show a quote under each of its tags. The pick and these choices survive a reload in
// sessionStorage (ids, a line to show and the tags, never the token).

import { api } from './api.js';
import { copyHtml, copyText } from './clipboard.js';
import { attributionParts, attributionText } from './posts.js';
import { notify } from './toast.js';

export const MAX_PICKED = 500; // POST /api/compose takes at most 500 ids
const STORAGE_KEY = 'quotebank:digest';
const OPTIONS_KEY = 'quotebank:digest-options';
const UNTAGGED = 'Other'; // indexer.digest.UNTAGGED

let picked = new Map(); // id -> { text, who, tags }, in the digest's order
let groupOrder = []; // group headings in the order the user chose
const badge = document.getElementById('digest-badge');
const emptyBox = document.getElementById('digest-empty');
const body = document.getElementById('digest-body');
const list = document.getElementById('digest-list');
const countLine = document.getElementById('digest-count');
const output = document.getElementById('digest-output');
const status = document.getElementById('digest-status');
const formats = [...document.querySelectorAll('input[name="digest-format"]')];
const titleInput = document.getElementById('digest-title');
const introInput = document.getElementById('digest-intro');
const eachTagBox = document.getElementById('digest-each-tag');
const groupList = document.getElementById('digest-groups');
let composeTimer = null;
let composeRequest = 0;

function summary(quote) {
  const { who, site, book, via } = attributionParts(quote);
  return { text: quote.text.length > 160 ? `${quote.text.slice(0, 160)}…` : quote.text, who: attributionText(who, site, book, via), tags: quote.tags ?? [] };
}

function save() {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify([...picked]));
    const options = { title: titleInput.value, intro: introInput.value, eachTag: eachTagBox.checked, groupOrder };
    sessionStorage.setItem(OPTIONS_KEY, JSON.stringify(options));
  } catch {
    // Storage full or disabled: the pick still works until the page is closed.
  }
}

const strings = (value) => (Array.isArray(value) ? value.filter((item) => typeof item === 'string') : []);

function load() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '[]');
    for (const [id, item] of saved) {
      if (typeof id === 'string' && item && typeof item.text === 'string') {
        picked.set(id, { text: item.text, who: String(item.who ?? ''), tags: strings(item.tags) });
      }
    }
    const options = JSON.parse(sessionStorage.getItem(OPTIONS_KEY) ?? '{}') ?? {};
    titleInput.value = typeof options.title === 'string' ? options.title : '';
    introInput.value = typeof options.intro === 'string' ? options.intro : '';
    eachTagBox.checked = options.eachTag === true;
    groupOrder = strings(options.groupOrder);
  } catch {
    sessionStorage.removeItem(STORAGE_KEY);
    sessionStorage.removeItem(OPTIONS_KEY);
  }
}

// The groups the server will make (indexer.digest.group_by_tag), in the order it will use.
function groups() {
  const found = new Set();
  for (const { tags } of picked.values()) {
    const clean = [...new Set(tags.map((tag) => tag.trim()).filter(Boolean))];
    const under = clean.length ? clean : [UNTAGGED];
    for (const tag of eachTagBox.checked ? under : under.slice(0, 1)) found.add(tag);
  }
  const wanted = groupOrder.filter((name) => found.has(name));
  const rest = [...found].filter((name) => !wanted.includes(name) && name !== UNTAGGED).sort();
  if (found.has(UNTAGGED) && !wanted.includes(UNTAGGED)) rest.push(UNTAGGED);
  return [...wanted, ...rest];
}

// A list item's "Move up" / "Move down" buttons; move(step) reorders and re-renders.
function moveButtons(what, index, count, move) {
  const box = document.createElement('div');
  box.className = 'picked__moves';
  for (const [step, label] of [[-1, 'up'], [1, 'down']]) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'button button--small';
    button.textContent = step < 0 ? 'Move up' : 'Move down';
    button.dataset.move = label;
    button.setAttribute('aria-label', `Move ${what} ${label}`);
    button.disabled = index + step < 0 || index + step >= count;
    button.addEventListener('click', () => move(step, label));
    box.append(button);
  }
  return box;
}

function swapped(list, index, step) {
  const copy = [...list];
  [copy[index], copy[index + step]] = [copy[index + step], copy[index]];
  return copy;
}

// After a move the list is rebuilt: keep focus on the same button of the item that moved.
function refocus(container, index, label) {
  const item = container.children[index];
  const button = item?.querySelector(`[data-move="${label}"]:not(:disabled)`) ?? item?.querySelector('[data-move]:not(:disabled)');
  button?.focus();
}

function renderGroups() {
  const names = groups();
  const items = names.map((name, index) => {
    const li = document.createElement('li');
    li.className = 'picked__item';
    const text = document.createElement('p');
    text.className = 'picked__text';
    text.textContent = name;
    li.append(text, moveButtons(`the group “${name}”`, index, names.length, (step, label) => {
      groupOrder = swapped(names, index, step);
      changed();
      refocus(groupList, index + step, label);
    }));
    return li;
  });
  groupList.replaceChildren(...items);
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
  const entries = [...picked];
  for (const [index, [id, item]] of entries.entries()) {
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
    const moves = moveButtons(`“${item.text.slice(0, 40)}”`, index, entries.length, (step, label) => {
      picked = new Map(swapped(entries, index, step));
      changed();
      refocus(list, index + step, label);
    });
    moves.append(remove);
    li.append(texts, moves);
    items.push(li);
  }
  list.replaceChildren(...items);
  renderGroups();
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
    const body = {
      ids: [...picked.keys()],
      format: format(),
      title: titleInput.value,
      intro: introInput.value,
      groups: groups(),
      each_tag: eachTagBox.checked,
    };
    const { text } = await api('/api/compose', { method: 'POST', body });
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
  for (const input of [titleInput, introInput]) {
    input.addEventListener('input', () => {
      save();
      scheduleCompose();
    });
  }
  eachTagBox.addEventListener('change', changed);
  document.getElementById('digest-clear').addEventListener('click', () => {
    picked.clear();
    changed();
    document.getElementById('digest-heading').focus();
  });
  document.getElementById('digest-copy').addEventListener('click', async () => {
    await compose();
    try {
      // HTML goes on the clipboard as text/html (a rich editor pastes it formatted) with the
      // markup as the plain-text alternative, as a card's "Copy as HTML" does.
      await (output.dataset.format === 'html' ? copyHtml(output.value) : copyText(output.value));
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
