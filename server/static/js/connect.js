// "Connect the extension": the folder to load, the address and token to paste, and whether an
// extension has been heard from lately (GET /api/status, polled while the panel is open).

import { api } from './api.js';
import { copyText } from './clipboard.js';

const POLL_MS = 10_000;
const RECENT_MS = 24 * 60 * 60 * 1000; // heard from within a day: call it connected
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const numbers = new Intl.NumberFormat();
let poller = null;

export function ago(iso, now = Date.now()) {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  if (Number.isNaN(seconds)) return iso;
  const steps = [
    [60, 'second'],
    [60, 'minute'],
    [24, 'hour'],
    [30, 'day'],
    [12, 'month'],
  ];
  let value = seconds;
  for (const [size, unit] of steps) {
    if (Math.abs(value) < size) return relative.format(Math.round(value), unit);
    value /= size;
  }
  return relative.format(Math.round(value), 'year');
}

export function describeStatus(status, now = Date.now()) {
  const last = status.last_extension_at;
  if (!last) return { state: 'none', text: 'No extension has connected yet. Follow the steps below.' };
  const age = now - new Date(last).getTime();
  if (age <= RECENT_MS) return { state: 'ok', text: `Connected: the extension last sent a quote ${ago(last, now)}.` };
  return { state: 'stale', text: `The extension last sent a quote ${ago(last, now)}. If saving fails, check its options.` };
}

async function refresh() {
  const dot = document.getElementById('connect-dot');
  const text = document.getElementById('connect-text');
  const count = document.getElementById('connect-count');
  try {
    const status = await api('/api/status');
    const { state, text: line } = describeStatus(status);
    dot.dataset.state = state;
    text.textContent = line;
    const saved = status.quotes === 1 ? '1 quote saved' : `${numbers.format(status.quotes)} quotes saved`;
    count.textContent = status.last_capture_at ? `${saved}, the last ${ago(status.last_capture_at)}` : saved;
  } catch (error) {
    dot.dataset.state = 'error';
    text.textContent = error.message;
  }
}

export function initConnect() {
  for (const button of document.querySelectorAll('[data-copy-from]')) {
    button.addEventListener('click', async () => {
      const source = document.getElementById(button.dataset.copyFrom);
      const label = button.textContent;
      const name = button.getAttribute('aria-label');
      try {
        await copyText(source.value);
        button.textContent = 'Copied';
        button.setAttribute('aria-label', 'Copied');
      } catch {
        source.type = 'text';
        source.select(); // let the user copy it by hand
        button.textContent = 'Press Ctrl+C';
      }
      setTimeout(() => {
        button.textContent = label;
        if (name) button.setAttribute('aria-label', name);
      }, 2000);
    });
  }
  const toggle = document.getElementById('token-toggle');
  const token = document.getElementById('token');
  toggle.addEventListener('click', () => {
    const show = token.type === 'password';
    token.type = show ? 'text' : 'password';
    toggle.textContent = show ? 'Hide' : 'Show';
    toggle.setAttribute('aria-label', show ? 'Hide the token' : 'Show the token');
  });
  document.addEventListener('quotebank:view', (event) => {
    clearInterval(poller);
    poller = null;
    if (event.detail.view === 'connect') {
      refresh();
      poller = setInterval(refresh, POLL_MS);
    }
  });
}
