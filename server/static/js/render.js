// One quote as a result card, cloned from <template id="quote-template">.
//
// Every captured string (quote, title, author, site, note, tags, URLs) came from a web page: it
// is written with textContent only, links are made only for http(s) URLs, and the highlight is
// rebuilt from checked text and <mark> runs (highlight.js). Nothing here parses HTML.

import { highlightFragment, highlightText } from './highlight.js';
import { attributionParts, attributionText } from './posts.js';

const template = document.getElementById('quote-template');
const quotes = new WeakMap(); // card -> the quote it shows (with its own highlight)

export function quoteOf(card) {
  return quotes.get(card) ?? null;
}
// Long quotes are folded to a few lines with a button to unfold them, so one 10,000-character
// quote does not push every other result off the screen.
const FOLD_OVER = 600;
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const savedFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

function formatDay(day) {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : dayFormat.format(date);
}

function formatSaved(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : savedFormat.format(date);
}

function time(datetime, text) {
  const element = document.createElement('time');
  element.dateTime = datetime;
  element.textContent = text;
  return element;
}

function words(text, count) {
  const parts = text.trim().split(/\s+/);
  return parts.length > count ? `${parts.slice(0, count).join(' ')}…` : parts.join(' ');
}

function fillText(card, quote) {
  const block = card.querySelector('.quote__text');
  block.dir = 'auto'; // a right-to-left quote reads right to left, and stays in its block
  const more = card.querySelector('.quote__more');
  const highlighted = typeof quote.highlight === 'string' ? highlightText(quote.highlight) : null;
  // The highlight of a long quote is an excerpt around the matches; unfolding shows it all.
  const excerpt = highlighted !== null && highlighted !== quote.text;
  const long = quote.text.length > FOLD_OVER;
  const showShort = () => {
    block.replaceChildren(
      highlighted === null
        ? document.createTextNode(quote.text)
        : highlightFragment(quote.highlight, quote.text),
    );
    block.classList.toggle('is-folded', long && !excerpt);
  };
  showShort();
  if (!excerpt && !long) return;
  more.hidden = false;
  more.setAttribute('aria-expanded', 'false');
  more.addEventListener('click', () => {
    const open = more.getAttribute('aria-expanded') !== 'true';
    more.setAttribute('aria-expanded', String(open));
    more.textContent = open ? 'Show less' : 'Show the whole quote';
    if (open) {
      block.replaceChildren(document.createTextNode(quote.text));
      block.classList.remove('is-folded');
    } else {
      showShort();
    }
  });
}

// Names for the fields a search may match besides the quote (the API's matched_in).
const FIELD_NAMES = {
  title: 'title',
  note: 'note',
  author: 'author',
  speaker: 'speaker',
  handle: 'handle',
  site_name: 'site',
  tags: 'tags',
};

// A quote found through its title, note, author, site or tags has no mark in its text: say
// where it matched, with the matched words marked there.
function fillMatched(card, quote) {
  const line = card.querySelector('.quote__matched');
  const found = Array.isArray(quote.matched_in) ? quote.matched_in : [];
  const parts = found.filter((match) => FIELD_NAMES[match?.field] && typeof match.highlight === 'string');
  if (parts.length === 0) return;
  line.append('Matched in ');
  parts.forEach((match, index) => {
    if (index) line.append('; ');
    const name = document.createElement('span');
    name.className = 'quote__matched-field';
    name.textContent = `${FIELD_NAMES[match.field]}: `;
    const value = document.createElement('bdi'); // the field's text, isolated like the others
    value.append(highlightFragment(match.highlight, ''));
    line.append(name, value);
  });
  line.hidden = false;
}

// Each captured field is shown in its own bidi isolate (<bdi>): a name ending in a right-to-left
// override, or simply written right to left, must not reorder the words shown after it.
function isolated(text) {
  const element = document.createElement('bdi');
  element.textContent = text;
  return element;
}

function siteNode(site, link) {
  if (!link) return isolated(site);
  const anchor = document.createElement('a');
  anchor.href = link;
  anchor.target = '_blank';
  anchor.rel = 'noopener noreferrer';
  const hint = document.createElement('span');
  hint.className = 'visually-hidden';
  hint.textContent = ' (opens in a new tab)';
  anchor.append(isolated(site), hint);
  return anchor;
}

// The line reads as attributionText(who, site, book, via) says, with each field isolated.
function fillAttribution(card, quote) {
  const line = card.querySelector('.quote__attribution');
  const { who, site, link, book, via } = attributionParts(quote);
  // The person, "who via @handle" when attributionText adds the handle.
  const person = who && via ? [isolated(who), ' via ', isolated(via)] : [isolated(who ?? '')];
  if (!attributionText(who, site, book, via)) {
    line.hidden = true;
  } else if (book) {
    line.append('- ');
    if (who) line.append(...person, ', ');
    line.append(isolated(book));
  } else {
    line.append('- ');
    if (who) line.append(...person);
    if (who && site) line.append(', ');
    if (site) line.append('Source: ', siteNode(site, link));
  }
  const source = card.querySelector('[data-action="source"]');
  if (link) {
    source.href = link;
    source.hidden = false;
  } else {
    source.remove(); // nothing safe to open
  }
  return who;
}

function fillMeta(card, quote, who) {
  const meta = card.querySelector('.quote__meta');
  const parts = [];
  if (quote.author && who !== quote.author) {
    // With a speaker in the attribution line, the author is the one who wrote the article.
    const byline = document.createElement('span');
    if (quote.speaker && who === quote.speaker.trim()) byline.append('Article by ');
    byline.append(isolated(quote.author));
    parts.push(byline);
  }
  if (quote.title) {
    const title = document.createElement('cite');
    title.dir = 'auto'; // an element with dir is a bidi isolate
    title.textContent = quote.title;
    parts.push(title);
  }
  if (quote.published) {
    parts.push(time(quote.published, formatDay(quote.published)));
  } else if (quote.created_at) {
    const saved = document.createElement('span');
    saved.append('Saved ', time(quote.created_at, formatSaved(quote.created_at)));
    parts.push(saved);
  }
  if (quote.status === 'pending') {
    const badge = document.createElement('span');
    badge.className = 'badge';
    badge.textContent = 'Finding author and source…';
    parts.push(badge);
  } else if (quote.status === 'failed') {
    const badge = document.createElement('span');
    badge.className = 'badge badge--warn';
    badge.textContent = 'Source details not found: use Edit to add them';
    parts.push(badge);
  }
  parts.forEach((part, index) => {
    if (index) meta.append(' · ');
    meta.append(part);
  });
  meta.hidden = parts.length === 0;
}

function fillTags(card, quote) {
  const list = card.querySelector('.tags');
  for (const tag of quote.tags ?? []) {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'tag';
    button.dataset.action = 'tag';
    button.dataset.tag = tag;
    const hidden = document.createElement('span');
    hidden.className = 'visually-hidden';
    hidden.textContent = 'Show quotes tagged ';
    button.append(hidden, isolated(tag));
    item.append(button);
    list.append(item);
  }
  list.hidden = list.childElementCount === 0;
}

// mode "search": pick for digest, post, copy, source, edit, delete; mode "recall": insert first.
// Why a recall or meaning search found the quote: its words shared with the draft (also
// marked in the text), and whether it is close in meaning.
function fillWhy(card, quote) {
  const why = quote.why;
  const parts = [];
  if (quote.near_duplicate) {
    parts.push('Nearly the same quote');
    card.querySelector('[data-action="merge"]').hidden = false;
  }
  if (why?.close_in_meaning) parts.push('Close in meaning');
  if (why?.words.length) parts.push(`Shares ${why.words.map((word) => `“${word}”`).join(', ')}`);
  const line = card.querySelector('.quote__why');
  line.textContent = parts.join(' · ');
  line.hidden = parts.length === 0;
}

export function renderQuote(quote, { mode = 'search', picked = false } = {}) {
  const item = template.content.firstElementChild.cloneNode(true);
  item.dataset.id = quote.id;
  item.dataset.mode = mode;
  quotes.set(item, quote);
  fillText(item, quote);
  fillMatched(item, quote);
  const who = fillAttribution(item, quote);
  fillMeta(item, quote, who);
  fillTags(item, quote);
  fillWhy(item, quote);
  if (quote.note) {
    const note = item.querySelector('.quote__note');
    const text = note.querySelector('.quote__note-text');
    text.dir = 'auto';
    text.textContent = quote.note;
    note.hidden = false;
  }
  const actions = item.querySelector('.quote__actions');
  actions.setAttribute('aria-label', `Actions for “${words(quote.text, 6)}”`);
  const box = item.querySelector('.pick__box');
  box.checked = picked;
  if (mode === 'recall') {
    for (const name of ['edit', 'delete']) actions.querySelector(`[data-action="${name}"]`).remove();
    item.querySelector('.pick').remove();
    const insert = actions.querySelector('[data-action="insert"]');
    insert.hidden = false;
    actions.prepend(insert);
  } else {
    actions.querySelector('[data-action="insert"]').remove();
  }
  return item;
}

// Replace the card of a quote in place (after an edit), keeping keyboard focus on the same
// action so a keyboard user is not thrown back to the top of the page.
export function replaceCard(old, quote, options) {
  const fresh = renderQuote(quote, options);
  const focused = old.contains(document.activeElement) ? document.activeElement : null;
  const action = focused?.dataset?.action ?? (focused ? 'edit' : null);
  old.replaceWith(fresh);
  if (action) fresh.querySelector(`[data-action="${action}"]`)?.focus();
  return fresh;
}
