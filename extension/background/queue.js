// Captures not yet delivered, kept in chrome.storage.local so nothing is lost when the worker
// is stopped. "queue" holds captures that will be retried; "failed" holds those the server
// refused for good, until the user retries or dismisses them. The page HTML sits under its own
// key so listing the queue never loads megabytes.

import { storageGet, storageRemove, storageSet, withLock } from './browser.js';
import { STATE_LOCK, STORAGE_KEYS } from './constants.js';

const { queue: QUEUE, failed: FAILED, htmlPrefix } = STORAGE_KEYS;

/**
 * @typedef {import('./message.js').Capture & {
 *   attempts: number, lastError: string|null, lastTriedAt: string|null}} Entry
 * @typedef {{queue: Entry[], failed: Entry[]}} Lists
 */

const htmlKey = (id) => `${htmlPrefix}${id}`;

/** @returns {Promise<Lists>} */
export async function readLists() {
  const stored = await storageGet([QUEUE, FAILED]);
  return { queue: stored[QUEUE] ?? [], failed: stored[FAILED] ?? [] };
}

/**
 * Change both lists in one locked read-modify-write. `change` returns the new lists, and in
 * `forgetHtml` the ids whose page HTML is no longer needed (decided from what it read, so a
 * capture that is still listed never loses its page).
 */
async function updateLists(change) {
  return withLock(STATE_LOCK, async () => {
    const { queue, failed, forgetHtml = [] } = change(await readLists());
    await storageSet({ [QUEUE]: queue, [FAILED]: failed });
    if (forgetHtml.length > 0) await storageRemove(forgetHtml.map(htmlKey));
    return { queue, failed };
  });
}

const without = (entries, id) => entries.filter((entry) => entry.id !== id);

/** Keep a new capture (the HTML first, so a listed entry always has its page). */
export async function enqueue(capture, html) {
  await storageSet({ [htmlKey(capture.id)]: html });
  const entry = { ...capture, attempts: 0, lastError: null, lastTriedAt: null };
  await updateLists(({ queue, failed }) => ({ queue: [...without(queue, capture.id), entry], failed }));
  return entry;
}

export async function loadHtml(id) {
  const key = htmlKey(id);
  return (await storageGet(key))[key] ?? '';
}

/** The server has it: forget it everywhere. */
export function forget(id) {
  return updateLists(({ queue, failed }) => ({
    queue: without(queue, id),
    failed: without(failed, id),
    forgetHtml: [id],
  }));
}

function tried(entry, message, now) {
  return { ...entry, attempts: entry.attempts + 1, lastError: message, lastTriedAt: now.toISOString() };
}

/** A retryable failure: stays queued, with the reason shown in the options page. */
export function noteAttempt(id, message, now = new Date()) {
  return updateLists(({ queue, failed }) => ({
    queue: queue.map((entry) => (entry.id === id ? tried(entry, message, now) : entry)),
    failed,
  }));
}

/** Refused for good: out of the retry queue, into the visible failed list. */
export function markFailed(id, message, now = new Date()) {
  return updateLists(({ queue, failed }) => {
    const entry = queue.find((item) => item.id === id) ?? failed.find((item) => item.id === id);
    if (!entry) return { queue, failed };
    return { queue: without(queue, id), failed: [...without(failed, id), tried(entry, message, now)] };
  });
}

/** Put failed captures (all, or the one with `id`) back in the retry queue. */
export function requeueFailed(id = null) {
  return updateLists(({ queue, failed }) => {
    const moving = failed.filter((entry) => id === null || entry.id === id);
    const staying = failed.filter((entry) => !moving.includes(entry));
    return { queue: [...queue, ...moving], failed: staying };
  });
}

/** The user gave up on a failed capture. */
export function dismiss(id) {
  return updateLists(({ queue, failed }) => ({
    queue,
    failed: without(failed, id),
    forgetHtml: failed.some((entry) => entry.id === id) ? [id] : [],
  }));
}

/**
 * Change the waiting (or refused) capture `id` with `change(entry)`.
 * @returns {Promise<boolean>} whether there was such a capture
 */
export async function updateEntry(id, change) {
  let found = false;
  const apply = (entries) =>
    entries.map((entry) => {
      if (entry.id !== id) return entry;
      found = true;
      return change(entry);
    });
  await updateLists(({ queue, failed }) => ({ queue: apply(queue), failed: apply(failed) }));
  return found;
}
