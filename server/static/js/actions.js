// What the buttons on a result card do. One listener per list (event delegation), so a page of
// new results costs no listeners, and cards rendered later work the same way.

import { api } from './api.js';
import { copyHtml, copyText } from './clipboard.js';
import { deleteQuote } from './delete.js';
import { setPicked } from './digest.js';
import { toggleEdit } from './edit.js';
import { openPostDialog } from './post-dialog.js';
import { insertIntoDraft } from './recall.js';
import { quoteOf } from './render.js';
import { filterByTag, mergeInto, showRelated } from './search.js';
import { notify, notifyError } from './toast.js';

// One quote as Markdown or HTML, written by the server as it writes digests (one set of escaping
// rules, and the link to the sentence the server knows from the stored article).
async function asFormat(quote, format) {
  const body = { ids: [quote.id], format, grouped: false };
  const { text } = await api('/api/compose', { method: 'POST', body });
  return text.replace(/\n$/, '');
}

async function copied(run, what) {
  try {
    await run();
    notify(`Copied ${what}.`);
  } catch (error) {
    notifyError(error);
  }
}

async function onClick(event) {
  const control = event.target.closest('[data-action]');
  const card = control?.closest('li.quote');
  if (!card) return;
  const quote = quoteOf(card);
  switch (control.dataset.action) {
    case 'post':
      openPostDialog(quote, control);
      break;
    case 'markdown':
      await copied(async () => copyText(await asFormat(quote, 'markdown')), 'as Markdown');
      break;
    case 'html':
      await copied(async () => copyHtml(await asFormat(quote, 'html')), 'as HTML');
      break;
    case 'edit':
      toggleEdit(card, quote);
      break;
    case 'delete':
      deleteQuote(quote.id, card);
      break;
    case 'insert':
      insertIntoDraft(quote);
      notify('Inserted into your draft.');
      break;
    case 'tag':
      location.hash = '#search';
      filterByTag(control.dataset.tag);
      break;
    case 'related':
      location.hash = '#search';
      showRelated(quote);
      break;
    case 'merge':
      mergeInto(quote);
      break;
    default:
      break; // "source" is a plain link
  }
}

function onChange(event) {
  const box = event.target;
  if (!box.classList.contains('pick__box')) return;
  const quote = quoteOf(box.closest('li.quote'));
  if (!setPicked(quote, box.checked)) box.checked = false;
}

export function initActions(lists) {
  for (const list of lists) {
    list.addEventListener('click', onClick);
    list.addEventListener('change', onChange);
  }
}
