// Post length the way X counts it: twitter-text's weighted length under configuration v3.
//
// This is indexer/twitter_text.py for the browser, rule for rule, so that the live counter in the
// post preview shows the same number as the server (GET /api/quotes/<id>/post). After NFC, every
// code point weighs 2 units except a few ranges that weigh 1; an emoji, however many code points
// it is made of, weighs 2; every link weighs 23. Both are tested against the official conformance
// cases (tests/test_twitter_text.py, tests/test_page_counter.py).
//
// Indexes here are UTF-16 offsets (JavaScript strings), where Python counts code points: every
// span starts and ends on a code point boundary, so the two walk the same text the same way.

export const CONFIG_V3 = Object.freeze({
  maxWeightedLength: 280,
  scale: 100,
  defaultWeight: 200,
  transformedUrlLength: 23,
  ranges: Object.freeze([
    [0, 4351, 100],
    [8192, 8205, 100],
    [8208, 8223, 100],
    [8242, 8247, 100],
  ]),
  emojiParsing: true,
});
// v2 differs only in counting each code point of an emoji on its own (kept for the conformance
// suite that still uses it).
export const CONFIG_V2 = Object.freeze({ ...CONFIG_V3, emojiParsing: false });

const INVALID_CHARS = /[\ufffe\ufeff\uffff]/u;
const MAX_LABEL_LENGTH = 63;
const MAX_URL_LENGTH = 4096;

// --- top-level domains -----------------------------------------------------------------------

// Filled by loadTlds() from the server's copy of indexer/data/tlds.txt. Until then bare domains
// and links are not recognised (the counter is only shown once it is loaded).
let tlds = new Set();

export function setTlds(names) {
  tlds = new Set([...names].map((name) => name.trim().toLowerCase()).filter(Boolean));
}

export async function loadTlds(url = '/twitter-text/tlds.txt') {
  if (tlds.size) return tlds.size;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`cannot load the list of top-level domains (${response.status})`);
  const lines = (await response.text()).split('\n');
  setTlds(lines.filter((line) => !line.startsWith('#')));
  return tlds.size;
}

// --- emoji -------------------------------------------------------------------------------------

// The same approximation of Unicode's Extended_Pictographic as the Python side (not the engine's
// \p{Extended_Pictographic}, which would make the two counters disagree).
const PICTOGRAPHIC =
  '\\u203c\\u2049\\u2122\\u2139\\u2194-\\u2199\\u21a9\\u21aa\\u231a\\u231b\\u2328\\u23cf\\u23e9-\\u23f3' +
  '\\u23f8-\\u23fa\\u24c2\\u25aa\\u25ab\\u25b6\\u25c0\\u25fb-\\u25fe\\u2600-\\u27bf\\u2934\\u2935' +
  '\\u2b05-\\u2b07\\u2b1b\\u2b1c\\u2b50\\u2b55\\u3030\\u303d\\u3297\\u3299' +
  '\\u{1f000}-\\u{1f1e5}\\u{1f200}-\\u{1f3fa}\\u{1f400}-\\u{1faff}';
const ELEMENT =
  `[${PICTOGRAPHIC}]\\ufe0f?[\\u{1f3fb}-\\u{1f3ff}]?` + // base, emoji presentation, skin tone
  '(?:[\\u{e0020}-\\u{e007e}]+\\u{e007f})?'; // tag sequence (subdivision flags)
const EMOJI_RE = new RegExp(
  [
    '[\\u{1f1e6}-\\u{1f1ff}]{2}', // flag: a pair of regional indicators
    '[0-9#*]\\ufe0f?\\u20e3', // keycap
    '[\\u00a9\\u00ae]\\ufe0f', // (c) and (r) are emoji only when asked to be
    `${ELEMENT}(?:\\u200d${ELEMENT})*`, // ZWJ sequence
    '[\\u{1f1e6}-\\u{1f1ff}\\u{1f3fb}-\\u{1f3ff}]', // a lone indicator or skin tone
  ].join('|'),
  'gu',
);

export function emojiSpans(text) {
  return [...text.matchAll(EMOJI_RE)].map((match) => [match.index, match.index + match[0].length]);
}

// --- links -------------------------------------------------------------------------------------

// Python's [^\W_] and \w on str are Unicode letters and numbers (marks are not word characters).
const ALNUM = '[\\p{L}\\p{N}]';
const LABEL = `${ALNUM}(?:[\\p{L}\\p{N}_-]*${ALNUM})?`;
const HOST = `${LABEL}(?:\\.${LABEL})+`;
const ASCII_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?';
const ASCII_HOST = `${ASCII_LABEL}(?:\\.${ASCII_LABEL})+`;
const PATH_CHARS = "[A-Za-z0-9!*';:=+,.$/%#\\[\\]\\-_~&|@?()\\u00c0-\\u024f\\u0400-\\u04ff]";
const PATH_END = /^[A-Za-z0-9=_#/+\-&\u00c0-\u024f\u0400-\u04ff]$/u;
const URL_RE = new RegExp(
  '(?<![A-Za-z0-9@＠$#＃])' +
    `(?:(?<scheme>https?://)(?<host>${HOST})` +
    `|(?<![-_./])(?<bare>${ASCII_HOST}))` +
    `(?<port>:[0-9]{1,5})?(?<path>[/?#]${PATH_CHARS}*)?`,
  'giud',
);
const AFTER_TLD = /^[A-Za-z0-9@+-]/u; // what may not follow a top-level domain
const TCO_PATH = /^\/[A-Za-z0-9]+/u;
const LONGEST_TLD = 30;

const isAscii = (text) => /^[\x00-\x7f]*$/.test(text);

// RFC 3492 Punycode (what Python's "punycode" codec writes); only its length matters here.
function punycode(label) {
  const input = Array.from(label, (char) => char.codePointAt(0));
  const base = 36;
  const tMin = 1;
  const tMax = 26;
  const digit = (d) => String.fromCharCode(d < 26 ? 97 + d : 22 + d);
  const adapt = (delta, points, first) => {
    let d = first ? Math.floor(delta / 700) : Math.floor(delta / 2);
    d += Math.floor(d / points);
    let k = 0;
    while (d > ((base - tMin) * tMax) >> 1) {
      d = Math.floor(d / (base - tMin));
      k += base;
    }
    return k + Math.floor(((base - tMin + 1) * d) / (d + 38));
  };
  let output = input.filter((code) => code < 128).map((code) => String.fromCharCode(code)).join('');
  const basic = output.length;
  if (basic > 0) output += '-';
  let n = 128;
  let delta = 0;
  let bias = 72;
  let handled = basic;
  while (handled < input.length) {
    const m = Math.min(...input.filter((code) => code >= n));
    delta += (m - n) * (handled + 1);
    n = m;
    for (const code of input) {
      if (code < n) delta += 1;
      if (code === n) {
        let q = delta;
        for (let k = base; ; k += base) {
          const t = k <= bias ? tMin : k >= bias + tMax ? tMax : k - bias;
          if (q < t) break;
          output += digit(t + ((q - t) % (base - t)));
          q = Math.floor((q - t) / (base - t));
        }
        output += digit(q);
        bias = adapt(delta, handled + 1, handled === basic);
        delta = 0;
        handled += 1;
      }
    }
    delta += 1;
    n += 1;
  }
  return output;
}

function labelOk(label) {
  if (isAscii(label)) return label.length <= MAX_LABEL_LENGTH;
  return `xn--${punycode(label)}`.length <= MAX_LABEL_LENGTH;
}

function isTld(label) {
  const lowered = label.toLowerCase();
  return tlds.has(lowered) || lowered.startsWith('xn--');
}

// Length (in code points) of the longest top-level domain that label starts with and that may
// end there: text often runs into a link without a space ("http://example.com日本語").
function tldPrefix(label) {
  const chars = Array.from(label);
  for (let size = Math.min(chars.length - 1, LONGEST_TLD); size > 1; size -= 1) {
    if (isTld(chars.slice(0, size).join('')) && !AFTER_TLD.test(chars[size])) return size;
  }
  return 0;
}

// twitter-text does not link "name.cc" written alone, except on .co and .tv (t.co).
function shortBareDomain(host, path) {
  const labels = host.toLowerCase().split('.');
  return !path && labels.length === 2 && labels[1].length === 2 && !['co', 'tv'].includes(labels[1]);
}

const count = (text, char) => text.split(char).length - 1;

// Drop trailing punctuation, keeping a closing parenthesis that closes one in the path.
function trimPath(path) {
  let trimmed = path;
  while (trimmed) {
    const last = trimmed[trimmed.length - 1];
    if (last === ')' && count(trimmed, '(') >= count(trimmed, ')')) return trimmed;
    if (PATH_END.test(last)) return trimmed;
    trimmed = trimmed.slice(0, -1);
  }
  return trimmed;
}

// Where the link found by match really ends, or null when it is no link after all.
function linkEnd(match) {
  const { groups, indices } = match;
  const name = groups.scheme ? 'host' : 'bare';
  let host = groups[name];
  const labels = host.split('.');
  let path;
  if (!isTld(labels[labels.length - 1])) {
    const cut = tldPrefix(labels[labels.length - 1]);
    if (!cut) return null;
    labels[labels.length - 1] = Array.from(labels[labels.length - 1]).slice(0, cut).join('');
    host = labels.join('.');
    path = ''; // the host ran into text: nothing after it belongs to the link
  } else {
    path = trimPath(groups.path ?? '');
    const port = groups.port ?? '';
    if (groups.scheme && host.toLowerCase() === 't.co') {
      const slug = TCO_PATH.exec(path);
      path = slug ? slug[0] : '';
    }
    path = port + path;
  }
  if (!labels.every(labelOk)) return null;
  if (!groups.scheme && shortBareDomain(host, path)) return null;
  return indices.groups[name][0] + host.length + path.length;
}

export function urlSpans(text) {
  const spans = [];
  for (const match of text.matchAll(URL_RE)) {
    const end = linkEnd(match);
    if (end !== null && Array.from(text.slice(match.index, end)).length <= MAX_URL_LENGTH) {
      spans.push([match.index, end]);
    }
  }
  return spans;
}

// --- weighing ----------------------------------------------------------------------------------

function charWeight(code, config) {
  for (const [first, last, weight] of config.ranges) {
    if (first <= code && code <= last) return weight;
  }
  return config.defaultWeight;
}

function weightedUnits(text, config) {
  const urlEnds = new Map(urlSpans(text));
  const emojiEnds = config.emojiParsing ? new Map(emojiSpans(text)) : new Map();
  let units = 0;
  let index = 0;
  while (index < text.length) {
    if (urlEnds.has(index)) {
      units += config.transformedUrlLength * config.scale;
      index = urlEnds.get(index);
    } else if (emojiEnds.has(index)) {
      units += config.defaultWeight;
      index = emojiEnds.get(index);
    } else {
      const code = text.codePointAt(index);
      units += charWeight(code, config);
      index += code > 0xffff ? 2 : 1;
    }
  }
  return units;
}

// The length X shows for text: NFC, weighted code points, emoji as 2, links as 23.
export function weightedLength(text, config = CONFIG_V3) {
  return Math.floor(weightedUnits(text.normalize('NFC'), config) / config.scale);
}

// True when X would accept text: 1 to 280 weighted units and no forbidden code point.
export function isValidTweet(text, config = CONFIG_V3) {
  const normalised = text.normalize('NFC');
  if (INVALID_CHARS.test(normalised)) return false;
  const units = weightedUnits(normalised, config);
  return units > 0 && units <= config.maxWeightedLength * config.scale;
}
