// Requests from the options page and the popup. The worker does every change to the queue so
// badge and notifications stay in one place.

import { refreshBadge } from './feedback.js';
import { dismiss } from './queue.js';
import { retryQueue } from './retry.js';

const HANDLERS = Object.freeze({
  retry: () => retryQueue(),
  'retry-failed': (message) => retryQueue({ includeFailed: message.id ?? true }),
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
