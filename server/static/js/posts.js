// A quote as text to paste: the length rules of each network (for the live counter in the post
// preview) and the attribution line. A quote as Markdown or HTML comes from the server
// (POST /api/compose), which writes digests the same way.
//
// These mirror indexer/posts.py, which the server uses for the initial post text;
// tests/test_page_counter.py checks that both give the same results.
// Network names and limits are not repeated here: the page renders them from indexer.posts.

import { urlSpans, weightedLength } from './twitter-text.js';

// --- lengths -----------------------------------------------------------------------------------

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

// User-perceived characters, as Bluesky counts them.
export function graphemeLength(text) {
  let count = 0;
  for (const _ of segmenter.segment(text)) count += 1;
  return count;
}

export function codePointLength(text) {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

const MASTODON_URL_LENGTH = 23;
const W = '[\\p{L}\\p{N}_]'; // Python's \w
const REMOTE_MENTION = new RegExp(
  `(?<![=/\\p{L}\\p{N}_])(@${W}+(?:[\\p{L}\\p{N}_.-]+${W})?)@${W}+(?:[.-]+${W}+)*`,
  'gu',
);

// Mastodon's count: graphemes, each http(s) link as 23, "@name@server" as "@name".
export function mastodonLength(text) {
  const pieces = [];
  let last = 0;
  for (const [start, end] of urlSpans(text)) {
    if (/^https?:\/\//i.test(text.slice(start, end))) {
      pieces.push(text.slice(last, start), 'x'.repeat(MASTODON_URL_LENGTH));
      last = end;
    }
  }
  pieces.push(text.slice(last));
  return graphemeLength(pieces.join('').replace(REMOTE_MENTION, '$1'));
}

// How each network measures a post (the keys of indexer.posts.NETWORKS).
export const MEASURES = Object.freeze({
  x: (text) => weightedLength(text),
  mastodon: mastodonLength,
  bluesky: graphemeLength,
  threads: codePointLength,
  linkedin: codePointLength,
});

export function measure(network, text) {
  const fn = MEASURES[network];
  if (!fn) throw new Error(`unknown network ${network}`);
  return fn(text);
}

// --- attribution -------------------------------------------------------------------------------

// The characters Python's str.split() splits on, so one_line() gives the same result.
const PY_SPACE = '[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const SPACES = new RegExp(`${PY_SPACE}+`, 'gu');

// A captured string on one line, or null when it holds nothing.
// Bidi embeddings, overrides and isolates: in a post they would reorder what follows them
// (indexer/posts.py removes the same set).
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/gu;

export function oneLine(value) {
  if (typeof value !== 'string') return null;
  // Runs of spaces are single spaces by then, so only one can be left at either end.
  return value.replace(BIDI_CONTROLS, '').replace(SPACES, ' ').replace(/^ | $/g, '') || null;
}

// value when it is an http(s) URL with a host, as both Python and the browser read it; null for
// anything else (javascript:, data:, relative paths), so it never becomes a link.
export function safeLink(value) {
  const url = oneLine(value);
  if (url === null || url.includes(' ') || !/^https?:\/\/[^/?#\\]/i.test(url)) return null;
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname ? url : null;
  } catch {
    return null;
  }
}

function host(url) {
  if (url === null) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

// { who: the person quoted, else "@handle" or the author; site: the publication or the link's
//   host; link: http(s) or null (the server's `link`, with a text fragment to the sentence, when
//   it sent one); book: the title of a quote with no address (a Kindle or Readwise book);
//   via: the author's @handle when the person quoted took the author's place }
export function attributionParts(quote) {
  const link = safeLink(quote.link) ?? safeLink(quote.canonical_url) ?? safeLink(quote.url);
  let handle = oneLine(quote.handle);
  if (handle && !handle.startsWith('@')) handle = `@${handle}`;
  const speaker = oneLine(quote.speaker);
  const who = speaker ?? handle ?? oneLine(quote.author);
  const site = oneLine(quote.site_name) ?? host(link);
  const book = link || site ? null : oneLine(quote.title);
  return { who, site, link, book, via: speaker ? handle : null };
}

// "- who, Source: site" or, for a book, "- who, Title"; whichever part is missing is dropped,
// the leading dash kept ("" when all are missing). `via` (the author's handle, when `who` is the
// person quoted) follows the name: "- Jane Smith via @ada, Source: Site".
export function attributionText(who, site, book = null, via = null) {
  if (who && via) who = `${who} via ${via}`;
  if (book) return who ? `- ${who}, ${book}` : `- ${book}`;
  if (who && site) return `- ${who}, Source: ${site}`;
  if (who) return `- ${who}`;
  return site ? `- Source: ${site}` : '';
}

// --- a quote as text ---------------------------------------------------------------------------

const LINE_BREAK = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/u;
const INLINE_SPACE = new RegExp(`(?:(?!\\n)${PY_SPACE})+`, 'gu');
const BLANK_LINES = new RegExp(`\\n${PY_SPACE}*\\n${PY_SPACE}*`, 'gu');
const EDGE_SPACE = new RegExp(`^${PY_SPACE}+|${PY_SPACE}+$`, 'gu');

// The quote with runs of spaces collapsed and at most one blank line between paragraphs.
export function cleanQuote(text) {
  const lines = text
    .replace(BIDI_CONTROLS, '')
    .replace(EDGE_SPACE, '')
    .split(LINE_BREAK)
    .map((line) => line.replace(INLINE_SPACE, ' ').replace(EDGE_SPACE, ''));
  return lines.join('\n').replace(BLANK_LINES, '\n\n');
}

// The whole quote as a post, never shortened: `"text" - @handle, Source: Site https://link`.
// (Recall inserts this into the draft; the post preview starts from the server's fitted text.)
export function quoteAsPost(quote) {
  const { who, site, link, book, via } = attributionParts(quote);
  const tail = [attributionText(who, site, book, via), link ?? ''].filter(Boolean).map((word) => ` ${word}`);
  return `"${cleanQuote(quote.text)}"${tail.join('')}`;
}
