import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Pipeline } from '../../src/ingest/pipeline.ts';
import { pipelineStages } from '../../src/ingest/stages.ts';
import type { ArticleDraftInput } from '../../src/model.ts';
import type { Store } from '../../src/store/store.ts';
import { backends } from './backends.ts';
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
  });
}
