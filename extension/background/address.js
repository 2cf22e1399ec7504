// The address of the page a selection came from, as the server wants it: http or https.

const READER_PREFIX = 'about:reader?';

export const isWebAddress = (url) => /^https?:\/\//i.test(url ?? '');

/**
 * The page's own address. Firefox's Reader View shows a page at `about:reader?url=<page>`;
 * the quote comes from that page, and the server refuses anything but http(s).
 * @param {string|undefined} url
 * @returns {string|undefined}
 */
export function pageAddress(url) {
  if (typeof url !== 'string' || !url.startsWith(READER_PREFIX)) return url;
  const inner = new URLSearchParams(url.slice(READER_PREFIX.length)).get('url');
  return isWebAddress(inner) ? inner : url;
}
