import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Pipeline } from '../../src/ingest/pipeline.ts';
import { pipelineStages } from '../../src/ingest/stages.ts';
import type { ArticleDraftInput } from '../../src/model.ts';
import type { Store } from '../../src/store/store.ts';
import { backends } from './backends.ts';
import { budget, oneOff, transfer, volcano } from '../stories/fixtures.ts';
import { quietDays, setQuietDays } from '../../src/stories/quiet-period.ts';

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

    it("keeps the archive's quiet period: setting it re-judges every story, and later arrivals use it", async () => {
      const volcanoStory = async () => (await store.stories.storyIdsOf([first])).get(first)!;
      const status = async () => (await store.stories.get(await volcanoStory()))?.status;
      const first = await ingest(volcano.first('2026-03-02T08:00:00.000Z'));
      await ingest(budget('2026-03-20T09:00:00.000Z'));
      expect(await quietDays(store)).toBe(7);
      expect(await status()).toBe('dormant');

      expect(await setQuietDays(store, 30)).toEqual({ days: 30, previous: 7, woke: 1, slept: 0 });
      expect(await store.stories.quietDays()).toBe(30);
      expect(await status()).toBe('active');
      expect((await store.stories.list({ limit: 10, active: true })).map((s) => s.id)).toContain(await volcanoStory());

      // 23 days after the volcano story's last article: still within 30 days, dormant under the default.
      await ingest(transfer('2026-03-25T09:00:00.000Z'));
      expect(await status()).toBe('active');
      await ingest(oneOff(1, '2026-04-02T09:00:00.000Z'));
      expect(await status()).toBe('dormant');

      expect(await setQuietDays(store, 45)).toMatchObject({ previous: 30, woke: 1 });
      expect(await setQuietDays(store, 2)).toEqual({ days: 2, previous: 45, woke: 0, slept: 3 });
      expect(await status()).toBe('dormant');
      expect([await store.stories.count(), await store.stories.count({ active: true })]).toEqual([4, 1]);
      await expect(setQuietDays(store, 0)).rejects.toThrow(/more than 0/);
      expect(await store.check()).toEqual([]);
    });
  });
}
