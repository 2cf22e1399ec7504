// "Save quote": read the selection, keep it, try to deliver it, tell the user what happened.

import { captureFromTab } from './capture.js';
import { ALREADY_SAVED } from './classify.js';
import { deliver, labelDelivered } from './deliver.js';
import { notifyFailed, notifyNotTaken, notifyQueued, notifySaved, refreshBadge } from './feedback.js';
import { storageSet } from './browser.js';
import { AUTHOR_LOOKUP_DELAY_MS, STORAGE_KEYS } from './constants.js';
import { refreshPageBadge } from './pages.js';
import { enqueue } from './queue.js';
import { addRecent } from './recent.js';
import { loadSettings } from './settings.js';

/**
 * @typedef {object} SaveResult
 * @property {string|null} id
 * @property {'delivered'|'retry'|'failed'|'empty'} kind
 * @property {string} message
 * @property {string} [reason]  why it was not delivered (see classify.js), or why nothing was taken
 * @property {string} [label]   "Author (Site)" or the host, when delivered
 * @property {string} badge     the badge text afterwards
 * @property {boolean} [duplicate]  delivered, but the server had it already ("Already saved")
 */

/**
 * Save the selection in a tab. Resolves once the attempt is over and the user was told.
 * @param {number|null} tabId
 * @param {import('./capture.js').MenuHints} hints
 * @param {{lookupDelayMs?: number}} options  how long to wait before asking for the author
 * @returns {Promise<SaveResult>}
 */
export async function saveSelection(tabId, hints = {}, { lookupDelayMs = AUTHOR_LOOKUP_DELAY_MS } = {}) {
  const taken = await captureFromTab(tabId, hints);
  if (taken.problem) {
    await notifyNotTaken(taken.problem);
    return { id: null, kind: 'empty', reason: taken.problem, message: 'nothing saved', badge: await refreshBadge() };
  }
  // Stored before the first attempt, so a worker stopped mid-request still retries it later.
  const entry = await enqueue(taken.capture, taken.html);
  const settings = await loadSettings();
  const outcome = await deliver(entry, settings);
  const result = { id: entry.id, kind: outcome.kind, reason: outcome.reason, message: outcome.message };

  // The popup offers tags and a note for this save, whether it was delivered or waits.
  const id = outcome.kind === 'delivered' ? outcome.quote.id : entry.id;
  await storageSet({
    [STORAGE_KEYS.lastSave]: {
      id,
      text: entry.text,
      url: entry.url,
      at: entry.createdAt,
      kind: outcome.kind,
      duplicate: outcome.duplicate === true,
    },
  });

  if (outcome.kind === 'delivered') {
    // The badge answers at once; the notification waits for the author, which the server
    // extracts just after it stored the quote.
    const badge = await refreshBadge({ justSaved: true });
    await refreshPageBadge(tabId);
    const label = await labelDelivered(settings, outcome.quote, entry.url, lookupDelayMs);
    // A duplicate is the quote saved earlier: its id is the one to show and to edit.
    await addRecent({ id, text: entry.text, url: entry.url, label, savedAt: new Date().toISOString() });
    await notifySaved(entry, label, outcome.duplicate === true);
    const said = outcome.duplicate ? `${ALREADY_SAVED}: ${label}` : `Saved: ${label}`;
    return { ...result, id, duplicate: outcome.duplicate === true, message: said, label, badge };
  }
  const badge = await refreshBadge();
  if (outcome.kind === 'failed') await notifyFailed(entry, outcome.message);
  else await notifyQueued(entry, outcome.message, Number(badge) || 1);
  return { ...result, badge };
}
