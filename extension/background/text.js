// Pure text helpers: whitespace normalisation, choosing the context paragraph, and cutting
// the page HTML so the JSON body stays under the server's size limit.

// Invisible characters that a selection can carry but a reader never sees.
const INVISIBLE = /[\u00ad\u200b\u2060\ufeff]/g;
// Half of a surrogate pair (a selection can end inside an emoji): the server refuses such text.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Collapse every run of whitespace (including no-break and other Unicode spaces) to one space. */
export function normaliseWhitespace(text) {
  return String(text ?? '')
    .replace(INVISIBLE, '')
    .replace(LONE_SURROGATE, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Cut `text` to at most `max` characters at a word boundary, marking the cut with an ellipsis. */
export function cutAtWord(text, max) {
  if (text.length <= max) return text;
  const head = text.slice(0, max - 1).replace(LONE_SURROGATE, '');
  const space = head.lastIndexOf(' ');
  return `${space > max / 2 ? head.slice(0, space) : head}…`;
}

function cutAtWordFromEnd(text, max) {
  if (text.length <= max) return text;
  const tail = text.slice(text.length - (max - 1)).replace(LONE_SURROGATE, '');
  const space = tail.indexOf(' ');
  return `…${space >= 0 && space < max / 2 ? tail.slice(space + 1) : tail}`;
}

/**
 * The paragraph(s) of `blockText` that hold the selection, whitespace-normalised and at most
 * `max` characters (a window around the selection when the paragraph is longer).
 * Null when the selection cannot be found in the block, rather than an unrelated paragraph.
 */
export function pickContext(blockText, selectionText, max) {
  const quote = normaliseWhitespace(selectionText);
  const paragraphs = String(blockText ?? '')
    .split(/\n+/)
    .map(normaliseWhitespace)
    .filter(Boolean);
  if (!quote || paragraphs.length === 0) return null;

  const starts = [];
  let offset = 0;
  for (const paragraph of paragraphs) {
    starts.push(offset);
    offset += paragraph.length + 1;
  }
  const joined = paragraphs.join(' ');
  const at = joined.indexOf(quote);
  if (at < 0) return null;

  const first = lastIndexAtOrBefore(starts, at);
  const last = lastIndexAtOrBefore(starts, at + quote.length - 1);
  const context = paragraphs.slice(first, last + 1).join(' ');
  if (context.length <= max) return context;
  return windowAround(context, at - starts[first], quote.length, max);
}

function lastIndexAtOrBefore(sortedStarts, position) {
  let index = 0;
  while (index + 1 < sortedStarts.length && sortedStarts[index + 1] <= position) index += 1;
  return index;
}

function windowAround(text, at, length, max) {
  if (length >= max) return cutAtWord(text.slice(at, at + length), max);
  const spare = max - length;
  const before = Math.floor(spare / 2);
  const after = spare - before;
  const head = cutAtWordFromEnd(text.slice(0, at), before);
  const tail = cutAtWord(text.slice(at + length), after);
  return `${head}${text.slice(at, at + length)}${tail}`;
}

/** Bytes that the UTF-16 code unit at `index` takes inside a JSON string, as UTF-8. */
function jsonUnitBytes(text, index) {
  const code = text.charCodeAt(index);
  if (code === 0x22 || code === 0x5c) return 2; // \" and \\
  if (code < 0x20) return code === 8 || code === 9 || code === 10 || code === 12 || code === 13 ? 2 : 6;
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = text.charCodeAt(index + 1);
    // A proper pair is one 4-byte character; JSON.stringify escapes a lone surrogate as \udxxx.
    return next >= 0xdc00 && next <= 0xdfff ? 4 : 6;
  }
  if (code >= 0xdc00 && code <= 0xdfff) return 6;
  return 3;
}

/**
 * The longest prefix of `text` whose JSON string form is at most `maxBytes` bytes of UTF-8
 * (not counting the two quotes). Never splits a surrogate pair.
 */
export function cutToJsonBytes(text, maxBytes) {
  // Six bytes is the most one code unit can cost, so short strings need no counting.
  if (text.length * 6 <= maxBytes) return text;
  let used = 0;
  let index = 0;
  while (index < text.length) {
    const cost = jsonUnitBytes(text, index);
    if (used + cost > maxBytes) break;
    used += cost;
    index += cost === 4 ? 2 : 1;
  }
  return text.slice(0, index);
}

/** Size in bytes of `value` sent as a JSON body. */
export function jsonByteLength(value) {
  return new TextEncoder().encode(JSON.stringify(value)).length;
}
