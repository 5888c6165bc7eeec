import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Pipeline } from '../../src/ingest/pipeline.ts';
import { pipelineStages } from '../../src/ingest/stages.ts';
import type { ArticleDraftInput } from '../../src/model.ts';
import type { Store } from '../../src/store/store.ts';
import { backends } from './backends.ts';
import { heaviestTerms } from '../../src/store/postings.ts';
import { RELATED } from '../../src/related/config.ts';
import { transfer, volcano, budget } from '../stories/fixtures.ts';

for (const backend of backends) {
  describe.skipIf(!backend.available)(`related rails (${backend.name})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ store, cleanup } = await backend.open()));
    afterEach(async () => cleanup());

    async function ingest(d: ArticleDraftInput): Promise<string> {
      const r = await new Pipeline(store, pipelineStages()).ingestDraft(d, 'test');
      if (!r.ok) throw new Error(r.error);
      return r.id;
    }

    it('puts a newer article on the same event into the older one\'s rail, first, with reasons; never the article itself', async () => {
      const first = await ingest(volcano.first());
      await ingest(transfer());
      await ingest(budget('2026-03-02T11:00:00.000Z'));
      const follow = await ingest(volcano.followUp());
      const rail = await store.related.rail(first);
      expect(rail[0]?.articleId).toBe(follow);
      expect(rail.map((e) => e.articleId)).not.toContain(first);
      expect(rail[0]!.reasons.terms.length + rail[0]!.reasons.entities.length).toBeGreaterThan(0);
      expect((await store.related.rail(follow))[0]?.articleId).toBe(first);
      expect(await store.related.containing(follow)).toContain(first);
      expect(await store.check()).toEqual([]);
    });

    it('reads only the heaviest postings of each query term, and sums them per article', async () => {
      const ids = [await ingest(volcano.first()), await ingest(volcano.followUp())];
      const profiles = await store.related.profiles(ids);
      // A term both articles index, and its weight in each.
      const indexed = ids.map((id) => new Map(heaviestTerms(profiles.get(id)!.terms, RELATED.indexTerms).map((t) => [t.term, t.weight])));
      const shared = [...indexed[0]!.keys()].find((t) => indexed[1]!.has(t) && indexed[0]!.get(t) !== indexed[1]!.get(t))!;
      expect(shared).toBeDefined();
      const both = await store.related.similarByTerms([{ term: shared, weight: 2 }], 200, 10);
      expect(both.map((c) => c.id).sort()).toEqual([...ids].sort());
      for (const c of both) expect(c.score).toBeCloseTo(2 * indexed[ids.indexOf(c.id)]!.get(shared)!, 9);
      const heaviest = indexed[0]!.get(shared)! > indexed[1]!.get(shared)! ? ids[0] : ids[1];
      expect((await store.related.similarByTerms([{ term: shared, weight: 1 }], 1, 10)).map((c) => c.id)).toEqual([heaviest]);
      expect((await store.related.similarByTerms([{ term: shared, weight: 1 }], 200, 10, ids[0])).map((c) => c.id)).toEqual([ids[1]]);
      expect(await store.related.similarByTerms([{ term: 'chess" OR "x', weight: 1 }], 200, 10)).toEqual([]);
      // Deleting the profile rows with the article leaves no posting behind.
      await store.related.remove(ids[1]!);
      expect((await store.related.similarByTerms([{ term: shared, weight: 1 }], 200, 10)).map((c) => c.id)).toEqual([ids[0]]);
    });
  });
}
