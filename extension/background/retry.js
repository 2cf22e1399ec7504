// Sends the waiting captures again: every minute, at browser start, and on "Retry now".

import { IN_FLIGHT_MS, RETRY_LOCK } from './constants.js';
import { withLock } from './browser.js';
import { stopsRetryRun } from './classify.js';
import { deliver, sourceLabel } from './deliver.js';
import { notifyRetried, refreshBadge } from './feedback.js';
import { readLists, requeueFailed } from './queue.js';
import { sendWaitingEdits } from './annotate.js';
import { addRecent } from './recent.js';
import { loadSettings } from './settings.js';

/**
 * @typedef {object} RetrySummary
 * @property {number} delivered
 * @property {number} failed   refused for good during this run
 * @property {number} waiting  still queued afterwards
 * @property {string|null} message  why the run stopped early, if it did
 * @property {string} badge
 */

function remember(entry, quote) {
  const label = sourceLabel(quote, entry.url);
  return addRecent({ id: quote?.id ?? entry.id, text: entry.text, url: entry.url, label, savedAt: new Date().toISOString() });
}

/** Never tried and only just made: the save that made it is most likely sending it right now. */
function inFlight(entry, now) {
  return entry.attempts === 0 && now - Date.parse(entry.createdAt) < IN_FLIGHT_MS;
}

/**
 * Try every queued capture once, in order, stopping at the first "later" answer that the rest
 * would get too (server down, token wrong, busy).
 * @param {{includeFailed?: boolean|string, now?: () => number}} options
 *   includeFailed: true puts every failed capture back in the queue first; an id puts that one
 * @returns {Promise<RetrySummary>}
 */
export function retryQueue({ includeFailed = false, now = Date.now } = {}) {
  return withLock(RETRY_LOCK, async () => {
    if (includeFailed) await requeueFailed(includeFailed === true ? null : includeFailed);
    const settings = await loadSettings();
    const { queue } = await readLists();
    const summary = { delivered: 0, failed: 0, waiting: 0, message: null };
    let stopped = false;
    for (const entry of queue) {
      if (inFlight(entry, now())) continue;
      const outcome = await deliver(entry, settings);
      if (outcome.kind === 'delivered') {
        summary.delivered += 1;
        await remember(entry, outcome.quote);
      } else if (outcome.kind === 'failed') {
        summary.failed += 1;
      } else {
        summary.message = outcome.message;
        stopped = stopsRetryRun(outcome);
        if (stopped) break;
      }
    }
    // Tags and notes added to delivered quotes while the server was away go after the captures.
    if (!stopped) await sendWaitingEdits(settings);
    summary.waiting = (await readLists()).queue.length;
    const badge = await refreshBadge();
    await notifyRetried(summary);
    return { ...summary, badge };
  });
}
