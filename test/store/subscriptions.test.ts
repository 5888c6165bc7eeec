import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { backends } from './backends.ts';

for (const backend of backends) {
  describe.skipIf(!backend.available)(`subscription store (${backend.name})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ store, cleanup } = await backend.open()));
    afterEach(async () => cleanup());

    const feed = { url: 'https://news.example/feed.xml', kind: 'feed' as const, intervalSeconds: 900, fullText: true, allowPrivate: false };

    it('adds once per URL and round-trips every field', async () => {
      const first = await store.subscriptions.add(feed, '2026-01-01T00:00:00.000Z');
      expect(first.created).toBe(true);
      expect(first.subscription).toMatchObject({ ...feed, status: 'active', consecutiveFailures: 0, nextPollAt: '2026-01-01T00:00:00.000Z' });
      const again = await store.subscriptions.add(feed, '2026-01-02T00:00:00.000Z');
      expect(again).toEqual({ subscription: first.subscription, created: false });
      await store.subscriptions.update(first.subscription.id, { etag: '"v1"', consecutiveFailures: 2, status: 'failing', lastError: 'HTTP 503' });
      expect(await store.subscriptions.byUrl(feed.url)).toMatchObject({ etag: '"v1"', consecutiveFailures: 2, status: 'failing', lastError: 'HTTP 503', fullText: true });
    });

    it('claims each due subscription once until its lease runs out', async () => {
      const a = (await store.subscriptions.add(feed, '2026-01-01T00:00:00.000Z')).subscription;
      await store.subscriptions.add({ ...feed, url: 'https://later.example/feed', nextPollAt: '2026-01-05T00:00:00.000Z' }, '2026-01-01T00:00:00.000Z');
      const claimed = await store.subscriptions.claimDue('2026-01-02T00:00:00.000Z', '2026-01-02T00:10:00.000Z', 10);
      expect(claimed.map((s) => s.id)).toEqual([a.id]);
      expect(await store.subscriptions.claimDue('2026-01-02T00:05:00.000Z', '2026-01-02T00:15:00.000Z', 10)).toEqual([]);
      expect((await store.subscriptions.claimDue('2026-01-02T00:11:00.000Z', '2026-01-02T00:20:00.000Z', 10)).map((s) => s.id)).toEqual([a.id]);
      expect(await store.subscriptions.nextDueAt()).toBe('2026-01-02T00:20:00.000Z');
    });

    it('counts failed attempts per item version and forgets items with their subscription', async () => {
      const { id } = (await store.subscriptions.add(feed, '2026-01-01T00:00:00.000Z')).subscription;
      const item = { key: 'guid-1', url: 'https://news.example/a', version: 'v1', status: 'failed' as const };
      await store.subscriptions.markItem(id, item, '2026-01-01T00:00:00.000Z');
      await store.subscriptions.markItem(id, item, '2026-01-01T00:01:00.000Z');
      expect(await store.subscriptions.fetchedItem(id, 'guid-1')).toMatchObject({ attempts: 2, status: 'failed' });
      await store.subscriptions.markItem(id, { ...item, status: 'stored', articleId: 'abc' }, '2026-01-01T00:02:00.000Z');
      expect(await store.subscriptions.fetchedItem(id, 'guid-1')).toMatchObject({ status: 'stored', articleId: 'abc' });
      expect(await store.subscriptions.remove(id)).toBe(true);
      expect(await store.subscriptions.fetchedItem(id, 'guid-1')).toBeUndefined();
    });
  });
}
