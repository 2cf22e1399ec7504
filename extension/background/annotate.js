// Tags and a note added after "Save quote" (from the popup). A capture still waiting for the
// server takes them along (merged into the queued capture); a delivered quote gets a PATCH, and
// when the server is away that edit waits in storage and goes with the next retry run.

import { getQuote, patchQuote, serverMessage } from './api.js';
import { storageGet, storageSet, withLock } from './browser.js';
import { STATE_LOCK, STORAGE_KEYS } from './constants.js';
import { readLists, updateEntry } from './queue.js';
import { loadSettings } from './settings.js';

const { edits: EDITS, lastSave: LAST_SAVE } = STORAGE_KEYS;

/**
 * @typedef {{id: string, tags: string[], note: string, lastError: string|null}} Edit
 * @typedef {{state: 'queued'|'saved'|'waiting', message: string, quote?: any}} Annotated
 */

/** "a, B ,a" -> ["a", "b"]: lower-cased, trimmed, unique, as the server keeps them. */
export function parseTags(text) {
  const tags = String(text ?? '')
    .split(',')
    .map((tag) => tag.trim().toLowerCase())
    .filter(Boolean);
  return [...new Set(tags)];
}

async function readEdits() {
  return (await storageGet(EDITS))[EDITS] ?? [];
}

function keepEdit(edit) {
  return withLock(STATE_LOCK, async () => {
    const others = (await readEdits()).filter((entry) => entry.id !== edit.id);
    await storageSet({ [EDITS]: [...others, edit] });
  });
}

function dropEdit(id) {
  return withLock(STATE_LOCK, async () => {
    await storageSet({ [EDITS]: (await readEdits()).filter((entry) => entry.id !== id) });
  });
}

/** PATCH one quote; 'later' when the server is away or busy, an Error when it refuses. */
async function send(settings, edit) {
  if (!settings.token) return { later: true, message: 'no token set yet: open the options page' };
  const reply = await patchQuote(settings, edit.id, { tags: edit.tags, note: edit.note });
  if (reply.status === 200) return { later: false, quote: reply.data };
  if (reply.status === 0 || reply.status === 401 || reply.status === 429 || reply.status >= 500) {
    const why = reply.status === 0 ? 'server not reachable' : `HTTP ${reply.status}`;
    return { later: true, message: `${why}: kept, sent with the next retry` };
  }
  const detail = serverMessage(reply) ?? `HTTP ${reply.status}`;
  throw new Error(`the server refused the tags or note: ${detail}`);
}

/**
 * Give the quote (or the capture still waiting) `id` these tags and this note.
 * @param {string} id
 * @param {{tags: string[], note: string}} fields
 * @returns {Promise<Annotated>}
 */
export async function annotate(id, { tags, note }) {
  const edit = { id, tags: [...tags], note: String(note ?? ''), lastError: null };
  const merged = await updateEntry(id, (entry) => ({ ...entry, tags: edit.tags, note: edit.note }));
  await rememberOnLastSave(id, edit);
  if (merged) return { state: 'queued', message: 'Kept with the quote; sent when the server has it.' };
  const outcome = await send(await loadSettings(), edit);
  if (outcome.later) {
    await keepEdit({ ...edit, lastError: outcome.message });
    return { state: 'waiting', message: `Tags and note kept: ${outcome.message}.` };
  }
  await dropEdit(id);
  return { state: 'saved', message: 'Tags and note saved.', quote: outcome.quote };
}

async function rememberOnLastSave(id, edit) {
  const last = (await storageGet(LAST_SAVE))[LAST_SAVE];
  if (last?.id === id) await storageSet({ [LAST_SAVE]: { ...last, tags: edit.tags, note: edit.note } });
}

/**
 * Send the edits that wait, for quotes no longer queued (a queued capture carries its own).
 * Stops at the first "later" answer; drops an edit the server refuses, with a warning.
 * @returns {Promise<{sent: number, waiting: number}>}
 */
export async function sendWaitingEdits(settings) {
  const { queue, failed } = await readLists();
  const held = new Set([...queue, ...failed].map((entry) => entry.id));
  let sent = 0;
  for (const edit of await readEdits()) {
    if (held.has(edit.id)) continue;
    let outcome;
    try {
      outcome = await send(settings, edit);
    } catch (error) {
      console.warn(`quotebank: tags and note for ${edit.id} dropped: ${error.message}`);
      await dropEdit(edit.id);
      continue;
    }
    if (outcome.later) break;
    await dropEdit(edit.id);
    sent += 1;
  }
  return { sent, waiting: (await readEdits()).length };
}

/**
 * What the popup shows for the latest save: its tags and note as they are now (the server's
 * copy when reachable, else the queued capture's or the waiting edit's).
 */
export async function currentAnnotations(id) {
  const { queue, failed } = await readLists();
  const entry = [...queue, ...failed].find((item) => item.id === id);
  if (entry) return { tags: entry.tags ?? [], note: entry.note ?? '', where: 'queued' };
  const edit = (await readEdits()).find((item) => item.id === id);
  if (edit) return { tags: edit.tags, note: edit.note, where: 'waiting' };
  const reply = await getQuote(await loadSettings(), id);
  if (reply.status === 200) return { tags: reply.data.tags ?? [], note: reply.data.note ?? '', where: 'server' };
  return { tags: [], note: '', where: 'unknown' };
}
