// The events that keep every view of one quote in step: an edit made in Search also shows in
// Recall and in the digest list, and a deleted quote leaves all of them.

export function announceUpdate(quote) {
  document.dispatchEvent(new CustomEvent('quotebank:quote-updated', { detail: { quote } }));
}

export function announceRemoval(id, removed) {
  // removed: true when deleted (or hidden while Undo is offered), false when Undo restored it.
  document.dispatchEvent(new CustomEvent('quotebank:quote-removed', { detail: { id, removed } }));
}
