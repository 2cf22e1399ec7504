// What the user sees after each attempt: the toolbar badge and a notification.

import { notify, setBadge } from './browser.js';
import { BADGE_COLORS } from './constants.js';
import { readLists } from './queue.js';
import { cutAtWord } from './text.js';

export const PROBLEM_PREFIX = 'quotebank-problem-';
const SAVED_MARK = '✓';

/**
 * Badge = how many captures wait (red when some were refused); a check mark right after a
 * save when none wait, cleared by the next refresh.
 * @returns {Promise<string>} the badge text set
 */
export async function refreshBadge({ justSaved = false } = {}) {
  const { queue, failed } = await readLists();
  const waiting = queue.length + failed.length;
  if (waiting > 0) {
    const text = String(waiting);
    await setBadge(text, failed.length > 0 ? BADGE_COLORS.failed : BADGE_COLORS.waiting);
    return text;
  }
  const text = justSaved ? SAVED_MARK : '';
  await setBadge(text, BADGE_COLORS.saved);
  return text;
}

async function show(id, title, message) {
  try {
    await notify(id, title, message);
  } catch (error) {
    // The badge and the stored lists already carry this outcome; a missing popup loses nothing.
    console.warn(`quotebank: notification not shown: ${error.message}`);
  }
}

const quoted = (text) => `“${cutAtWord(text, 120)}”`;

export function notifySaved(capture, label, duplicate = false) {
  const title = duplicate ? 'Already saved' : 'Quote saved';
  const line = duplicate ? `Already saved from this page: ${label}` : `Saved: ${label}`;
  return show(`quotebank-saved-${capture.id}`, title, `${line}\n${quoted(capture.text)}`);
}

export function notifyQueued(capture, message, waiting) {
  const title = waiting === 1 ? 'Quote kept: 1 waiting' : `Quote kept: ${waiting} waiting`;
  return show(`${PROBLEM_PREFIX}${capture.id}`, title, `${message}\n${quoted(capture.text)}`);
}

export function notifyFailed(capture, message) {
  return show(
    `${PROBLEM_PREFIX}${capture.id}`,
    'Quote not saved',
    `${message}\nIt is kept in the failed list of the options page.`,
  );
}

const NOT_TAKEN = Object.freeze({
  'nothing-selected': 'Select some text on the page first.',
  'page-unreadable':
    'quotebank cannot read this page (browser pages, the PDF viewer and the web store keep extensions out): ' +
    'select the text and use "Save quote" in the right-click menu.',
  'sensitive-field': 'quotebank never reads password or payment fields.',
});

/** @param {'nothing-selected'|'page-unreadable'|'sensitive-field'} problem */
export function notifyNotTaken(problem) {
  return show('quotebank-empty', 'Nothing to save', NOT_TAKEN[problem] ?? NOT_TAKEN['nothing-selected']);
}

export function notifyRetried({ delivered, failed, waiting }) {
  if (delivered === 0 && failed === 0) return Promise.resolve();
  const parts = [`${delivered} delivered`];
  if (failed > 0) parts.push(`${failed} refused (see the options page)`);
  if (waiting > 0) parts.push(`${waiting} still waiting`);
  const id = failed > 0 ? `${PROBLEM_PREFIX}retry` : 'quotebank-retry';
  return show(id, 'Waiting quotes sent', parts.join(', '));
}
