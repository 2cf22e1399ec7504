// The post preview: the quote as a post for one network, editable, with a live character count
// against the network's limit, and a Copy button.
//
// The first text comes from the server (GET /api/quotes/<id>/post?network=), which already fits
// it to the limit; the counter then measures the user's edits in the browser with the same rules
// (posts.js, twitter-text.js). The dialog is a native modal <dialog>: focus stays inside it,
// Escape closes it, and focus goes back to the button that opened it.

import { api } from './api.js';
import { copyText } from './clipboard.js';
import { isValidTweet, loadTlds } from './twitter-text.js';
import { measure } from './posts.js';

const dialog = document.getElementById('post-dialog');
const area = document.getElementById('post-text');
const counter = document.getElementById('post-counter');
const counterRow = document.getElementById('post-counter-row');
const rule = document.getElementById('post-rule');
const announce = document.getElementById('post-announce');
const errorBox = document.getElementById('post-error');
const status = document.getElementById('post-status');
const copyButton = document.getElementById('post-copy');
const copyWhy = document.getElementById('post-copy-why');
const resetButton = document.getElementById('post-reset');
const radios = [...dialog.querySelectorAll('input[name="post-network"]')];
const numbers = new Intl.NumberFormat();

const state = { quote: null, network: 'x', limit: 0, fitted: '', edited: false, opener: null, over: null, request: 0 };
const tldsReady = loadTlds().catch(() => 0); // without the list only links are miscounted

function networkInfo(key) {
  const radio = radios.find((input) => input.value === key);
  return { name: radio?.dataset.name ?? key, limit: Number(radio?.dataset.limit ?? 0), counts: radio?.dataset.counts ?? '' };
}

function updateCount() {
  const text = area.value;
  const length = measure(state.network, text);
  const { name, counts } = networkInfo(state.network);
  const limit = state.limit || networkInfo(state.network).limit;
  const invalid = state.network === 'x' && text.length > 0 && length <= limit && !isValidTweet(text);
  const over = length > limit;
  counter.textContent = `${numbers.format(length)} / ${numbers.format(limit)}`;
  counterRow.classList.toggle('is-over', over || invalid);
  counterRow.classList.toggle('is-near', !over && length > limit * 0.9);
  counterRow.dataset.length = String(length);
  counterRow.dataset.limit = String(limit);
  if (over) {
    rule.textContent = `${numbers.format(length - limit)} over ${name}'s limit. ${name} counts ${counts}.`;
  } else if (invalid) {
    rule.textContent = `Contains a character ${name} refuses (such as a byte order mark).`;
  } else {
    rule.textContent = `${name} counts ${counts}.`;
  }
  // Announce only when the post starts or stops fitting, not on every keystroke.
  const nowOver = over || invalid;
  // A post the network would refuse is not copied: say why next to the disabled button.
  copyButton.disabled = nowOver;
  copyWhy.hidden = !nowOver;
  copyWhy.textContent = over
    ? `Copy is off: the post is ${numbers.format(length - limit)} over ${name}'s limit. Shorten it, or pick a network with room for it.`
    : invalid
      ? `Copy is off: ${name} would refuse this post. Remove the character it refuses.`
      : '';
  if (state.over !== null && nowOver !== state.over) {
    announce.textContent = nowOver ? `Over ${name}'s limit by ${length - limit}.` : `Fits ${name}'s limit.`;
  }
  state.over = nowOver;
}

async function loadPost(network) {
  const request = (state.request += 1);
  state.network = network;
  errorBox.hidden = true;
  status.textContent = '';
  area.setAttribute('aria-busy', 'true');
  try {
    const [post] = await Promise.all([
      api(`/api/quotes/${encodeURIComponent(state.quote.id)}/post?network=${encodeURIComponent(network)}`),
      tldsReady,
    ]);
    if (request !== state.request) return; // another network was picked meanwhile
    state.fitted = post.text;
    state.limit = post.limit;
    state.edited = false;
    state.over = null;
    area.value = post.text;
    updateCount();
  } catch (error) {
    if (request !== state.request) return;
    errorBox.textContent = error.message;
    errorBox.hidden = false;
  } finally {
    if (request === state.request) area.removeAttribute('aria-busy');
  }
}

export function openPostDialog(quote, opener, network = 'x') {
  state.quote = quote;
  state.opener = opener;
  for (const radio of radios) radio.checked = radio.value === network;
  area.value = '';
  state.limit = 0;
  updateCount();
  dialog.showModal();
  area.focus();
  return loadPost(network);
}

for (const radio of radios) {
  radio.addEventListener('change', () => {
    if (!radio.checked) return;
    if (state.edited) {
      // Keep the user's words; count them the new network's way (Reset gives its fitted text).
      state.network = radio.value;
      state.limit = networkInfo(radio.value).limit;
      updateCount();
    } else {
      loadPost(radio.value);
    }
  });
}

area.addEventListener('input', () => {
  state.edited = area.value !== state.fitted;
  status.textContent = '';
  updateCount();
});

resetButton.addEventListener('click', () => loadPost(state.network));

copyButton.addEventListener('click', async () => {
  try {
    await copyText(area.value);
    status.textContent = 'Copied. Paste it into your post.';
  } catch (error) {
    status.textContent = error.message;
  }
});

dialog.querySelector('[data-close]').addEventListener('click', () => dialog.close());
// A click on the backdrop (outside the dialog's box) closes it too.
dialog.addEventListener('click', (event) => {
  if (event.target === dialog) {
    const box = dialog.getBoundingClientRect();
    const inside = event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
    if (!inside) dialog.close();
  }
});
dialog.addEventListener('close', () => {
  state.request += 1;
  state.opener?.focus();
});
