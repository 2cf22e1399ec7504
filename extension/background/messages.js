// Requests from the options page and the popup. The worker does every change to the queue so
// badge and notifications stay in one place.

import { annotate, parseTags } from './annotate.js';
import { allTabs } from './browser.js';
import { refreshBadge } from './feedback.js';
import { isPageTab, refreshPageBadge } from './pages.js';
import { dismiss } from './queue.js';
import { retryQueue } from './retry.js';

const HANDLERS = Object.freeze({
  retry: () => retryQueue(),
  'retry-failed': (message) => retryQueue({ includeFailed: message.id ?? true }),
  annotate: (message) => annotate(String(message.id), { tags: parseTags(message.tags), note: message.note }),
  // After the user allowed the "tabs" permission: count the quotes of every open page now.
  'refresh-pages': async () => {
    const tabs = (await allTabs()).filter((tab) => isPageTab(tab.url));
    for (const tab of tabs) await refreshPageBadge(tab.id, tab.url);
    return { tabs: tabs.length };
  },
  dismiss: async (message) => {
    await dismiss(message.id);
    return { badge: await refreshBadge() };
  },
});

/** @param {{type: string, id?: string}} message */
export function handleMessage(message) {
  const handler = Object.hasOwn(HANDLERS, message?.type ?? '') ? HANDLERS[message.type] : null;
  if (!handler) return Promise.reject(new Error(`unknown request: ${message?.type}`));
  return handler(message);
}
