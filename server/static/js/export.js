// The Export menu: every quote as JSON, CSV or Markdown, saved as a download.
//
// The file is fetched with the token in the Authorization header (never in the address, where
// it would land in the history and in logs), then handed to the browser as a blob: a link with
// `download` saves it under the server's file name.

import { ApiError, authHeaders, explainFailure } from './api.js';

const menu = document.getElementById('export-menu');
const status = document.getElementById('export-status');
const NAMES = { json: 'quotebank.json', csv: 'quotebank.csv', markdown: 'quotebank.md' };

// The name the server gives in Content-Disposition, else ours.
function fileName(response, format) {
  const match = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '');
  return match ? match[1] : NAMES[format];
}

async function download(format, button) {
  button.disabled = true;
  status.textContent = 'Preparing the file…';
  try {
    let response;
    try {
      response = await fetch(`/api/export?format=${encodeURIComponent(format)}`, { headers: authHeaders(), cache: 'no-store' });
    } catch {
      throw new ApiError('Cannot reach the quotebank server. Is "quotebank serve" still running? Start it, then try again.');
    }
    if (!response.ok) throw await explainFailure(response);
    const blob = await response.blob();
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName(response, format);
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    // The download has its own copy by the time click() returns; a moment later is safe.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    status.textContent = `Saved ${link.download} (${new Intl.NumberFormat().format(blob.size)} bytes) to your downloads.`;
  } catch (error) {
    status.textContent = error.message;
  } finally {
    button.disabled = false;
  }
}

export function initExport() {
  menu.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-export]');
    if (button) download(button.dataset.export, button);
  });
  // Escape closes the menu and gives focus back to its button.
  menu.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && menu.open) {
      menu.open = false;
      menu.querySelector('summary').focus();
    }
  });
}
