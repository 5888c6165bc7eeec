import { syntheticArticles } from '../synthetic.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { HttpClient } from '../../src/fetch/client.ts';
import { FAILING_AFTER, Poller, type PollerOptions } from '../../src/fetch/poller.ts';
import { subscribe, type SubscribeOptions } from '../../src/fetch/subscribe.ts';
import { OPML_NAMESPACE, buildOpml, parseOpml } from '../../src/fetch/opml.ts';
import type { Clock } from '../../src/fetch/limiter.ts';
import { createPipeline } from '../../src/ingest/stages.ts';
import { readInput } from '../../src/ingest/readers/index.ts';
import type { SqliteStore } from '../../src/store/sqlite/store.ts';
import { tempStore } from '../helpers.ts';
import { body, huge, jsonl, page, prose, rss, simpleExtract, startServer, trickle, type LocalServer } from './server.ts';

/** Whether readInput reads RSS yet (the feed reader arrives with the readers branch). */
const FEED_READER = (() => {
  try {
    const probe = rss('probe', [{ guid: 'g', title: 'Probe title', link: 'http://127.0.0.1/p', description: 'Probe summary.' }]);
    return readInput({ name: 'probe.xml', bytes: Buffer.from(probe), contentType: 'application/rss+xml' }).some((o) => o.ok && o.draft.headline === 'Probe title');
  } catch {
    return false;
  }
})();

const PARAGRAPHS = [
  'The regional water authority in Velmora confirmed on Monday that repairs to the main pumping station would continue through the weekend despite heavy rain across the valley.',
  'Engineers said the damaged intake had been isolated and that households in the northern districts should expect lower pressure until the work is complete.',
  'The authority apologised for the disruption and said bottled water would be handed out at three community centres from seven in the morning.',
  'Local councillors called for an independent review of maintenance spending, which they said had fallen in each of the past four years.',
];

let server: LocalServer;
let store: SqliteStore;
let cleanup: () => Promise<void>;
let now: number;
const clock: Clock = { now: () => now, sleep: async (ms) => void (now += ms) };
const clients: HttpClient[] = [];

beforeEach(async () => {
  now = Date.parse('2026-03-02T09:00:00.000Z');
  server = await startServer();
  ({ store, cleanup } = await tempStore());
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server.close();
  await cleanup();
});

function poller(options: PollerOptions & { timeoutMs?: number; maxBytes?: number } = {}): Poller {
  const client = new HttpClient({ minIntervalMs: 0, perHostConcurrency: 8, clock, timeoutMs: options.timeoutMs ?? 5_000, maxBytes: options.maxBytes });
  clients.push(client);
  return new Poller(store, createPipeline(store), client, { clock, random: () => 0.5, extractPage: simpleExtract, ...options });
}

async function sub(path: string, options: SubscribeOptions = {}) {
  const target = path.includes(':') ? path : `${server.origin}${path}`;
  return (await subscribe(store, target, { allowPrivate: true, ...options }, new Date(now))).subscription;
}

function fullEntries(prefix: string, n: number) {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${i}`,
    title: `${prefix} report number ${i} on the Velmora water repairs`,
    body: prose(`${prefix}-${i}`).join('\n'),
    url: `${server.origin}/${prefix}/${i}`,
    published: '2026-03-02T08:00:00Z',
  }));
}

async function count() {
  return (await store.articles.counts()).articles;
}

describe('poller', () => {
  it('stores a feed, then a conditional GET answered 304 re-ingests nothing', async () => {
    const doc = jsonl(fullEntries('news', 3));
    server.route('/feed.jsonl', (req, res) => {
      if (req.headers['if-none-match'] === '"abc"') return void res.writeHead(304).end();
      res.writeHead(200, { 'content-type': 'application/x-ndjson', etag: '"abc"' }).end(doc);
    });
    const s = await sub('/feed.jsonl', { every: '15m' });
    const p = poller();
    const [first] = await p.pollDue();
    expect(first).toMatchObject({ ok: true, entries: 3, summary: { new: 3 }, pages: 0 });
    expect((await store.subscriptions.get(s.id))?.etag).toBe('"abc"');
    expect(await p.pollDue()).toEqual([]); // not due yet
    now += 15 * 60 * 1000;
    const [second] = await p.pollDue();
    expect(second).toMatchObject({ ok: true, notModified: true, entries: 0, summary: { read: 0 } });
    expect(server.log.at(-1)?.headers['if-none-match']).toBe('"abc"');
    expect(await count()).toBe(3);
    const after = await store.subscriptions.get(s.id);
    expect(after).toMatchObject({ etag: '"abc"', consecutiveFailures: 0, nextPollAt: new Date(now + 15 * 60 * 1000).toISOString() });
  });

  it('honours Retry-After on 429 and 503 (seconds or HTTP date) when scheduling the next attempt', async () => {
    server.route('/busy', (_req, res) => void res.writeHead(429, { 'retry-after': '3600' }).end());
    server.route('/down', (_req, res) => void res.writeHead(503, { 'retry-after': new Date(now + 7200_000).toUTCString() }).end());
    const busy = await sub('/busy');
    const down = await sub('/down');
    const t0 = now;
    const reports = await poller().pollDue({ concurrency: 1 });
    expect(reports.map((r) => r.error)).toEqual([expect.stringMatching(/HTTP 429 \(retry after 3600 s\)/), expect.stringMatching(/HTTP 503/)]);
    const b = await store.subscriptions.get(busy.id);
    expect(Date.parse(b!.nextPollAt)).toBeGreaterThanOrEqual(t0 + 3600_000);
    expect(b).toMatchObject({ consecutiveFailures: 1, status: 'active', lastError: expect.stringMatching(/429/) });
    expect(Date.parse((await store.subscriptions.get(down.id))!.nextPollAt)).toBeGreaterThanOrEqual(Date.parse('2026-03-02T11:00:00Z'));
  });

  it('ends a redirect loop, a 20 MB response, a slow-loris response and a non-feed in one clear error each, and polls the rest', async () => {
    server.route('/good.jsonl', body(jsonl(fullEntries('good', 2)), 'application/x-ndjson'));
    server.route('/loop', (_req, res) => void res.writeHead(302, { location: '/loop2' }).end());
    server.route('/loop2', (_req, res) => void res.writeHead(302, { location: '/loop' }).end());
    server.route('/huge', huge(20 * 1024 * 1024, 'application/rss+xml'));
    server.route('/slow', trickle(20, 'application/rss+xml'));
    server.route('/page.html', body(page('Not a feed', PARAGRAPHS), 'text/html; charset=utf-8'));
    for (const path of ['/loop', '/huge', '/good.jsonl', '/slow', '/page.html']) await sub(path);
    // A 1 MB cap and a 1 s deadline keep this quick and steady on a busy machine (the client tests check the
    // 10 MB default and a 300 ms deadline on their own).
    const reports = await poller({ timeoutMs: 1000, maxBytes: 1024 * 1024 }).pollDue({ concurrency: 5 });
    const byPath = Object.fromEntries(reports.map((r) => [new URL(r.url).pathname, r]));
    expect(byPath['/good.jsonl']).toMatchObject({ ok: true, summary: { new: 2 } });
    expect(byPath['/loop']?.error).toMatch(/redirect loop/);
    expect(byPath['/huge']?.error).toMatch(/response larger than 1 MB/);
    expect(byPath['/slow']?.error).toMatch(/timed out after 1000 ms/);
    expect(byPath['/page.html']?.error).toMatch(/is not a feed: it is an HTML page/);
    expect(await count()).toBe(2);
    for (const s of await store.subscriptions.list()) {
      if (s.url.endsWith('/good.jsonl')) expect(s.lastError).toBeUndefined();
      else expect(s).toMatchObject({ consecutiveFailures: 1, lastError: expect.any(String) });
    }
  });

  it('marks a subscription that keeps failing as failing and pushes its next attempt far out', async () => {
    server.route('/gone', (_req, res) => void res.writeHead(500).end());
    const s = await sub('/gone');
    const p = poller();
    const delays: number[] = [];
    for (let i = 0; i < FAILING_AFTER; i++) {
      const [r] = await p.pollDue();
      delays.push(Date.parse(r!.nextPollAt) - now);
      now = Date.parse(r!.nextPollAt);
    }
    // Exponential (with the jitter fixed at 0.75 by random = 0.5), then a day once failing.
    expect(delays).toEqual([45_000, 90_000, 180_000, 360_000, 24 * 3600_000]);
    expect(await store.subscriptions.get(s.id)).toMatchObject({ status: 'failing', consecutiveFailures: FAILING_AFTER, lastError: expect.stringMatching(/HTTP 500/) });
    server.route('/gone', body(jsonl(fullEntries('back', 1)), 'application/x-ndjson'));
    await p.pollDue();
    expect(await store.subscriptions.get(s.id)).toMatchObject({ status: 'active', consecutiveFailures: 0, lastError: undefined });
  });

  it('refuses loopback, private and metadata addresses without --allow-private, before any request', async () => {
    server.route('/feed.jsonl', body(jsonl(fullEntries('x', 1)), 'application/x-ndjson'));
    const targets = [
      `http://127.0.0.1:${server.port}/feed.jsonl`,
      'http://10.0.0.1/feed',
      'http://169.254.169.254/latest/meta-data/',
      `http://[::1]:${server.port}/feed.jsonl`,
      `http://localhost:${server.port}/feed.jsonl`,
    ];
    for (const t of targets) await subscribe(store, t, {}, new Date(now));
    const reports = await poller().pollDue();
    expect(reports).toHaveLength(5);
    for (const r of reports) expect(r.error, r.url).toMatch(/refused to fetch .*(loopback|private|link-local) address/);
    expect(server.log).toHaveLength(0);
  });

  it('updates the stored URL of a feed that moved permanently', async () => {
    server.route('/old.jsonl', (_req, res) => void res.writeHead(301, { location: '/new.jsonl' }).end());
    server.route('/new.jsonl', body(jsonl(fullEntries('moved', 1)), 'application/x-ndjson'));
    const s = await sub('/old.jsonl');
    const [r] = await poller().pollDue();
    expect(r).toMatchObject({ ok: true, movedTo: `${server.origin}/new.jsonl`, summary: { new: 1 } });
    expect((await store.subscriptions.get(s.id))?.url).toBe(`${server.origin}/new.jsonl`);
  });

  it('decodes gzip and brotli feeds', async () => {
    server.route('/gz', (_req, res) => void res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(jsonl(fullEntries('gz', 2)))));
    server.route('/br', (_req, res) => void res.writeHead(200, { 'content-encoding': 'br' }).end(brotliCompressSync(jsonl(fullEntries('br', 2)))));
    await sub('/gz');
    await sub('/br');
    const reports = await poller().pollDue();
    expect(reports.every((r) => r.ok && r.summary.new === 2)).toBe(true);
    expect(await count()).toBe(4);
  });

  it('fetches the article page of summary-only entries (and of every entry with full text), once', async () => {
    const entries = [
      { id: 's1', title: 'Short one', body: 'Just a teaser.', url: `${server.origin}/a/1?utm_source=rss` },
      ...fullEntries('long', 1),
    ];
    server.route('/feed.jsonl', body(jsonl(entries), 'application/x-ndjson'));
    server.route('/a/1', body(page('Velmora repairs continue through the weekend', PARAGRAPHS), 'text/html'));
    const s = await sub('/feed.jsonl');
    const p = poller();
    const [r] = await p.pollDue();
    expect(r).toMatchObject({ ok: true, entries: 2, pages: 1, summary: { new: 2 } });
    const id = await store.articles.idByUrl(`${server.origin}/a/1`);
    const stored = await store.articles.get(id!);
    expect(stored?.headline).toBe('Velmora repairs continue through the weekend');
    expect(stored?.body).toHaveLength(4);
    expect(stored?.sourceId).toBe('s1');
    now += s.intervalSeconds * 1000;
    const [again] = await p.pollDue();
    expect(again).toMatchObject({ ok: true, pages: 0, skipped: 2, summary: { read: 0 } });
    expect(server.hits('/a/1')).toBe(1);

    server.route('/full.jsonl', body(jsonl(fullEntries('full', 2)), 'application/x-ndjson'));
    for (let i = 0; i < 2; i++) server.route(`/full/${i}`, body(page(`Full page ${i}`, prose(`page-${i}`)), 'text/html'));
    await sub('/full.jsonl', { fullText: true });
    const [full] = (await p.pollDue()).filter((x) => x.url.endsWith('/full.jsonl'));
    expect(full).toMatchObject({ pages: 2, summary: { new: 2 } });
  });

  it('retries an article page that failed on the next poll, and marks the item fetched only once stored', async () => {
    let up = false;
    server.route('/feed.jsonl', body(jsonl([{ id: 'e1', title: 'Teaser', body: 'Short.', url: `${server.origin}/story` }]), 'application/x-ndjson'));
    server.route('/story', (_req, res) => (up ? body(page('The whole story', PARAGRAPHS), 'text/html')(_req, res, new URL('http://x')) : void res.writeHead(500).end()));
    const s = await sub('/feed.jsonl');
    const p = poller();
    const [first] = await p.pollDue();
    expect(first).toMatchObject({ ok: true, summary: { read: 0 }, itemErrors: [{ error: expect.stringMatching(/HTTP 500 \(will retry\)/) }] });
    expect(await store.subscriptions.fetchedItem(s.id, 'e1')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(await count()).toBe(0);
    up = true;
    now += s.intervalSeconds * 1000;
    const [second] = await p.pollDue();
    expect(second).toMatchObject({ pages: 1, summary: { new: 1 } });
    expect(await store.subscriptions.fetchedItem(s.id, 'e1')).toMatchObject({ status: 'stored' });
  });

  it('stores the same article reached through two feeds with different tracking parameters once', async () => {
    const teaser = (q: string) => [{ id: `x-${q}`, title: 'Teaser', body: 'Short teaser.', url: `${server.origin}/article?${q}` }];
    server.route('/one.jsonl', body(jsonl(teaser('utm_source=one&utm_medium=rss')), 'application/x-ndjson'));
    server.route('/two.jsonl', body(jsonl(teaser('fbclid=abc&utm_campaign=two&gclid=zz')), 'application/x-ndjson'));
    server.route('/article', body(page('One article, two feeds', PARAGRAPHS), 'text/html'));
    await sub('/one.jsonl');
    await sub('/two.jsonl');
    const reports = await poller().pollDue({ concurrency: 1 });
    expect(reports.map((r) => r.summary.new + r.skipped)).toEqual([1, 1]);
    expect(await count()).toBe(1);
    expect(server.hits('/article')).toBe(1);
  });

  it('stores the same article once when the pages carry a canonical link', async () => {
    server.route('/one.jsonl', body(jsonl([{ id: 'a', title: 'T', body: 'Short.', url: `${server.origin}/amp/story` }]), 'application/x-ndjson'));
    server.route('/two.jsonl', body(jsonl([{ id: 'b', title: 'T', body: 'Short.', url: `${server.origin}/story?utm_source=two` }]), 'application/x-ndjson'));
    const html = page('Canonical story', PARAGRAPHS, `${server.origin}/story`);
    server.route('/amp/story', body(html, 'text/html'));
    server.route('/story', body(html, 'text/html'));
    await sub('/one.jsonl');
    await sub('/two.jsonl');
    await poller().pollDue({ concurrency: 1 });
    expect(await count()).toBe(1);
  });

  it('claims each due subscription once, even with several pollers at work', async () => {
    server.route('/feed.jsonl', (_req, res) => void setTimeout(() => body(jsonl(fullEntries('c', 1)), 'application/x-ndjson')(_req, res, new URL('http://x')), 20));
    for (let i = 0; i < 6; i++) await sub(`/feed.jsonl?n=${i}`);
    const [a, b] = await Promise.all([poller().pollDue({ concurrency: 3 }), poller().pollDue({ concurrency: 3 })]);
    expect(a!.length + b!.length).toBe(6);
    expect(server.hits('/feed.jsonl')).toBe(6);
  });
});

describe('OPML', () => {
  it('round-trips feed subscriptions, nested folders and special characters included', async () => {
    await subscribe(store, 'https://news.example/feed.xml?a=1&b=2', { title: 'News & "Views" <daily>' }, new Date(now));
    await subscribe(store, 'https://other.example/atom', { every: '1h', fullText: true }, new Date(now));
    await subscribe(store, 'guardian:ukraine russia', {}, new Date(now));
    const xml = buildOpml(await store.subscriptions.list());
    expect(xml).toContain('xmlUrl="https://news.example/feed.xml?a=1&amp;b=2"');
    expect(parseOpml(xml)).toEqual([
      { url: 'https://news.example/feed.xml?a=1&b=2', title: 'News & "Views" <daily>', every: '15m', fullText: false },
      { url: 'https://other.example/atom', title: 'https://other.example/atom', every: '1h', fullText: true },
    ]);
    // Storyline's attributes are read by their namespace, whatever the prefix; without it they are not ours.
    const outline = (root: string) => `<?xml version="1.0"?><opml version="2.0" ${root}><head/><body><outline text="A" xmlUrl="https://a.example/rss" sl:every="2h" sl:fullText="true"/></body></opml>`;
    expect(parseOpml(outline(`xmlns:sl="${OPML_NAMESPACE}"`))).toEqual([{ url: 'https://a.example/rss', title: 'A', every: '2h', fullText: true }]);
    expect(parseOpml(outline('xmlns:sl="https://elsewhere.example/ns"'))).toEqual([{ url: 'https://a.example/rss', title: 'A' }]);
    const nested = `<?xml version="1.0"?><opml version="1.0"><head/><body><outline text="Folder"><outline text="A" xmlUrl="https://a.example/rss"/><outline text="Sub"><outline title="B" xmlUrl="https://b.example/rss"/></outline></outline></body></opml>`;
    expect(parseOpml(nested)).toEqual([
      { url: 'https://a.example/rss', title: 'A' },
      { url: 'https://b.example/rss', title: 'B' },
    ]);
    expect(() => parseOpml('{"not": "xml"}')).toThrow(/not OPML/);
  });
});

describe('Guardian Content API subscriptions', () => {
  const item = (id: string, date: string) => ({
    id,
    type: 'article',
    sectionId: 'world',
    sectionName: 'World news',
    webPublicationDate: date,
    webTitle: `Headline ${id}`,
    webUrl: `https://www.theguardian.com/${id}`,
    apiUrl: `https://content.guardianapis.com/${id}`,
    // Each item its own text: near-identical bodies would (rightly) be stored as duplicates.
    fields: { headline: `Headline ${id}`, standfirst: 'Standfirst', byline: 'A Reporter', body: syntheticArticles(1, id.charCodeAt(id.length - 1))[0]!.body.map((p) => `<p>${p}</p>`).join('') },
    tags: [],
  });
  const respond = (results: unknown[], currentPage: number, pages: number) =>
    JSON.stringify({ response: { status: 'ok', userTier: 'developer', total: results.length, startIndex: 1, pageSize: 50, currentPage, pages, orderBy: 'oldest', results } });

  it('pages through the search oldest first and keeps its position between polls; the key is never stored', async () => {
    const all = [item('world/a', '2026-03-01T10:00:00Z'), item('world/b', '2026-03-01T11:00:00Z'), item('world/c', '2026-03-01T11:00:00Z')];
    let served = all;
    server.route('/search', (_req, res, url) => {
      const pageNo = Number(url.searchParams.get('page'));
      const from = url.searchParams.get('from-date');
      const rows = served.filter((r) => !from || r.webPublicationDate >= from);
      const slice = pageNo === 1 ? rows.slice(0, 2) : rows.slice(2);
      res.writeHead(200, { 'content-type': 'application/json' }).end(respond(slice, pageNo, rows.length > 2 ? 2 : 1));
    });
    const s = (await subscribe(store, 'guardian:ukraine russia', { allowPrivate: true, apiKeyEnv: 'TEST_GUARDIAN_KEY' }, new Date(now))).subscription;
    expect(s).toMatchObject({ kind: 'guardian', url: 'guardian:ukraine russia', apiKeyEnv: 'TEST_GUARDIAN_KEY' });
    const p = poller({ guardianBase: server.origin, env: { TEST_GUARDIAN_KEY: 'secret-key-123' } });
    const [first] = await p.pollDue();
    expect(first).toMatchObject({ ok: true, entries: 3 });
    const q = new URL(server.log[0]!.path, 'http://x').searchParams;
    expect(Object.fromEntries(q)).toMatchObject({
      q: 'ukraine russia',
      'order-by': 'oldest',
      'page-size': '50',
      page: '1',
      'api-key': 'secret-key-123',
      'show-tags': 'contributor,keyword',
    });
    expect(q.get('show-fields')).toContain('body');
    expect(q.has('from-date')).toBe(false);
    expect(server.log.map((l) => new URL(l.path, 'http://x').searchParams.get('page'))).toEqual(['1', '2']);
    const stored = await store.subscriptions.get(s.id);
    expect(JSON.parse(stored!.position!)).toEqual({ date: '2026-03-01T11:00:00Z', ids: ['world/b', 'world/c'] });
    expect(JSON.stringify(await store.subscriptions.list())).not.toContain('secret-key-123');

    served = [...all, item('world/d', '2026-03-02T08:00:00Z')];
    now += s.intervalSeconds * 1000;
    const [second] = await p.pollDue();
    expect(second).toMatchObject({ ok: true, entries: 1 });
    expect(new URL(server.log.at(-1)!.path, 'http://x').searchParams.get('from-date')).toBe('2026-03-01T11:00:00Z');
    if (FEED_READER) expect(await count()).toBe(4); // the Guardian reader arrives with the readers branch
  });

  it('fails clearly, without the key in any message, when the key is missing or rejected', async () => {
    server.route('/search', (_req, res) => void res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"Unauthorized"}'));
    await subscribe(store, 'guardian:climate', { allowPrivate: true }, new Date(now));
    const [missing] = await poller({ guardianBase: server.origin, env: {} }).pollDue();
    expect(missing?.error).toMatch(/API key is not set: put it in the environment variable GUARDIAN_API_KEY/);
    now += 3600_000;
    const [rejected] = await poller({ guardianBase: server.origin, env: { GUARDIAN_API_KEY: 'topsecret' } }).pollDue();
    expect(rejected?.error).toMatch(/HTTP 401/);
    expect(rejected?.error).not.toContain('topsecret');
    expect(JSON.stringify(await store.subscriptions.list())).not.toContain('topsecret');
  });
});

describe.runIf(FEED_READER)('RSS feeds (need the feed reader from the readers branch)', () => {
  it('fetches the pages of summary-only RSS items and stores one article for two feeds with tracking parameters', async () => {
    const item = (q: string) => ({ guid: `g-${q}`, title: 'Velmora repairs', link: `${server.origin}/story?${q}`, description: 'Short summary.' });
    server.route('/one.xml', body(rss('One', [item('utm_source=one')]), 'application/rss+xml'));
    server.route('/two.xml', body(rss('Two', [item('utm_medium=two&fbclid=1')]), 'application/rss+xml'));
    server.route('/story', body(page('Velmora repairs continue', PARAGRAPHS), 'text/html'));
    await sub('/one.xml');
    await sub('/two.xml');
    const reports = await poller().pollDue({ concurrency: 1 });
    expect(reports.every((r) => r.ok)).toBe(true);
    expect(await count()).toBe(1);
    expect(server.hits('/story')).toBe(1);
  });

  it('stores an RSS item with content:encoded without fetching its page, and 304 re-ingests nothing', async () => {
    const doc = rss('Full', [{ guid: 'f1', title: 'Full item', link: `${server.origin}/full`, description: 'Summary.', content: PARAGRAPHS.map((p) => `<p>${p}</p>`).join('') }]);
    server.route('/full.xml', (req, res) => {
      if (req.headers['if-modified-since'] === 'Mon, 02 Mar 2026 09:00:00 GMT') return void res.writeHead(304).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'last-modified': 'Mon, 02 Mar 2026 09:00:00 GMT' }).end(doc);
    });
    const s = await sub('/full.xml');
    const p = poller();
    expect((await p.pollDue())[0]).toMatchObject({ ok: true, pages: 0, summary: { new: 1 } });
    now += s.intervalSeconds * 1000;
    expect((await p.pollDue())[0]).toMatchObject({ ok: true, notModified: true });
    expect(server.hits('/full')).toBe(0);
  });
});
