// Options page: server address and token, "Test connection", and the captures that wait.

import {
  hasOrigins,
  hasPermissions,
  onStorageChanged,
  removePermissions,
  requestOrigins,
  requestPermissions,
  sendMessage,
} from '../background/browser.js';
import { testConnection } from '../background/connection.js';
import { readLists } from '../background/queue.js';
import {
  loadSettings,
  normaliseServerUrl,
  originPattern,
  saveSettings,
  searchPageUrl,
} from '../background/settings.js';
import { el, hostOf, snippet, when } from '../ui/dom.js';

const $ = (id) => document.getElementById(id);

function say(text, tone = 'info') {
  $('status').textContent = text;
  $('status').dataset.tone = tone;
}

/** Run a click handler, showing anything unexpected in the status line. */
const guarded = (handler) => (event) => handler(event).catch((error) => say(error.message, 'bad'));

function typedSettings() {
  return { serverUrl: normaliseServerUrl($('server').value), token: $('token').value.trim() };
}

function showSearchLink(serverUrl) {
  $('search-link').href = searchPageUrl(serverUrl);
}

async function save(event) {
  event.preventDefault();
  const settings = typedSettings();
  // Asked first thing in the click: Firefox shows the prompt only during a user action, and it
  // may not have granted the loopback address at install.
  const granted = await requestOrigins([originPattern(settings.serverUrl)]);
  if (!granted) {
    say(`Not saved: quotebank needs your permission to reach ${settings.serverUrl}.`, 'bad');
    return;
  }
  const stored = await saveSettings(settings);
  $('server').value = stored.serverUrl;
  showSearchLink(stored.serverUrl);
  // What was just saved is what every capture will use: check it at once, so a wrong token
  // is named now and not at the first quote.
  say('Saved. Testing the connection…');
  const report = await testConnection(stored);
  say(savedReport(report), report.ok ? 'good' : 'bad');
  // Captures held back by a wrong token or address need not wait for the next alarm.
  if (report.ok && (await readLists()).queue.length > 0) await sendMessage({ type: 'retry' });
}

function savedReport(report) {
  if (report.problem === 'bad-token') return `Saved, but the server refused this token. ${report.message}`;
  return report.ok ? `Saved. ${report.message}` : `Saved, but it does not work yet. ${report.message}`;
}

const sameSettings = (a, b) => a.serverUrl === b.serverUrl && a.token === b.token;

/** Tests the saved settings, the ones captures use; says when the fields differ from them. */
async function test() {
  const saved = await loadSettings();
  let typed = null;
  try {
    typed = typedSettings();
  } catch {
    // An address that does not parse is only typed, never saved: the saved one is still tested.
  }
  if (!(await hasOrigins([originPattern(saved.serverUrl)]))) {
    say(`No permission to reach ${saved.serverUrl} yet: click Save and allow it.`, 'bad');
    return;
  }
  say('Testing…');
  const report = await testConnection(saved);
  const unsaved = typed === null || !sameSettings(typed, saved);
  const note = unsaved ? ' The changes typed above are not saved: click Save to use them.' : '';
  const prefix = report.problem === 'bad-token' ? 'The saved token was refused. ' : '';
  say(`${prefix}${report.message}${note}`, report.ok && !unsaved ? 'good' : 'bad');
}

/** The optional "tabs" permission: asked in the click (browsers prompt only then). */
async function togglePageCounts() {
  const box = $('page-counts');
  if (!box.checked) {
    await removePermissions(['tabs']);
    say('The button no longer shows the count by itself; the popup still lists the quotes of a page.');
    return;
  }
  box.checked = await requestPermissions(['tabs']);
  if (!box.checked) {
    say('Not allowed: the popup still lists the quotes of a page when you open it.', 'bad');
    return;
  }
  const { tabs } = await sendMessage({ type: 'refresh-pages' });
  say(`The button now shows how many quotes you saved from each page (${tabs} open pages checked).`, 'good');
}

async function retry() {
  say('Sending…');
  const summary = await sendMessage({ type: 'retry' });
  const stopped = summary.message ? ` Stopped: ${summary.message}.` : '';
  say(`${summary.delivered} delivered, ${summary.waiting} still waiting.${stopped}`, summary.message ? 'bad' : 'good');
}

function entryItem(entry, buttons = []) {
  const tries = entry.attempts === 1 ? '1 attempt' : `${entry.attempts} attempts`;
  const meta = `${hostOf(entry.url)} · saved ${when(entry.createdAt)} · ${tries}`;
  return el(
    'li',
    {},
    el('div', {}, snippet(entry.text)),
    el('div', { class: 'meta' }, meta),
    entry.lastError ? el('div', { class: 'error' }, entry.lastError) : '',
    buttons.length ? el('div', { class: 'row' }, ...buttons) : '',
  );
}

function failedButtons(entry) {
  const retryOne = el('button', { type: 'button' }, 'Retry');
  retryOne.addEventListener(
    'click',
    guarded(async () => {
      const summary = await sendMessage({ type: 'retry-failed', id: entry.id });
      say(summary.delivered ? 'Delivered.' : `Not delivered: ${summary.message ?? 'refused again'}.`);
    }),
  );
  const dismiss = el('button', { type: 'button', class: 'plain' }, 'Dismiss');
  dismiss.addEventListener('click', guarded(() => sendMessage({ type: 'dismiss', id: entry.id })));
  return [retryOne, dismiss];
}

function renderList(id, entries, emptyText, buttonsFor) {
  const items = entries.map((entry) => entryItem(entry, buttonsFor(entry)));
  $(id).replaceChildren(...(items.length ? items : [el('li', { class: 'empty' }, emptyText)]));
  $(`${id}-count`).textContent = `(${entries.length})`;
}

async function renderLists() {
  const { queue, failed } = await readLists();
  renderList('queue', queue, 'Nothing waiting.', () => []);
  renderList('failed', failed, 'Nothing refused.', failedButtons);
  $('retry').disabled = queue.length === 0;
}

async function start() {
  const settings = await loadSettings();
  $('server').value = settings.serverUrl;
  $('token').value = settings.token;
  showSearchLink(settings.serverUrl);
  $('settings').addEventListener('submit', guarded(save));
  $('test').addEventListener('click', guarded(test));
  $('retry').addEventListener('click', guarded(retry));
  $('page-counts').checked = await hasPermissions(['tabs']);
  $('page-counts').addEventListener('change', guarded(togglePageCounts));
  onStorageChanged(() => renderLists().catch((error) => say(error.message, 'bad')));
  await renderLists();
  // Firefox may install without the loopback permission; the prompt needs a click (Save).
  if (!(await hasOrigins([originPattern(settings.serverUrl)]))) {
    say(`quotebank may not reach ${settings.serverUrl} yet: click Save and allow it.`, 'bad');
  }
}

start().catch((error) => say(error.message, 'bad'));
