// Inline editing of a quote's tags, note and attribution (PATCH /api/quotes/<id>).
// Only the fields the user changed are sent, so an edit never overwrites a field that extraction
// filled in meanwhile. The server's validation message is shown next to the field it names.

import { api } from './api.js';
import { announceUpdate } from './quotes.js';
import { notify } from './toast.js';

const template = document.getElementById('edit-template');
const FIELDS = ['tags', 'note', 'author', 'speaker', 'handle', 'site_name', 'published', 'title'];
let formCount = 0;

const shown = (quote, field) => (field === 'tags' ? (quote.tags ?? []).join(', ') : quote[field] ?? '');

const sameTags = (a, b) =>
  JSON.stringify(a.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean)) ===
  JSON.stringify(b.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean));

function buildForm(quote) {
  const form = template.content.firstElementChild.cloneNode(true);
  formCount += 1;
  // Labels in a template cannot point at ids that must be unique per card: give them ids now.
  for (const input of form.querySelectorAll('[data-field]')) {
    const id = `edit-${formCount}-${input.dataset.field}`;
    input.id = id;
    form.querySelector(`label[data-for="${input.dataset.field}"]`).htmlFor = id;
    input.value = shown(quote, input.dataset.field);
  }
  form.setAttribute('aria-label', 'Edit this quote');
  return form;
}

export function toggleEdit(card, quote) {
  const button = card.querySelector('[data-action="edit"]');
  const open = card.querySelector('form.edit');
  if (open) {
    close(card);
    return;
  }
  const form = buildForm(quote);
  const message = form.querySelector('.message');
  card.querySelector('.quote__card').append(form);
  button.setAttribute('aria-expanded', 'true');
  form.querySelector('[data-field="tags"]').focus();

  form.querySelector('[data-cancel]').addEventListener('click', () => close(card, true));
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close(card, true);
    }
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const changes = {};
    for (const field of FIELDS) {
      const value = form.querySelector(`[data-field="${field}"]`).value;
      const before = shown(quote, field);
      if (field === 'tags' ? !sameTags(value, before) : value.trim() !== String(before).trim()) {
        changes[field] = field === 'tags' ? value.split(',').map((t) => t.trim()).filter(Boolean) : value;
      }
    }
    if (Object.keys(changes).length === 0) {
      close(card, true);
      return;
    }
    if (form.dataset.saving) return;
    // Not `disabled`: a disabled button drops keyboard focus, and focus should stay in the card.
    form.dataset.saving = 'true';
    message.hidden = true;
    try {
      const saved = await api(`/api/quotes/${encodeURIComponent(quote.id)}`, { method: 'PATCH', body: changes });
      announceUpdate(saved); // re-renders this card (and its copy in Recall), focus on Edit
      notify('Changes saved.');
    } catch (error) {
      delete form.dataset.saving;
      message.textContent = error.message;
      message.hidden = false;
      const input = error.field && form.querySelector(`[data-field="${error.field}"]`);
      if (input) {
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', (message.id ||= `${input.id}-error`));
        input.focus();
      }
    }
  });
}

function close(card, refocus = false) {
  card.querySelector('form.edit')?.remove();
  const button = card.querySelector('[data-action="edit"]');
  button.setAttribute('aria-expanded', 'false');
  if (refocus) button.focus();
}
