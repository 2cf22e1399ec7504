// A stand-in for `quotebank serve` behind globalThis.fetch: the statuses and bodies the real
// API answers (design.md), plus switches to make it unreachable or answer something else.

const json = (status, body) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const error = (status, code, message) => json(status, { error: { code, message } });

export class FakeServer {
  constructor({ origin = 'http://127.0.0.1:8765', token = 'secret-token' } = {}) {
    this.origin = origin;
    this.token = token;
    this.quotes = new Map();
    this.posts = []; // every POST /api/quotes body that reached the server, parsed, in order
    this.attempted = []; // every POST /api/quotes body sent, reached or not
    this.patches = []; // every PATCH that reached the server: {id, ...fields}
    this.down = false;
    this.forced = []; // answers to give before the real ones: {status, body}
    this.author = null; // what "extraction" finds, shown from the second read on
    this.siteName = null;
    this.instant = false; // true: extraction done before the 201, as with the inline pipeline
  }

  install() {
    globalThis.fetch = (url, init = {}) => this.fetch(String(url), init);
    return this;
  }

  /** Answer the next `count` POSTs with `status` (and a contract-shaped error body). */
  force(status, message = `forced ${status}`, count = 1) {
    for (let i = 0; i < count; i += 1) this.forced.push({ status, message });
  }

  async fetch(url, init) {
    if ((init.method ?? 'GET') === 'POST') this.attempted.push(JSON.parse(init.body));
    if (this.down || !url.startsWith(`${this.origin}/`)) {
      throw new TypeError('Failed to fetch');
    }
    const { pathname, searchParams } = new URL(url);
    const method = init.method ?? 'GET';
    if (pathname === '/api/health') return json(200, { status: 'ok', version: '0.1.0' });
    if (init.headers?.Authorization !== `Bearer ${this.token}`) {
      return error(401, 'unauthorized', 'missing or wrong token');
    }
    if (method === 'POST' && pathname === '/api/quotes') return this.capture(JSON.parse(init.body));
    if (method === 'GET' && pathname === '/api/quotes') {
      const limit = Number(searchParams.get('limit') ?? 50);
      const urls = searchParams.getAll('url');
      const all = [...this.quotes.values()].reverse(); // newest first
      const matching = urls.length ? all.filter((quote) => urls.includes(quote.url)) : all;
      return json(200, { total: matching.length, results: matching.slice(0, limit) });
    }
    if (method === 'GET' && pathname === '/api/tags') {
      const counts = new Map();
      for (const quote of this.quotes.values()) {
        for (const tag of quote.tags ?? []) counts.set(tag, (counts.get(tag) ?? 0) + 1);
      }
      const results = [...counts].map(([tag, count]) => ({ tag, count }));
      results.sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
      return json(200, { results });
    }
    const one = pathname.match(/^\/api\/quotes\/([^/]+)$/);
    if (method === 'PATCH' && one) {
      this.patches.push({ id: decodeURIComponent(one[1]), ...JSON.parse(init.body) });
      const quote = this.quotes.get(decodeURIComponent(one[1]));
      if (!quote) return error(404, 'not_found', 'no such quote');
      Object.assign(quote, JSON.parse(init.body));
      return json(200, quote);
    }
    if (method === 'GET' && one) {
      const quote = this.quotes.get(decodeURIComponent(one[1]));
      if (!quote) return error(404, 'not_found', 'no such quote');
      return json(200, { ...quote, author: this.author, site_name: this.siteName, status: 'ready' });
    }
    return error(404, 'not_found', 'not found');
  }

  capture(body) {
    this.posts.push(body);
    const forced = this.forced.shift();
    if (forced) return error(forced.status, 'forced', forced.message);
    if (typeof body.text !== 'string' || !body.text.trim()) return error(400, 'validation', 'text: is required');
    const known = this.quotes.get(body.id);
    if (known) {
      if (known.text !== body.text) return error(409, 'conflict', 'a different quote already has this id');
      return json(200, known);
    }
    // The contract: the same text from the same page answers the earlier quote, flagged.
    const earlier = [...this.quotes.values()].find((quote) => quote.text === body.text && quote.url === body.url);
    if (earlier) return json(200, { ...earlier, duplicate: true });
    const { html, ...fields } = body;
    const found = this.instant ? { author: this.author, site_name: this.siteName, status: 'ready' } : {};
    const quote = {
      tags: [],
      note: '',
      ...fields,
      author: null,
      site_name: null,
      status: 'pending',
      htmlLength: html?.length ?? 0,
      ...found,
    };
    this.quotes.set(body.id, quote);
    return json(201, quote);
  }
}
