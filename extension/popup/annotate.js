// The popup's "Just saved": tags (suggested from the ones already used) and a note for the
// latest "Save quote", whether the server has it yet or it waits in the queue.

import { listTags } from '../background/api.js';
import { currentAnnotations, parseTags } from '../background/annotate.js';
import { sendMessage, storageGet, storageSet } from '../background/browser.js';
import { ANNOTATE_WINDOW_MS, STORAGE_KEYS } from '../background/constants.js';
import { el, snippet } from '../ui/dom.js';

const $ = (id) => document.getElementById(id);
const SUGGESTED = 8;

const STATES = Object.freeze({
  delivered: 'Saved',
  duplicate: 'Already saved',
  retry: 'Kept: it goes to the server when it can',
  failed: 'Refused by the server: see Options',
});

/** The tags the user has, most used first: from the server, else as last seen. */
async function knownTags(settings) {
  const reply = settings.token ? await listTags(settings, 50) : { status: 0 };
  if (reply.status === 200 && Array.isArray(reply.data?.results)) {
    const tags = reply.data.results.map((entry) => entry.tag);
    await storageSet({ [STORAGE_KEYS.tagCache]: tags });
    return tags;
  }
  return (await storageGet(STORAGE_KEYS.tagCache))[STORAGE_KEYS.tagCache] ?? [];
}

function addTag(tag) {
  const tags = parseTags($('tags').value);
  if (!tags.includes(tag)) tags.push(tag);
  $('tags').value = tags.join(', ');
  $('tags').focus();
}

function showSuggestions(tags) {
  $('tag-suggestions').replaceChildren(...tags.map((tag) => el('option', { value: tag })));
  const taken = new Set(parseTags($('tags').value));
  const chips = tags
    .filter((tag) => !taken.has(tag))
    .slice(0, SUGGESTED)
    .map((tag) => {
      const chip = el('button', { type: 'button', class: 'plain', title: `Add the tag ${tag}` }, tag);
      chip.addEventListener('click', () => {
        addTag(tag);
        chip.remove();
      });
      return chip;
    });
  $('suggested').replaceChildren(...chips);
}

async function submit(event, id) {
  event.preventDefault();
  $('annotate-status').textContent = 'Saving…';
  try {
    const answer = await sendMessage({ type: 'annotate', id, tags: $('tags').value, note: $('note').value });
    $('annotate-status').textContent = answer.message;
  } catch (error) {
    $('annotate-status').textContent = `Not saved: ${error.message}`;
  }
}

/** Show "Just saved" for a save made in the last half hour. */
export async function showJustSaved(settings, now = Date.now()) {
  const last = (await storageGet(STORAGE_KEYS.lastSave))[STORAGE_KEYS.lastSave];
  if (!last?.id || now - Date.parse(last.at) > ANNOTATE_WINDOW_MS) return;
  const state = last.duplicate ? 'duplicate' : last.kind;
  $('just-state').textContent = STATES[state] ?? '';
  $('just-state').dataset.tone = state === 'failed' ? 'bad' : 'good';
  $('just-text').textContent = snippet(last.text, 160);
  $('just-saved').hidden = false;
  const current = await currentAnnotations(last.id);
  $('tags').value = current.tags.join(', ');
  $('note').value = current.note;
  $('annotate').addEventListener('submit', (event) => submit(event, last.id));
  showSuggestions(await knownTags(settings));
}
