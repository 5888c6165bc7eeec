import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type StorylineApp } from '../../src/server/app.ts';
import { issueToken } from '../../src/store/tokens.ts';
import type { SqliteStore } from '../../src/store/sqlite/store.ts';
import { draft, tempStore } from '../helpers.ts';

let store: SqliteStore;
let cleanup: () => Promise<void>;
let app: StorylineApp;
let token: string;
const auth = () => ({ authorization: `Bearer ${token}` });

const WORDS = `harbour council barrier storm flood tide mayor vote grant budget rail strike union driver roster commuter station probe
  mission launch orbit engineer valve camera moon ocean radar minister summit treaty border election campaign court judge ruling
  hospital doctor nurse school teacher market price inflation bank wage factory export river bridge road airport pilot weather
  drought harvest farmer village museum festival concert artist film library chess team coach season league record`.split(/\s+/).filter(Boolean);

/** An invented article whose text shares little with any other i (no near-duplicates). */
function invented(i: number): { headline: string; body: string[] } {
  let s = (i + 1) * 2654435761;
  const next = () => ((s = (Math.imul(s ^ (s >>> 13), 1274126177) + 0x9e3779b9) >>> 0), s);
  const sentence = (n: number) => Array.from({ length: n }, () => WORDS[next() % WORDS.length]).join(' ');
  return { headline: `${sentence(7)} ${i}`, body: Array.from({ length: 4 }, () => `${sentence(18)}. ${sentence(14)}.`) };
}

const line = (i: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ ...invented(i), url: `https://velmora.example/story-${i}`, publishedAt: `2026-03-0${(i % 9) + 1}T10:00:00.000Z`, ...extra });

beforeAll(async () => {
  const t = await tempStore();
  store = t.store;
  cleanup = t.cleanup;
  app = await buildApp({ store, writeLimits: { maxBodyBytes: 64 * 1024, maxItems: 20 } });
  token = (await issueToken(store.tokens, 'test')).token;
});
afterAll(async () => {
  await app.close();
  await cleanup();
});

const post = (body: string | Buffer, headers: Record<string, string> = {}, url = '/api/v1/articles') =>
  app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/x-ndjson', ...auth(), ...headers } });

describe('write API authentication', () => {
  it('401 with a JSON error without a token, with an unknown one, with a revoked one', async () => {
    const none = await app.inject({ method: 'POST', url: '/api/v1/articles', payload: line(1), headers: { 'content-type': 'application/x-ndjson' } });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(none.json()).toEqual({ error: { status: 401, message: expect.stringMatching(/missing token/) } });
    expect((await post(line(1), { authorization: 'Bearer sl_notatoken' })).statusCode).toBe(401);
    const other = await issueToken(store.tokens, 'to-revoke');
    expect((await post(line(90), { authorization: `Bearer ${other.token}` })).statusCode).toBe(200);
    await store.tokens.revoke('to-revoke', new Date().toISOString());
    const revoked = await post(line(91), { authorization: `Bearer ${other.token}` });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().error.message).toMatch(/revoked/);
    expect((await app.inject({ method: 'DELETE', url: '/api/v1/articles/0123456789abcdef' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/v1/subscriptions', payload: { url: 'https://x.example/feed' } })).statusCode).toBe(401);
  });
});

describe('POST /api/v1/articles', () => {
  it('a batch of 3 good and 2 bad items: 207, 3 stored, 2 failed with reasons', async () => {
    const body = [line(2), '{"headline": "no body at all"}', line(3), '{not json', line(4)].join('\n');
    const res = await post(body);
    expect(res.statusCode).toBe(207);
    const { results, summary } = res.json();
    expect(summary).toMatchObject({ read: 5, new: 3, failed: 2 });
    expect(results.filter((r: { status: string }) => r.status === 'new')).toHaveLength(3);
    const failed = results.filter((r: { status: string }) => r.status === 'failed');
    expect(failed).toHaveLength(2);
    for (const f of failed) expect(f.error).toMatch(/\w/);
    for (const r of results.filter((x: { status: string }) => x.status === 'new')) expect(await store.articles.get(r.id)).toBeTruthy();
    // The same batch again: unchanged items, same failures.
    expect((await post(body)).json().summary).toMatchObject({ unchanged: 3, failed: 2 });
  });

  it('one article as JSON, HTML, plain text, RSS: 200 with its status', async () => {
    const json = await post(JSON.stringify(draft({ url: 'https://herald.example/one' })), { 'content-type': 'application/json' });
    expect(json.statusCode).toBe(200);
    expect(json.json().results).toEqual([{ label: expect.any(String), status: 'new', id: expect.stringMatching(/^[a-z0-9]{16}$/) }]);
    const html = `<!doctype html><html><head><title>Harbour pilots end strike</title><link rel="canonical" href="https://pilots.example/strike"></head><body><article><h1>Harbour pilots end strike at Calvereth</h1><p>Harbour pilots at Calvereth voted on Sunday to accept a revised pay offer, ending a nine-day strike that left dozens of ships waiting at anchor off the coast.</p><p>The union said the offer met its main demands on rest periods and staffing, and work resumed on Monday morning.</p><script>alert(1)</script></article></body></html>`;
    const h = await post(html, { 'content-type': 'text/html; charset=utf-8' });
    expect(h.statusCode).toBe(200);
    const stored = await store.articles.get(h.json().results[0].id);
    expect(stored?.bodyHtml ?? '').not.toMatch(/script|alert/);
    const text = await post('Arlen ferry resumes after storm\n\nThe Arlen ferry resumed crossings on Tuesday, three days after the storm closed the harbour.\n\nOperators said timetables would return to normal by the weekend.\n', { 'content-type': 'text/plain' });
    expect(text.statusCode).toBe(200);
    const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title><item><title>Calder bridge reopens after repairs</title><link>https://calder.example/bridge</link><description>The Calder bridge reopened to traffic on Friday after six weeks of repairs to its deck and railings, the council said.</description></item></channel></rss>`;
    const r = await post(rss, { 'content-type': 'application/octet-stream' }, '/api/v1/articles?format=rss');
    expect(r.statusCode).toBe(200);
    expect((await post('x', {}, '/api/v1/articles?format=pdf')).statusCode).toBe(400);
  });

  it('400 when nothing could be read or nothing was stored', async () => {
    const unreadable = await post('{"half": ', { 'content-type': 'application/json' });
    expect(unreadable.statusCode).toBe(400);
    expect(unreadable.json().error.message).toMatch(/nothing could be read/);
    expect((await post('', {})).statusCode).toBe(400);
    const allBad = await post('{"headline": "x"}\n{"headline": "y"}');
    expect(allBad.statusCode).toBe(400);
    expect(allBad.json().summary).toMatchObject({ failed: 2 });
  });

  it('413 for an oversized body and for too many items', async () => {
    const big = await post(Buffer.alloc(65 * 1024, 0x61), { 'content-type': 'text/plain' });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.status).toBe(413);
    const many = await post(Array.from({ length: 21 }, (_, i) => line(100 + i)).join('\n'));
    expect(many.statusCode).toBe(413);
    expect(many.json().error.message).toMatch(/too many items: 21.*limit 20/);
  });
});

describe('DELETE /api/v1/articles/:id', () => {
  it('removes the article and everything derived; the archive stays consistent', async () => {
    const res = await post([line(200), line(201), line(200, { url: 'https://velmora.example/copy' })].join('\n'));
    const [a, , dup] = res.json().results;
    expect(dup.status).toBe('duplicate');
    const id = a.id as string;
    expect((await store.stories.storyIdsOf([id])).get(id)).toBeTruthy();
    expect((await store.related.containing(id)).length).toBeGreaterThan(0);
    const holding = store.db.prepare('SELECT count(*) AS n FROM related_candidates WHERE related_id = ?').pluck();
    expect(holding.get(id)).toBeGreaterThan(0);
    expect(await store.check()).toEqual([]);
    const del = await app.inject({ method: 'DELETE', url: `/api/v1/articles/${id}`, headers: auth() });
    expect(del.statusCode).toBe(200);
    expect(del.json().deleted).toEqual([id, dup.id]);
    expect(await store.articles.get(id)).toBeUndefined();
    expect(await store.articles.get(dup.id)).toBeUndefined();
    expect((await store.stories.storyIdsOf([id])).size).toBe(0);
    expect((await store.terms.counts([id])).size).toBe(0);
    const mentions = store.db.prepare('SELECT count(*) AS n FROM article_entities WHERE article_id = ?').get(id) as { n: number };
    expect(mentions.n).toBe(0);
    expect(await store.related.containing(id)).toEqual([]);
    // No candidate list holds it, so no later re-ranking can bring it back into a rail.
    expect(holding.get(id)).toBe(0);
    expect(await store.related.rail(id)).toEqual([]);
    expect(await store.check()).toEqual([]);
    expect((await app.inject({ method: 'GET', url: `/api/v1/articles/${id}` })).statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/articles/${id}`, headers: auth() })).statusCode).toBe(404);
  });
});

describe('POST /api/v1/subscriptions', () => {
  it('subscribes a feed URL through the shared subscribe logic', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/subscriptions', headers: auth(), payload: { url: 'https://news.example/feed.xml', every: '30m' } });
    expect(res.statusCode).toBe(201);
    expect(res.json().subscription).toMatchObject({ url: 'https://news.example/feed.xml', intervalSeconds: 1800, allowPrivate: false });
    expect((await app.inject({ method: 'POST', url: '/api/v1/subscriptions', headers: auth(), payload: { url: 'https://news.example/feed.xml' } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/v1/subscriptions', headers: auth(), payload: { url: 'ftp://x' } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/api/v1/subscriptions', headers: { ...auth(), 'content-type': 'application/json' }, payload: '{' })).statusCode).toBe(400);
  });
});

describe('rate limit and private mode', () => {
  it('429 after the per-token limit; reads are not limited', async () => {
    const t = await tempStore();
    const limited = await buildApp({ store: t.store, writeLimits: { perToken: 3, perIp: 100 } });
    const { token: tk } = await issueToken(t.store.tokens, 'rl');
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      codes.push((await limited.inject({ method: 'POST', url: '/api/v1/articles', payload: line(300 + i), headers: { authorization: `Bearer ${tk}`, 'content-type': 'application/x-ndjson' } })).statusCode);
    }
    expect(codes).toEqual([200, 200, 200, 429, 429]);
    const last = await limited.inject({ method: 'POST', url: '/api/v1/articles', payload: line(400), headers: { authorization: `Bearer ${tk}` } });
    expect(last.json()).toEqual({ error: { status: 429, message: expect.stringMatching(/rate limit/) } });
    for (let i = 0; i < 20; i++) expect((await limited.inject({ method: 'GET', url: '/api/v1/articles' })).statusCode).toBe(200);
    // The per-IP limit counts unauthenticated attempts too.
    const ipLimited = await buildApp({ store: t.store, writeLimits: { perIp: 2 } });
    const c = [];
    for (let i = 0; i < 3; i++) c.push((await ipLimited.inject({ method: 'POST', url: '/api/v1/articles', payload: 'x' })).statusCode);
    expect(c).toEqual([401, 401, 429]);
    await limited.close();
    await ipLimited.close();
    await t.cleanup();
  });

  it('--private: reads need a token (401 JSON on the API), /static/ stays public', async () => {
    const priv = await buildApp({ store, private: true });
    const api = await priv.inject({ method: 'GET', url: '/api/v1/articles' });
    expect(api.statusCode).toBe(401);
    expect(api.json().error.status).toBe(401);
    expect((await priv.inject({ method: 'GET', url: '/' })).statusCode).toBe(401);
    expect((await priv.inject({ method: 'GET', url: '/feed/latest.rss' })).statusCode).toBe(401);
    const ok = await priv.inject({ method: 'GET', url: '/api/v1/articles', headers: auth() });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['cache-control']).toBe('private, no-cache');
    expect((await priv.inject({ method: 'GET', url: '/', headers: auth() })).statusCode).toBe(200);
    expect((await priv.inject({ method: 'GET', url: '/static/style.css' })).statusCode).toBe(200);
    expect((await priv.inject({ method: 'GET', url: '/openapi.json', headers: auth() })).json().security).toEqual([{ bearerAuth: [] }]);
    await priv.close();
  });
});
