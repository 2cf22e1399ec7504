// The API's `highlight` is the quote HTML-escaped with <mark> around matched words. It came from
// web pages through our own server, so it is still checked before use: it must consist of text,
// the five entities Python's html.escape writes, and balanced <mark>/</mark> tags, nothing else.
// It is never assigned to innerHTML: the DOM is built from text nodes and <mark> elements.

const ENTITIES = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#39;': "'" };
const TOKEN = /<mark>|<\/mark>|&(?:amp|lt|gt|quot|#x27|#39);|[^<>&]+/gy;

// Text and mark runs of a highlight, or null when it holds anything else.
export function parseHighlight(html) {
  if (typeof html !== 'string') return null;
  const runs = [];
  let marked = false;
  let text = '';
  const flush = () => {
    if (text) runs.push({ text, marked });
    text = '';
  };
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < html.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(html);
    if (!match || match.index !== start) return null; // a stray <, > or & : not ours
    const token = match[0];
    if (token === '<mark>' || token === '</mark>') {
      if ((token === '<mark>') === marked) return null; // nested or unbalanced
      flush();
      marked = !marked;
    } else {
      text += ENTITIES[token] ?? token;
    }
  }
  if (marked) return null;
  flush();
  return runs;
}

// A fragment for the highlight, or for the plain fallback text when the highlight is not valid.
export function highlightFragment(html, fallback) {
  const fragment = document.createDocumentFragment();
  const runs = parseHighlight(html);
  if (runs === null) {
    fragment.append(document.createTextNode(fallback ?? ''));
    return fragment;
  }
  for (const run of runs) {
    if (run.marked) {
      const mark = document.createElement('mark');
      mark.textContent = run.text;
      fragment.append(mark);
    } else {
      fragment.append(document.createTextNode(run.text));
    }
  }
  return fragment;
}

// The plain text of a highlight (for comparing it with the whole quote).
export function highlightText(html) {
  const runs = parseHighlight(html);
  return runs === null ? null : runs.map((run) => run.text).join('');
}
