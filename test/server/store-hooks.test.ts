import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPipeline } from '../../src/ingest/stages.ts';
import { hotness, storeHooks } from '../../src/server/data.ts';
import type { Story } from '../../src/model.ts';
import type { SqliteStore } from '../../src/store/sqlite/store.ts';
import { draft, tempStore } from '../helpers.ts';
import { syntheticArticles } from '../synthetic.ts';
import { oneOff } from '../stories/fixtures.ts';

let store: SqliteStore;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ store, cleanup } = await tempStore()));
afterEach(async () => cleanup());

describe('storeHooks', () => {
  it('shows only rail entries that score at least 30% of the best one', async () => {
    const ids: string[] = [];
    for (const a of syntheticArticles(4, 3)) {
      const r = await createPipeline(store).ingestDraft(draft(a), 't');
      if (r.ok) ids.push(r.id);
    }
    await store.related.putRail(ids[0]!, [
      { articleId: ids[1]!, score: 1 },
      { articleId: ids[2]!, score: 0.5 },
      { articleId: ids[3]!, score: 0.1 },
    ]);
    expect((await storeHooks(store).rail!(ids[0]!)).map((e) => e.articleId)).toEqual([ids[1], ids[2]]);
  });

  it('lists only developing stories when asked, a page at a time', async () => {
    const pipeline = createPipeline(store);
    for (const [i, day] of ['2026-01-02', '2026-02-10', '2026-03-01', '2026-03-03'].entries()) {
      const r = await pipeline.ingestDraft(oneOff(i, `${day}T12:00:00.000Z`), 't');
      if (!r.ok) throw new Error(r.error);
    }
    const hooks = storeHooks(store);
    const all = await hooks.stories!({ limit: 10, offset: 0 });
    expect(all.map((s) => s.status)).toEqual(['active', 'active', 'dormant', 'dormant']);
    const developing = await hooks.stories!({ limit: 10, offset: 0, active: true });
    expect(developing.map((s) => s.id)).toEqual(all.slice(0, 2).map((s) => s.id));
    expect((await hooks.stories!({ limit: 1, offset: 1, active: true })).map((s) => s.id)).toEqual([all[1]!.id]);
  });
});

describe('hotness', () => {
  const story = (id: string, articleCount: number, last: string): Story => ({
    id, title: id, keyEntities: [], keyTerms: [], articleCount, sources: [], status: 'active', lastPublishedAt: last,
  });

  it('ranks big fresh stories first and lets a big old one fall behind a smaller fresh one', () => {
    const ranked = hotness([
      story('old-big', 30, '2026-01-01T00:00:00.000Z'),
      story('fresh-small', 4, '2026-03-01T00:00:00.000Z'),
      story('fresh-big', 12, '2026-02-28T00:00:00.000Z'),
    ]);
    expect(ranked.map((s) => s.id)).toEqual(['fresh-big', 'fresh-small', 'old-big']);
  });
});
