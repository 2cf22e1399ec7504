// The four sections of the page (Search, Recall, Digest, Connect), one shown at a time and chosen
// by the address's #fragment, so the browser's Back button, bookmarks and plain links all work.
// Other modules learn of a switch through the "quotebank:view" event.

const VIEWS = ['search', 'recall', 'digest', 'connect'];
let current = null;

export function currentView() {
  return current;
}

function viewFromHash() {
  const name = location.hash.slice(1);
  return VIEWS.includes(name) ? name : null;
}

export function show(view, { focus = true } = {}) {
  if (!VIEWS.includes(view)) return;
  const changed = view !== current;
  current = view;
  for (const section of document.querySelectorAll('[data-view]')) {
    section.hidden = section.dataset.view !== view;
  }
  for (const link of document.querySelectorAll('[data-view-link]')) {
    if (link.dataset.viewLink === view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (changed) document.dispatchEvent(new CustomEvent('quotebank:view', { detail: { view } }));
  if (focus) {
    // A screen reader user hears where they are; a keyboard user can start typing in Search.
    const target = view === 'search' ? document.getElementById('q') : document.getElementById(`${view}-heading`);
    target?.focus();
  }
}

export function initViews() {
  window.addEventListener('hashchange', () => {
    const view = viewFromHash();
    if (view) show(view);
  });
  const first = viewFromHash() ?? 'search';
  // Search is what the page is for: with a keyboard and mouse at hand, start in the search box
  // (not on touch screens, where focusing it would pop up the on-screen keyboard).
  show(first, { focus: false });
  if (first === 'search' && matchMedia('(pointer: fine)').matches) document.getElementById('q').focus();
}
