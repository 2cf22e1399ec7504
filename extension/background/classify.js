// Decides what a POST /api/quotes answer means for the capture: delivered, keep and retry,
// or give up and show it in the "failed" list.

import { serverMessage } from './api.js';

/**
 * @typedef {object} Outcome
 * @property {'delivered'|'retry'|'failed'} kind
 * @property {string} reason  delivered | duplicate | network | auth | busy | disk-full | server-error |
 *   not-quotebank | rejected
 * @property {string} message  one line for the user
 * @property {any} [quote]     the server's copy, when delivered
 * @property {boolean} [duplicate]  delivered, but the server already had this text from this page
 */

// 4xx statuses that say "later", not "never": the quote itself is fine.
const RETRY_STATUSES = Object.freeze([401, 408, 429]);

export const TOKEN_MESSAGE = 'token wrong: open the options page';
export const NO_TOKEN_MESSAGE = 'no token set yet: open the options page';
export const DISK_FULL_MESSAGE = "the server's disk is full: kept here, will retry once there is space";
export const ALREADY_SAVED = 'Already saved';

/**
 * @param {import('./api.js').Reply} reply
 * @param {string} id  the id we sent; a 200/201 without it did not come from quotebank
 * @param {string} serverUrl  named in messages
 * @returns {Outcome}
 */
export function classifyDelivery(reply, id, serverUrl) {
  const { status } = reply;
  if (status === 0) {
    return retry('network', `server not reachable at ${serverUrl}: will retry`);
  }
  if (status === 200 || status === 201) {
    if (reply.data?.id === id) return { kind: 'delivered', reason: 'delivered', message: 'saved', quote: reply.data };
    // The same text from the same page was saved before: the answer is that earlier quote
    // (another id), and nothing new was stored.
    if (status === 200 && reply.data?.duplicate === true && typeof reply.data.id === 'string') {
      return { kind: 'delivered', reason: 'duplicate', message: ALREADY_SAVED, quote: reply.data, duplicate: true };
    }
    return retry('not-quotebank', `${serverUrl} answered, but it is not a quotebank server: will retry`);
  }
  if (status === 401) return retry('auth', TOKEN_MESSAGE);
  if (RETRY_STATUSES.includes(status) || status === 503) {
    return retry('busy', `server busy (${describe(reply)}): will retry`);
  }
  // 507: nothing can be stored until the user frees space, so every capture would get it.
  if (status === 507) return retry('disk-full', DISK_FULL_MESSAGE);
  // Another 5xx may come from this one capture (a server bug), so a retry run goes on to the
  // next capture instead of stopping there.
  if (status >= 500) return retry('server-error', `server failed (${describe(reply)}): will retry`);
  if (status >= 400) return { kind: 'failed', reason: 'rejected', message: describe(reply) };
  return retry('not-quotebank', `unexpected answer from ${serverUrl} (HTTP ${status}): will retry`);
}

/** Whether the next capture in the queue would get the same "later" answer. */
export function stopsRetryRun(outcome) {
  return outcome.kind === 'retry' && outcome.reason !== 'server-error';
}

function retry(reason, message) {
  return { kind: 'retry', reason, message };
}

function describe(reply) {
  const message = serverMessage(reply);
  return message ? `${message} (HTTP ${reply.status})` : `HTTP ${reply.status}`;
}
