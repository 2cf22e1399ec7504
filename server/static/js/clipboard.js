// Copying to the clipboard. The async Clipboard API needs a secure context, which
// http://127.0.0.1 is; the hidden-textarea fallback covers a browser that refuses it anyway
// (an older one, or a permission prompt the user dismissed).

function fallbackCopy(text) {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'offscreen';
  const focused = document.activeElement;
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } finally {
    area.remove();
    if (focused instanceof HTMLElement) focused.focus();
  }
  if (!ok) throw new Error('The browser did not allow copying; select the text and press Ctrl+C.');
}

export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    fallbackCopy(text);
  }
}

// HTML goes on the clipboard twice: as text/html, so a rich editor pastes the formatted quote,
// and as text/plain holding the markup itself, for a code editor or a CMS's HTML field.
export async function copyHtml(markup) {
  try {
    const item = new ClipboardItem({
      'text/html': new Blob([markup], { type: 'text/html' }),
      'text/plain': new Blob([markup], { type: 'text/plain' }),
    });
    await navigator.clipboard.write([item]);
  } catch {
    await copyText(markup);
  }
}
