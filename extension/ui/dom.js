// Small DOM helpers for the options page and the popup. Captured text is untrusted, so it only
// ever enters the page as text nodes, never as HTML.

/**
 * @param {string} tag
 * @param {Record<string, string>} attributes  set as attributes (use "class", not "className")
 * @param {...(Node|string)} children  strings become text nodes
 */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

export function hostOf(url) {
  try {
    return new URL(url).host;
  } catch {
    return url; // shown as typed: the server will say what is wrong with it
  }
}

export function when(isoTime) {
  return isoTime ? new Date(isoTime).toLocaleString() : '';
}

export function snippet(text, max = 140) {
  return text.length <= max ? `“${text}”` : `“${text.slice(0, max - 1)}…”`;
}
