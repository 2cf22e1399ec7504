// Builds what is stored and sent for one capture, from what the page (or the menu) gave us.

import { pageAddress } from './address.js';
import {
  BODY_LIMIT_BYTES,
  CONTEXT_LIMIT_CHARS,
  HTML_LIMIT_BYTES,
  TITLE_LIMIT_CHARS,
} from './constants.js';
import { cutAtWord, cutToJsonBytes, jsonByteLength, normaliseWhitespace, pickContext } from './text.js';

/**
 * @typedef {object} PageReading  what probePage (or the context-menu fallback) found
 * @property {string} text   the selection as the browser renders it
 * @property {string} block  text of the block element around the selection
 * @property {string} url
 * @property {string} title
 * @property {string} html
 *
 * @typedef {object} Capture  one quote waiting to be delivered (kept in storage)
 * @property {string} id
 * @property {string} text
 * @property {string} url
 * @property {string|null} title
 * @property {string|null} context
 * @property {string} createdAt
 * @property {string[]} [tags]  added by the user after the save (popup), sent with the capture
 * @property {string} [note]
 */

/** @returns {{capture: Capture, html: string} | null} null when nothing is selected */
export function makeCapture(reading, id, now = new Date()) {
  const text = normaliseWhitespace(reading.text);
  if (!text) return null;
  const title = normaliseWhitespace(reading.title);
  const capture = {
    id,
    text,
    url: reading.url,
    title: title ? cutAtWord(title, TITLE_LIMIT_CHARS) : null,
    context: pickContext(reading.block, text, CONTEXT_LIMIT_CHARS),
    createdAt: now.toISOString(),
  };
  return { capture, html: fitHtml(capture, reading.html ?? '') };
}

/**
 * The fields of the POST /api/quotes body, in the contract's names. `created_at` is the moment
 * of the click, so a capture delivered a day later still says when it was saved. The address is
 * unwrapped here too, for captures kept by a version that stored a Reader View address.
 */
export function bodyFields(capture, html) {
  const { id, text, url, title, context, createdAt } = capture;
  return {
    id,
    text,
    url: pageAddress(url),
    title,
    context,
    created_at: createdAt,
    html,
    ...annotations(capture),
  };
}

/** Tags and note the user added while the capture waited: sent with it, only when given. */
function annotations({ tags, note }) {
  return { ...(tags?.length ? { tags } : {}), ...(note ? { note } : {}) };
}

/** Cut `html` so the whole body stays under the server's limit and the HTML under its own. */
export function fitHtml(capture, html) {
  const rest = jsonByteLength(bodyFields(capture, ''));
  const budget = Math.max(0, Math.min(HTML_LIMIT_BYTES, BODY_LIMIT_BYTES - rest));
  return cutToJsonBytes(html, budget);
}

/** The JSON text sent to the server. */
export function buildBody(capture, html) {
  return JSON.stringify(bodyFields(capture, html));
}
