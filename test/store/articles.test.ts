import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { Pipeline } from '../../src/ingest/pipeline.ts';
import { pipelineStages } from '../../src/ingest/stages.ts';
import { backends } from './backends.ts';
import { draft } from '../helpers.ts';

for (const backend of backends) {
  describe.skipIf(!backend.available)(`article store (${backend.name})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ store, cleanup } = await backend.open()));
    afterEach(async () => cleanup());

    it('stores, finds by id, URL and hash, lists latest first', async () => {
      const p = new Pipeline(store, pipelineStages());
      const a = await p.ingestDraft(draft({ publishedAt: '2026-01-01T10:00:00.000Z' }), 'a');
      const b = await p.ingestDraft(draft({ url: 'https://b.example/2', headline: 'Second story on the dam', body: ['Totally different words about a dam in the hills and its engineers.'], publishedAt: '2026-01-02T10:00:00.000Z' }), 'b');
      if (!a.ok || !b.ok) throw new Error('ingest failed');
      const stored = await store.articles.get(a.id);
      expect(stored?.headline).toBe('Harbour council delays vote on waterfront plan');
      expect(await store.articles.idByUrl('https://harbourherald.example/news/waterfront-vote')).toBe(a.id);
      expect(await store.articles.idByContentHash(stored!.contentHash)).toBe(a.id);
      expect((await store.articles.latest({ limit: 10 })).map((s) => s.id)).toEqual([b.id, a.id]);
      expect((await store.articles.latest({ limit: 10, before: '2026-01-02T00:00:00.000Z' })).map((s) => s.id)).toEqual([a.id]);
      expect((await store.articles.getMany([b.id, 'missing', a.id])).map((x) => x.id)).toEqual([b.id, a.id]);
      expect(await store.articles.allIds()).toEqual([a.id, b.id]);
    });

    it('keeps duplicates out of listings and counts them', async () => {
      const p = new Pipeline(store, pipelineStages());
      await p.ingestDraft(draft(), 'a');
      const dup = await p.ingestDraft(draft({ url: 'https://copy.example/x' }), 'b');
      expect(dup).toMatchObject({ status: 'duplicate' });
      expect(await store.articles.counts()).toEqual({ articles: 1, duplicates: 1 });
      expect(await store.articles.latest({ limit: 10 })).toHaveLength(1);
    });

    it('rolls back a failed transaction and keeps a failed nested one from undoing its parent', async () => {
      const p = new Pipeline(store, pipelineStages());
      await expect(
        store.transaction(async (tx) => {
          await p.ingestDraft(draft(), 'a', 'a', tx);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await store.articles.counts()).toEqual({ articles: 0, duplicates: 0 });

      await store.transaction(async (tx) => {
        await p.ingestDraft(draft(), 'a', 'a', tx);
        await expect(tx.transaction(async () => { throw new Error('inner'); })).rejects.toThrow('inner');
      });
      expect(await store.articles.counts()).toEqual({ articles: 1, duplicates: 0 });
    });

    it('keeps term statistics in step with updates', async () => {
      const p = new Pipeline(store, pipelineStages());
      await p.ingestDraft(draft({ headline: 'Volcano erupts near Arlen', body: ['The volcano near Arlen erupted overnight.'] }), 'a');
      await p.ingestDraft(draft({ headline: 'Arlen eruption ends', body: ['The eruption near Arlen ended on Sunday.'], updatedAt: '2026-03-04T00:00:00.000Z' }), 'a2');
      expect(await store.terms.documentCount()).toBe(1);
      expect(Object.fromEntries(await store.terms.documentFrequencies(['arlen', 'volcano']))).toEqual({ arlen: 1, volcano: 0 });
    });
  });
}
