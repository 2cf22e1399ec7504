// Sends one stored capture to the server (always with its own id, so a retry of something the
// server already has is a harmless replay) and files the capture by what the answer meant.

import { getQuote, postQuote } from './api.js';
import { classifyDelivery, NO_TOKEN_MESSAGE } from './classify.js';
import { AUTHOR_LOOKUP_DELAY_MS } from './constants.js';
import { buildBody } from './message.js';
import { forget, loadHtml, markFailed, noteAttempt } from './queue.js';

/**
 * @param {import('./queue.js').Entry} entry  a capture already in the queue
 * @param {import('./settings.js').Settings} settings
 * @returns {Promise<import('./classify.js').Outcome>}
 */
export async function deliver(entry, settings) {
  const outcome = settings.token
    ? classifyDelivery(
        await postQuote(settings, buildBody(entry, await loadHtml(entry.id))),
        entry.id,
        settings.serverUrl,
      )
    : { kind: 'retry', reason: 'auth', message: NO_TOKEN_MESSAGE };
  if (outcome.kind === 'delivered') await forget(entry.id);
  else if (outcome.kind === 'failed') await markFailed(entry.id, outcome.message);
  else await noteAttempt(entry.id, outcome.message);
  return outcome;
}

/** "Author (Site)", "Author", "Site", or the host: how a saved quote is named to the user. */
export function sourceLabel(quote, url) {
  const author = quote?.author;
  const site = quote?.site_name;
  if (author && site) return `${author} (${site})`;
  return author || site || hostOf(url);
}

function hostOf(url) {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Name the source of a just-delivered quote. Extraction runs after the 201, so when the answer
 * has no author or site yet, look once more a moment later; the host is the fallback.
 */
export async function labelDelivered(settings, quote, url, delayMs = AUTHOR_LOOKUP_DELAY_MS) {
  if (quote?.author || quote?.site_name || !quote?.id) return sourceLabel(quote, url);
  await pause(delayMs);
  const reply = await getQuote(settings, quote.id);
  if (reply.status !== 200) {
    console.warn(`quotebank: could not read back quote ${quote.id}: HTTP ${reply.status}`);
    return sourceLabel(null, url);
  }
  return sourceLabel(reply.data, url);
}
