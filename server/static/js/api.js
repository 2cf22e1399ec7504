// Calls to the local JSON API with the page's token. One place turns every failure (the
// server's JSON error, a network error, a dead server) into an ApiError whose message tells the
// user what to do, so views only ever show error.message.

const TOKEN = document.querySelector('meta[name="quotebank-token"]')?.content ?? '';
// How the quotebank command runs on this machine (the venv's path when it is not on the PATH).
const SERVE = `${document.querySelector('meta[name="quotebank-command"]')?.content || 'quotebank'} serve`;

export class ApiError extends Error {
  constructor(message, { status = 0, code = 'network', field = null } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    // ValidationError messages start with the field name ("handle: must look like ..."),
    // which lets a form put the message next to the right input.
    this.field = field;
  }
}

function explain(status, body) {
  const error = body && typeof body === 'object' ? body.error : null;
  const message = error && typeof error.message === 'string' ? error.message : '';
  if (status === 401) {
    return 'The server no longer accepts this page\'s token (it was rotated?). Reload the page.';
  }
  if (status >= 500) {
    return `The server failed: ${message || `error ${status}`}. Its log (the terminal running "${SERVE}") says more.`;
  }
  return message || `The server answered ${status}.`;
}

// The header every /api request carries (the token never goes into an address).
export function authHeaders() {
  return { Authorization: `Bearer ${TOKEN}` };
}

// An ApiError for a response that is not ok, with the server's message when it sent one.
export async function explainFailure(response) {
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  const code = data?.error?.code ?? 'error';
  const match = /^([a-z_]+): /.exec(data?.error?.message ?? '');
  return new ApiError(explain(response.status, data), { status: response.status, code, field: match ? match[1] : null });
}

export async function api(path, { method = 'GET', body, signal, keepalive = false } = {}) {
  const headers = { ...authHeaders(), Accept: 'application/json' };
  const init = { method, headers, signal, keepalive, cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(
      `Cannot reach the quotebank server. Is "${SERVE}" still running? Start it, then try again.`,
    );
  }
  if (response.status === 204) return null;
  if (!response.ok) throw await explainFailure(response);
  try {
    return await response.json();
  } catch {
    return null;
  }
}

export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
