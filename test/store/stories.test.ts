import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Pipeline } from '../../src/ingest/pipeline.ts';
import { pipelineStages } from '../../src/ingest/stages.ts';
import type { ArticleDraftInput } from '../../src/model.ts';
import type { Store } from '../../src/store/store.ts';
import { backends } from './backends.ts';
import { transfer, volcano } from '../stories/fixtures.ts';

for (const backend of backends) {
  describe.skipIf(!backend.available)(`story store (${backend.name})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ store, cleanup } = await backend.open()));
    afterEach(async () => cleanup());

    async function ingest(d: ArticleDraftInput): Promise<string> {
      const r = await new Pipeline(store, pipelineStages()).ingestDraft(d, 'test');
      if (!r.ok) throw new Error(r.error);
      return r.id;
    }

    it('groups a follow-up with its story, keeps an unrelated article apart, and keeps the timeline in date order', async () => {
      const follow = await ingest(volcano.followUp());
      const other = await ingest(transfer());
      const first = await ingest(volcano.first());
      const ids = await store.stories.storyIdsOf([first, follow, other]);
      expect(ids.get(first)).toBe(ids.get(follow));
      expect(ids.get(other)).not.toBe(ids.get(first));
      const story = await store.stories.get(ids.get(first)!);
      expect(story?.articleCount).toBe(2);
      const timeline = await store.stories.timeline(ids.get(first)!);
      expect(timeline.map((t) => t.articleId)).toEqual([first, follow]);
      expect((await store.stories.list({ limit: 10 })).length).toBe(2);
      expect(await store.stories.count()).toBe(2);
      expect(await store.check()).toEqual([]);
    });
  });
}
