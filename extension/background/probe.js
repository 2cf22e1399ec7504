// The function injected into the page with scripting.executeScript. The browser serialises
// it, so it must be self-contained: no imports, no outside names, plain data returned.

/**
 * Read the selection, the block of text around it, and the page as scripts left it.
 * @param {number} htmlLimit most UTF-16 units of HTML to hand back (cut again later by bytes)
 */
export function probePage(htmlLimit) {
  const BLOCK_DISPLAY = /^(block|list-item|table|table-cell|table-caption|flex|grid|flow-root)$/;

  function fieldSelection() {
    // Text selected inside a form field is not part of window.getSelection().
    const field = document.activeElement;
    if (!field || !/^(TEXTAREA|INPUT)$/.test(field.tagName)) return null;
    if (typeof field.selectionStart !== 'number') return null;
    const text = field.value.slice(field.selectionStart, field.selectionEnd);
    return text ? { text, block: field.value } : null;
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

  const picked = fieldSelection() ?? pageSelection();
  const html = document.documentElement.outerHTML;
  return {
    text: picked.text,
    block: picked.block,
    url: location.href,
    title: document.title,
    html: html.length > htmlLimit ? html.slice(0, htmlLimit) : html,
    focused: document.hasFocus(),
  };
}
