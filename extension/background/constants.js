// Names and limits shared by the service worker and the extension pages.
// Constants only: anything that changes at run time lives in chrome.storage.

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:8765';

// The server's default limits (server/app.py): page HTML up to 10 MiB, and a request body up to
// that plus 256 KiB for the rest of the capture. We count the HTML in bytes of its JSON form,
// which is never less than the characters the server counts, and keep a little slack in the body.
export const HTML_LIMIT_BYTES = 10 * 1024 * 1024;
export const BODY_LIMIT_BYTES = HTML_LIMIT_BYTES + 250 * 1024;
export const CONTEXT_LIMIT_CHARS = 2_000;
export const TITLE_LIMIT_CHARS = 1_000;

export const REQUEST_TIMEOUT_MS = 30_000;
// A capture not yet tried and younger than this is probably still being sent by the save that
// made it; a retry run leaves it alone so the same quote is not posted twice at once.
export const IN_FLIGHT_MS = REQUEST_TIMEOUT_MS + 10_000;
// The server answers 201 before it extracts the author; design.md allows it 1 s to finish.
export const AUTHOR_LOOKUP_DELAY_MS = 1_500;
export const RECENT_LIMIT = 10;
// How long after a save the popup offers tags and a note for it.
export const ANNOTATE_WINDOW_MS = 30 * 60 * 1000;

export const STORAGE_KEYS = Object.freeze({
  settings: 'settings',
  queue: 'queue',
  failed: 'failed',
  recent: 'recent',
  lastSave: 'lastSave', // the latest "Save quote", for the popup's tags and note
  edits: 'edits', // tags and notes for delivered quotes, waiting for the server (PATCH)
  tagCache: 'tagCache', // the server's tags last seen, suggested while it is away
  htmlPrefix: 'html:',
});

// One lock guards every read-modify-write of the lists above, so two saves finishing at
// the same moment (or the options page and the worker) cannot overwrite each other.
export const STATE_LOCK = 'quotebank-state';
// A second lock keeps retry runs (alarm, start-up, "Retry now") from overlapping.
export const RETRY_LOCK = 'quotebank-retry';

export const RETRY_ALARM = 'quotebank-retry';
export const MENU_ID = 'quotebank-save-quote';
export const COMMAND_ID = 'save-quote';

export const BADGE_COLORS = Object.freeze({
  saved: '#2e7d32',
  waiting: '#e08600',
  failed: '#c62828',
  page: '#2f5d9e', // quotes saved from the page in this tab
});
