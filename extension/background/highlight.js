// "Show on page": the function injected into a tab (scripting.executeScript) that finds saved
// quotes in the page's text and highlights them. Self-contained, like probe.js: the browser
// serialises it, so no imports and no outside names.

export const HIGHLIGHT_NAME = 'quotebank-saved';
// Added with scripting.insertCSS, which the page's Content-Security-Policy does not block.
export const HIGHLIGHT_CSS = `::highlight(${HIGHLIGHT_NAME}) { background-color: #ffe27a; color: #1f2328; }`;

/**
 * Find each text in the page, across element boundaries, ignoring white space and quotation
 * marks (a page's “curly” quotes match a saved straight one), highlight every one found with
 * the CSS Custom Highlight API, and scroll the first into view.
 * @param {string[]} texts
 * @param {string} name  the highlight's name (HIGHLIGHT_NAME)
 * @returns {{found: number[], missing: number[]}} indices into `texts`
 */
export function highlightQuotes(texts, name) {
  // Characters left out on both sides before comparing: white space, invisible characters
  // and every kind of quotation mark or apostrophe.
  const IGNORED = /[\s\u00ad\u200b-\u200d\u2060\ufeff"'`\u00ab\u00bb\u2018-\u201f\u2032-\u2037\u2039\u203a\u301d-\u301f\uff02\uff07]/u;
  const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'SELECT']);

  const squeeze = (text) => Array.from(String(text).normalize('NFC')).filter((ch) => !IGNORED.test(ch)).join('');

  // The page's visible text squeezed the same way, and where each kept character came from.
  const nodes = [];
  const lengths = [];
  const offsets = [];
  let squeezed = '';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => {
      const parent = node.parentElement;
      if (!parent || SKIPPED.has(parent.tagName) || parent.closest('[hidden], [aria-hidden="true"]')) {
        return NodeFilter.FILTER_REJECT;
      }
      return NodeFilter.FILTER_ACCEPT;
    },
  });
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const value = node.data;
    for (let i = 0; i < value.length; i += 1) {
      const code = value.codePointAt(i);
      const ch = String.fromCodePoint(code);
      if (!IGNORED.test(ch)) {
        nodes.push(node);
        offsets.push(i);
        lengths.push(ch.length);
        squeezed += ch;
      }
      if (ch.length === 2) i += 1;
    }
  }
  // Position in `squeezed` (UTF-16) -> index of the kept character.
  const unitToChar = [];
  for (let k = 0; k < nodes.length; k += 1) {
    unitToChar.push(k);
    if (lengths[k] === 2) unitToChar.push(k);
  }

  const ranges = [];
  let firstInPage = null; // the range that comes first in the page, scrolled to
  let firstAt = Infinity;
  const found = [];
  const missing = [];
  texts.forEach((text, index) => {
    const needle = squeeze(text);
    const at = needle ? squeezed.indexOf(needle) : -1;
    if (at < 0) {
      missing.push(index);
      return;
    }
    const first = unitToChar[at];
    const last = unitToChar[at + needle.length - 1];
    const range = document.createRange();
    range.setStart(nodes[first], offsets[first]);
    range.setEnd(nodes[last], offsets[last] + lengths[last]);
    ranges.push(range);
    found.push(index);
    if (at < firstAt) [firstAt, firstInPage] = [at, range];
  });

  if (ranges.length > 0) {
    if (globalThis.CSS?.highlights && typeof Highlight === 'function') {
      CSS.highlights.set(name, new Highlight(...ranges));
    } else {
      // No Custom Highlight API: select the first one, which the browser shows highlighted.
      getSelection().removeAllRanges();
      getSelection().addRange(firstInPage);
    }
    const target = firstInPage.startContainer.parentElement;
    target?.scrollIntoView({ block: 'center', behavior: 'instant' });
  }
  return { found, missing };
}
