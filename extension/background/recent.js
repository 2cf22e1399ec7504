// The last few delivered quotes, for the popup.

import { storageGet, storageSet, withLock } from './browser.js';
import { RECENT_LIMIT, STATE_LOCK, STORAGE_KEYS } from './constants.js';

/** @typedef {{id: string, text: string, url: string, label: string, savedAt: string}} Recent */

/** @returns {Promise<Recent[]>} newest first */
export async function readRecent() {
  return (await storageGet(STORAGE_KEYS.recent))[STORAGE_KEYS.recent] ?? [];
}

/** @param {Recent} item */
export function addRecent(item) {
  return withLock(STATE_LOCK, async () => {
    const kept = (await readRecent()).filter((entry) => entry.id !== item.id);
    const next = [item, ...kept].slice(0, RECENT_LIMIT);
    await storageSet({ [STORAGE_KEYS.recent]: next });
    return next;
  });
}
