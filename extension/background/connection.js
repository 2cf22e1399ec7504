// "Test connection": says exactly what is wrong, in words the user can act on.

import { getHealth, listQuotes, serverMessage } from './api.js';

/**
 * @typedef {object} ConnectionReport
 * @property {boolean} ok
 * @property {'ok'|'no-token'|'unreachable'|'not-quotebank'|'bad-token'|'refused'} problem
 * @property {string} message
 */

const report = (problem, message) => ({ ok: problem === 'ok', problem, message });

/**
 * @param {import('./settings.js').Settings} settings
 * @returns {Promise<ConnectionReport>}
 */
export async function testConnection(settings) {
  const { serverUrl } = settings;
  const health = await getHealth(settings);
  if (health.status === 0) {
    return report(
      'unreachable',
      `Not running: nothing answers at ${serverUrl} (${health.networkError}). ` +
        'Start the server with "quotebank serve", or check the address.',
    );
  }
  if (health.status === 403) {
    return report('refused', `The server at ${serverUrl} refused this address (HTTP 403): use 127.0.0.1.`);
  }
  if (health.status !== 200 || health.data?.status !== 'ok') {
    return report(
      'not-quotebank',
      `Wrong address: ${serverUrl} answers, but it is not a quotebank server (HTTP ${health.status}).`,
    );
  }
  if (!settings.token) {
    return report('no-token', 'No token yet: run "quotebank token" and paste what it prints.');
  }
  const listed = await listQuotes(settings);
  if (listed.status === 401) {
    return report('bad-token', 'Wrong token: run "quotebank token" and paste what it prints.');
  }
  if (listed.status !== 200) {
    const detail = serverMessage(listed) ?? `HTTP ${listed.status}`;
    return report('not-quotebank', `The server at ${serverUrl} answered the quote list with: ${detail}.`);
  }
  const total = listed.data?.total ?? 0;
  const version = health.data.version ? ` ${health.data.version}` : '';
  return report('ok', `Connected to quotebank${version} at ${serverUrl}: ${total} quotes stored.`);
}
