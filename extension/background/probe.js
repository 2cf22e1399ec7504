// The function injected into the page with scripting.executeScript. The browser serialises
// it, so it must be self-contained: no imports, no outside names, plain data returned.

/**
 * Read the selection, the block of text around it, and the page as scripts left it.
 * A selection inside a password or payment field is never read: the answer then says
 * `sensitive: true` and carries no text.
 * @param {number} htmlLimit most UTF-16 units of HTML to hand back (cut again later by bytes)
 */
export function probePage(htmlLimit) {
  const BLOCK_DISPLAY = /^(block|list-item|table|table-cell|table-caption|flex|grid|flow-root)$/;
  // Autofill names of secrets (WHATWG autocomplete tokens): passwords, one-time codes, cards.
  const SECRET_AUTOCOMPLETE = /(^|\s)(current-password|new-password|one-time-code|cc-[a-z-]+)(\s|$)/i;
  const SECRET_FIELDS =
    'input[type="password" i], input[autocomplete*="password" i], input[autocomplete*="one-time-code" i],' +
    ' input[autocomplete*="cc-" i], textarea[autocomplete*="cc-" i]';

  function isSecret(field) {
    return (
      (field.tagName === 'INPUT' && String(field.type).toLowerCase() === 'password') ||
      SECRET_AUTOCOMPLETE.test(field.getAttribute('autocomplete') ?? '')
    );
  }

  /** The lines of `value` that the selection [start, end) touches: a field's paragraph. */
  function linesAround(value, start, end) {
    const from = start === 0 ? 0 : value.lastIndexOf('\n', start - 1) + 1;
    const stop = value.indexOf('\n', Math.max(start, end - 1));
    return value.slice(from, stop < 0 ? value.length : stop);
  }

  function fieldSelection() {
    // Text selected inside a form field is not part of window.getSelection().
    const field = document.activeElement;
    if (!field || !/^(TEXTAREA|INPUT)$/.test(field.tagName)) return null;
    if (isSecret(field)) return { text: '', block: '', sensitive: true };
    if (typeof field.selectionStart !== 'number') return null;
    const { selectionStart: start, selectionEnd: end, value } = field;
    const text = value.slice(start, end);
    return text ? { text, block: linesAround(value, start, end) } : null;
  }

  function blockAround(range) {
    const node = range.commonAncestorContainer;
    let element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    while (element && element !== document.body) {
      if (BLOCK_DISPLAY.test(getComputedStyle(element).display)) break;
      element = element.parentElement;
    }
    return element ? element.innerText : '';
  }

  function pageSelection() {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return { text: '', block: '' };
    return { text: selection.toString(), block: blockAround(selection.getRangeAt(0)) };
  }

  /** The page's HTML, with any value a script wrote into a secret field's attribute left out. */
  function pageHtml() {
    const root = document.documentElement;
    if (!root.querySelector(SECRET_FIELDS)) return root.outerHTML;
    const copy = root.cloneNode(true);
    for (const field of copy.querySelectorAll(SECRET_FIELDS)) {
      field.removeAttribute('value');
      field.textContent = '';
    }
    return copy.outerHTML;
  }

  const picked = fieldSelection() ?? pageSelection();
  const html = pageHtml();
  return {
    text: picked.text,
    block: picked.block,
    sensitive: picked.sensitive === true,
    url: location.href,
    title: document.title,
    html: html.length > htmlLimit ? html.slice(0, htmlLimit) : html,
    focused: document.hasFocus(),
  };
}
