// Starts the page: each module owns one part of it; this wires them together.

import { initActions } from './actions.js';
import { api } from './api.js';
import { initConnect } from './connect.js';
import { initDigest, isPicked } from './digest.js';
import { initExport } from './export.js';
import { initRecall } from './recall.js';
import { quoteOf, replaceCard } from './render.js';
import { initSearch, setBankEmpty } from './search.js';
import { initViews } from './views.js';

const lists = [document.getElementById('results'), document.getElementById('recall-results')];

// An edit re-renders every card of that quote, keeping each card's own highlight.
document.addEventListener('quotebank:quote-updated', (event) => {
  const { quote } = event.detail;
  for (const card of document.querySelectorAll('li.quote')) {
    if (card.dataset.id !== quote.id) continue;
    const shown = quoteOf(card);
    const merged = shown && shown.text === quote.text ? { ...quote, highlight: shown.highlight } : quote;
    replaceCard(card, merged, { mode: card.dataset.mode, picked: isPicked(quote.id) });
  }
});


initDigest();
initRecall();
initConnect();
initExport();
initActions(lists);
initSearch();
initViews(); // last: showing the first view tells the modules above, which now listen
// Whether the bank is empty decides between "no quotes yet" and "no match"; asked in parallel
// with the first search so it does not delay it.
api('/api/status')
  .then((status) => setBankEmpty(status.quotes === 0))
  .catch(() => {}); // the search shows any error itself
document.documentElement.dataset.ready = 'true';
