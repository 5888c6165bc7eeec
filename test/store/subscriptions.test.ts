import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqliteStore } from '../../src/store/sqlite/store.ts';
import { describeSubscription, formatInterval, parseInterval } from '../../src/fetch/subscribe.ts';
import { tempStore } from '../helpers.ts';

let store: SqliteStore;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ store, cleanup } = await tempStore()));
afterEach(async () => cleanup());

const T0 = '2026-03-02T09:00:00.000Z';
const feed = (url: string) => ({ url, kind: 'feed' as const, intervalSeconds: 900, fullText: false, allowPrivate: false });

describe('subscriptions repository', () => {
  it('adds once per URL, lists, updates and removes', async () => {
    const { subscription: a, created } = await store.subscriptions.add(feed('https://a.example/rss'), T0);
    expect(created).toBe(true);
    expect(a).toMatchObject({ id: 1, status: 'active', consecutiveFailures: 0, nextPollAt: T0, createdAt: T0 });
    expect((await store.subscriptions.add(feed('https://a.example/rss'), T0)).created).toBe(false);
    await store.subscriptions.update(a.id, { etag: '"x"', lastError: 'boom', consecutiveFailures: 2 });
    expect(await store.subscriptions.get(a.id)).toMatchObject({ etag: '"x"', lastError: 'boom', consecutiveFailures: 2, url: 'https://a.example/rss' });
    await store.subscriptions.update(a.id, { lastError: undefined });
    expect((await store.subscriptions.get(a.id))?.lastError).toBeUndefined();
    expect(await store.subscriptions.byUrl('https://a.example/rss')).toMatchObject({ id: a.id });
    expect(await store.subscriptions.remove(a.id)).toBe(true);
    expect(await store.subscriptions.list()).toEqual([]);
  });

  it('claims due subscriptions atomically with a lease', async () => {
    for (const n of [1, 2, 3]) await store.subscriptions.add({ ...feed(`https://f${n}.example/rss`), nextPollAt: `2026-03-02T${String(7 + n).padStart(2, "0")}:00:00.000Z` }, T0);
    const lease = '2026-03-02T09:10:00.000Z';
    const first = await store.subscriptions.claimDue(T0, lease, 1);
    expect(first.map((s) => s.url)).toEqual(['https://f1.example/rss']);
    const rest = await store.subscriptions.claimDue(T0, lease, 10);
    expect(rest.map((s) => s.url)).toEqual(['https://f2.example/rss']);
    expect(rest[0]?.nextPollAt).toBe(lease);
    expect(await store.subscriptions.claimDue(T0, lease, 10)).toEqual([]);
    // A claim that was never released (a crashed poller) expires with its lease.
    expect((await store.subscriptions.claimDue('2026-03-02T10:00:00.000Z', '2026-03-02T10:10:00.000Z', 10)).length).toBe(3);
    expect(await store.subscriptions.nextDueAt()).toBe('2026-03-02T10:10:00.000Z');
  });

  it('records fetched items and counts failed attempts per version', async () => {
    const { subscription: s } = await store.subscriptions.add(feed('https://a.example/rss'), T0);
    await store.subscriptions.markItem(s.id, { key: 'g1', url: 'https://a.example/1', version: '', status: 'failed' }, T0);
    await store.subscriptions.markItem(s.id, { key: 'g1', url: 'https://a.example/1', version: '', status: 'failed' }, T0);
    expect(await store.subscriptions.fetchedItem(s.id, 'g1')).toMatchObject({ status: 'failed', attempts: 2 });
    await store.subscriptions.markItem(s.id, { key: 'g1', version: 'v2', status: 'failed' }, T0);
    expect(await store.subscriptions.fetchedItem(s.id, 'g1')).toMatchObject({ version: 'v2', attempts: 1 });
    await store.subscriptions.markItem(s.id, { key: 'g1', version: 'v2', status: 'stored', articleId: 'abc' }, T0);
    expect(await store.subscriptions.fetchedItem(s.id, 'g1')).toMatchObject({ status: 'stored', articleId: 'abc' });
    await store.subscriptions.remove(s.id);
    expect(await store.subscriptions.fetchedItem(s.id, 'g1')).toBeUndefined();
  });
});

describe('subscribe targets and intervals', () => {
  it('parses intervals', () => {
    expect(parseInterval('15m')).toBe(900);
    expect(parseInterval('1h30m')).toBe(5400);
    expect(parseInterval('1d')).toBe(86400);
    expect(() => parseInterval('10s')).toThrow(/shorter than 60 s/);
    expect(() => parseInterval('often')).toThrow(/not an interval/);
    expect(formatInterval(5400)).toBe('90m');
  });

  it('describes feeds and Guardian searches and refuses other schemes', () => {
    expect(describeSubscription('https://a.example/rss#top', { every: '1h', fullText: true })).toMatchObject({ url: 'https://a.example/rss', kind: 'feed', intervalSeconds: 3600, fullText: true });
    expect(describeSubscription('guardian:ukraine russia', { apiKeyEnv: 'MY_KEY' })).toMatchObject({ url: 'guardian:ukraine russia', kind: 'guardian', apiKeyEnv: 'MY_KEY' });
    expect(() => describeSubscription('guardian:x', { apiKeyEnv: 'abc-123-key' })).toThrow(/name of an environment variable/);
    expect(() => describeSubscription('file:///etc/passwd')).toThrow(/only http and https/);
    expect(() => describeSubscription('not a url')).toThrow(/not a URL/);
  });
});
