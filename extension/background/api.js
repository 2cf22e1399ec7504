// HTTP calls to the quotebank server. Every call answers a plain Reply instead of throwing,
// so callers can classify "not reachable" the same way as an HTTP error.

import { REQUEST_TIMEOUT_MS } from './constants.js';

/**
 * @typedef {object} Reply
 * @property {number} status      HTTP status, 0 when no answer came
 * @property {any} data           the parsed JSON body, or null
 * @property {string|null} networkError  why no answer came
 */

async function readJson(response) {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return null;
  try {
    return await response.json();
  } catch (error) {
    // A body that claims JSON but is not: treated like any non-quotebank answer by callers.
    console.warn(`quotebank: unreadable JSON from ${response.url}: ${error.message}`);
    return null;
  }
}

/**
 * @param {import('./settings.js').Settings} settings
 * @param {string} path  e.g. "/api/quotes"
 * @param {{method?: string, body?: string, auth?: boolean}} options
 * @returns {Promise<Reply>}
 */
export async function request(settings, path, { method = 'GET', body, auth = true } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (auth) headers.Authorization = `Bearer ${settings.token}`;
  let response;
  try {
    response = await fetch(`${settings.serverUrl}${path}`, {
      method,
      headers,
      body,
      credentials: 'omit',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    return { status: 0, data: null, networkError: error.message || String(error) };
  }
  return { status: response.status, data: await readJson(response), networkError: null };
}

export function postQuote(settings, body) {
  return request(settings, '/api/quotes', { method: 'POST', body });
}

export function getQuote(settings, id) {
  return request(settings, `/api/quotes/${encodeURIComponent(id)}`);
}

export function getHealth(settings) {
  return request(settings, '/api/health', { auth: false });
}

export function listQuotes(settings, limit = 1) {
  return request(settings, `/api/quotes?limit=${limit}`);
}

/** The quotes saved from a page, by its addresses (the tab's, and the canonical one it declares). */
export function quotesFromPage(settings, urls, limit = 50) {
  const query = new URLSearchParams(urls.map((url) => ['url', url]));
  query.set('limit', String(limit));
  return request(settings, `/api/quotes?${query}`);
}

export function listTags(settings, limit = 50) {
  return request(settings, `/api/tags?limit=${limit}`);
}

export function patchQuote(settings, id, fields) {
  return request(settings, `/api/quotes/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body: JSON.stringify(fields),
  });
}

/** The server's own error message, if it sent one in the contract's shape. */
export function serverMessage(reply) {
  const message = reply.data?.error?.message;
  return typeof message === 'string' && message ? message : null;
}
