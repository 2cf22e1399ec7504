// Delete with undo. The quote disappears from the page at once, but DELETE is sent only when the
// "Undo" notification ends (UNDO_MS, paused while the pointer or focus is on it). Undo therefore
// restores the very same row: id, capture date, extracted context and page stay as they were,
// which re-creating it through POST /api/quotes could not promise. Leaving the page sends the
// waiting deletes at once (fetch keepalive), so a delete the user did not undo is never lost.

import { api } from './api.js';
import { announceRemoval } from './quotes.js';
import { notify, notifyError } from './toast.js';

export const UNDO_MS = 8000;
const waiting = new Map(); // id -> send(): the DELETE not yet sent

export function isBeingDeleted(id) {
  return waiting.has(id);
}

function cardsOf(id) {
  return [...document.querySelectorAll('li.quote')].filter((card) => card.dataset.id === id);
}

// Where keyboard focus goes once a card is gone: the next card, else the previous one, else the
// list's heading, so focus never falls back to the top of the page.
function focusTargetAfter(card) {
  const next = card.nextElementSibling ?? card.previousElementSibling;
  if (next) return () => next.querySelector('button, a[href], input')?.focus();
  const list = card.parentElement;
  const heading = list && document.getElementById(list.getAttribute('aria-labelledby'));
  return () => {
    if (heading) {
      heading.tabIndex = -1;
      heading.focus();
    }
  };
}

export function deleteQuote(id, origin) {
  if (waiting.has(id)) return;
  const placements = cardsOf(id).map((card) => ({ card, parent: card.parentElement, next: card.nextElementSibling }));
  const focusNext = origin ? focusTargetAfter(origin) : () => {};
  for (const { card } of placements) card.remove();
  announceRemoval(id, true);

  const restore = () => {
    for (const { card, parent, next } of placements) {
      if (!parent.isConnected) continue;
      if (next && next.parentElement === parent) parent.insertBefore(card, next);
      else parent.append(card);
    }
    announceRemoval(id, false);
    const restored = placements.find(({ card }) => card.isConnected)?.card;
    restored?.querySelector('[data-action="delete"]')?.focus();
  };

  const send = async () => {
    waiting.delete(id);
    try {
      await api(`/api/quotes/${encodeURIComponent(id)}`, { method: 'DELETE', keepalive: true });
    } catch (error) {
      if (error.status === 404) return; // already gone: what the user wanted
      restore();
      notifyError(new Error(`The quote could not be deleted: ${error.message}`));
    }
  };
  waiting.set(id, send);

  const toast = notify('Quote deleted.', {
    action: {
      label: 'Undo',
      run: () => {
        waiting.delete(id);
        restore();
        notify('Quote restored.');
      },
    },
    timeout: UNDO_MS,
    onTimeout: ({ hadFocus }) => {
      if (waiting.has(id)) send();
      if (hadFocus) focusNext();
    },
  });
  toast.button.focus();
}

// The page is going away: send what is waiting now; keepalive lets the request outlive the page.
export function flushDeletes() {
  for (const send of [...waiting.values()]) send();
}

window.addEventListener('pagehide', flushDeletes);
