import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Pipeline } from '../../src/ingest/pipeline.ts';
import { pipelineStages } from '../../src/ingest/stages.ts';
import type { ArticleDraftInput } from '../../src/model.ts';
import type { Store } from '../../src/store/store.ts';
import { backends, execSql } from './backends.ts';
import { deleteArticle } from '../../src/ingest/delete.ts';
import { heaviestTerms } from '../../src/store/postings.ts';
import { RELATED } from '../../src/related/config.ts';
import { transfer, volcano, budget } from '../stories/fixtures.ts';
import { openStore } from '../../src/store/open.ts';
import { NO_REASONS } from '../../src/store/related.ts';

for (const backend of backends) {
  describe.skipIf(!backend.available)(`related rails (${backend.name})`, () => {
    let store: Store;
    let url: string;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ store, url, cleanup } = await backend.open()));
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

    it('counts the articles of each entity as entities are stored, replaced and deleted; check() reports drift', async () => {
      const [a, b] = [await ingest(volcano.first()), await ingest(volcano.followUp())];
      const of = await store.related.entities.of([a!, b!]);
      const inB = new Set(of.get(b!)!.map((e) => e.key));
      const shared = of.get(a!)!.map((e) => e.key).find((k) => inB.has(k))!;
      expect(shared).toBeDefined();
      const frequency = async () => (await store.related.entities.frequencies([shared, 'no such entity'])).get(shared);
      expect(await frequency()).toBe(2);
      expect((await store.related.entities.frequencies(['no such entity'])).get('no such entity')).toBe(0);
      await store.transaction(async (tx) => tx.related.putEntities(a!, of.get(a!)!.filter((e) => e.key !== shared)));
      expect(await frequency()).toBe(1);
      await deleteArticle(store, b!);
      expect(await frequency()).toBe(0);
      expect(await store.check()).toEqual([]);
      await execSql(backend.name, url, `UPDATE related_entity_df SET n = n + 3`);
      expect(await store.check()).toContainEqual(expect.stringMatching(/^entity counts out of step with the entity index/));
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
    it('finds the articles sharing most of the given entities, reading at most perKey articles of each', async () => {
      const ids = [await ingest(volcano.first()), await ingest(volcano.followUp()), await ingest(transfer()), await ingest(budget('2026-03-02T11:00:00.000Z'))];
      const sorted = [...ids].sort();
      // Every article names 'place:common'; the last two by id also name 'person:rare'.
      await store.transaction(async (tx) => {
        for (const id of ids) await tx.related.putEntities(id, [{ key: 'place:common', name: 'Common' }, ...(sorted.indexOf(id) >= 2 ? [{ key: 'person:rare', name: 'Rare' }] : [])]);
      });
      const index = store.related.entities;
      expect(await index.articlesWith(['place:common', 'person:rare'], 10, 10)).toEqual([sorted[2], sorted[3], sorted[0], sorted[1]]);
      expect(await index.articlesWith(['place:common', 'person:rare'], 3, 10)).toEqual([sorted[2], sorted[3], sorted[0]]);
      // Two articles read of the common place (the first two by id), both of the rare person.
      expect(await index.articlesWith(['place:common', 'person:rare'], 10, 2)).toEqual(sorted);
      expect(await index.articlesWith(['place:common'], 10, 1)).toEqual([sorted[0]]);
      expect(await index.articlesWith(['place:common', 'place:common'], 10, 10)).toEqual(sorted);
      expect(await index.articlesWith([], 10, 10)).toEqual([]);
    });

    it('reads the head of candidate lists: the best non-twin entries and every twin, best first', async () => {
      const [a, b, c, d, e] = [await ingest(volcano.first()), await ingest(volcano.followUp()), await ingest(transfer()), await ingest(budget('2026-03-02T11:00:00.000Z')), await ingest(budget('2026-03-09T11:00:00.000Z'))];
      const reasons = { entities: [], terms: [], sameStory: false };
      await store.related.putCandidates(a!, [
        { articleId: b!, score: 0.5, twin: false, reasons },
        { articleId: c!, score: 0.9, twin: true, reasons },
        { articleId: d!, score: 0.7, twin: false, reasons },
        { articleId: e!, score: 0.1, twin: true, reasons },
      ]);
      await store.related.putCandidates(b!, [{ articleId: e!, score: 0.2, twin: false, reasons }]);
      const heads = await store.related.candidateLists([a!, b!, 'no-such-article'], 1);
      expect(heads.get(a!)).toEqual([
        { articleId: c!, score: 0.9, twin: true },
        { articleId: d!, score: 0.7, twin: false },
        { articleId: e!, score: 0.1, twin: true },
      ]);
      expect(heads.get(b!)).toEqual([{ articleId: e!, score: 0.2, twin: false }]);
      expect(heads.get('no-such-article')).toEqual([]);
      expect((await store.related.candidateLists([a!])).get(a!)!.map((x) => x.articleId)).toEqual([c, d, b, e]);
    });

    it('changes several candidate lists in one call: entries added, replaced and removed per holder', async () => {
      const [a, b, c, d] = [await ingest(volcano.first()), await ingest(volcano.followUp()), await ingest(transfer()), await ingest(budget('2026-03-02T11:00:00.000Z'))];
      const reasons = { entities: [], terms: ['lava'], sameStory: false };
      await store.related.putCandidates(a!, [{ articleId: b!, score: 0.5, twin: false, reasons }, { articleId: c!, score: 0.3, twin: false, reasons }]);
      await store.related.putCandidates(b!, [{ articleId: a!, score: 0.5, twin: false, reasons }]);
      // The same holder twice, and the same entry twice (the last wins), as a caller might send them.
      await store.related.updateCandidates([
        { holderId: a!, add: [{ articleId: d!, score: 0.4, twin: false, reasons }], remove: [c!] },
        { holderId: b!, add: [{ articleId: d!, score: 0.2, twin: true, reasons }] },
        { holderId: b!, add: [{ articleId: d!, score: 0.6, twin: false, reasons }] },
      ]);
      const lists = await store.related.candidateLists([a!, b!]);
      expect(lists.get(a!)).toEqual([{ articleId: b, score: 0.5, twin: false }, { articleId: d, score: 0.4, twin: false }]);
      expect(lists.get(b!)).toEqual([{ articleId: d, score: 0.6, twin: false }, { articleId: a, score: 0.5, twin: false }]);
    });

    it('shows each rail entry with the reasons its candidate list holds now, and finds the rails holding an article', async () => {
      const [a, b, c] = [await ingest(volcano.first()), await ingest(volcano.followUp()), await ingest(transfer())];
      const reasons = { entities: ['Velmora'], terms: ['lava'], sameStory: true };
      await store.related.putCandidates(a!, [
        { articleId: b!, score: 0.4, twin: false, reasons },
        { articleId: c!, score: 0.1, twin: false, reasons: NO_REASONS },
      ]);
      await store.related.putRail(a!, [{ articleId: b!, score: 0.8 }, { articleId: c!, score: 0.2 }]);
      expect(await store.related.rail(a!)).toEqual([
        { articleId: b, rank: 0, score: 0.8, reasons },
        { articleId: c, rank: 1, score: 0.2, reasons: NO_REASONS },
      ]);
      expect(await store.related.rail(a!, 1)).toHaveLength(1);
      const fresher = { entities: [], terms: ['eruption'], sameStory: false };
      await store.related.updateCandidates([{ holderId: a!, add: [{ articleId: c!, score: 0.1, twin: false, reasons: fresher }] }]);
      expect((await store.related.rail(a!))[1]!.reasons).toEqual(fresher);
      expect(await store.related.containing(c!)).toContain(a);
      await store.related.removeFromRail(a!, c!);
      expect((await store.related.railHeads([a!])).get(a!)).toEqual([{ articleId: b, score: 0.8 }]);
      expect(await store.related.containing(c!)).not.toContain(a);
      await store.related.putRail(a!, []);
      expect(await store.related.rail(a!)).toEqual([]);
    });

    it('never serves a stale profile: a rewrite by another process and a rolled-back write are both seen', async () => {
      const id = await ingest(volcano.first());
      const profile = (await store.related.profiles([id])).get(id)!;
      // A second store on the same archive (another process) rewrites the profile; this one has it cached.
      const other = await openStore(url);
      try {
        await other.related.putProfile(id, { archiveSize: 7, terms: new Map([['lava', 1]]), entities: new Map() }, RELATED.indexTerms);
      } finally {
        await other.close();
      }
      expect((await store.related.profiles([id])).get(id)).toEqual({ archiveSize: 7, terms: new Map([['lava', 1]]), entities: new Map() });
      // A write rolled back with its transaction leaves the stored profile, and reads show it.
      await expect(
        store.transaction(async (tx) => {
          await tx.related.putProfile(id, profile, RELATED.indexTerms);
          expect((await tx.related.profiles([id])).get(id)).toEqual(profile);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect((await store.related.profiles([id])).get(id)).toEqual({ archiveSize: 7, terms: new Map([['lava', 1]]), entities: new Map() });
      await store.related.remove(id);
      expect((await store.related.profiles([id])).size).toBe(0);
    });

    it('serves lists, rails and profiles from memory only while no one else writes: another process and a rollback are both seen', async () => {
      const [a, b, c] = [await ingest(volcano.first()), await ingest(volcano.followUp()), await ingest(transfer())];
      const analysed = <T>(s: Store, fn: (tx: Store) => Promise<T>) =>
        s.transaction(async (tx) => {
          await tx.lockAnalysis();
          return fn(tx);
        });
      const view = (s: Store) =>
        analysed(s, async (tx) => ({
          list: (await tx.related.candidateLists([a!])).get(a!),
          head: (await tx.related.candidateLists([a!], 1)).get(a!),
          rail: (await tx.related.railHeads([a!])).get(a!),
          profile: (await tx.related.profiles([a!])).get(a!),
        }));
      const before = await view(store);
      expect(before.list!.map((e) => e.articleId)).toContain(b);
      // Another process analyses after this one has read (and kept) a's list, rail and profile.
      const reasons = { entities: [], terms: [], sameStory: false };
      const profile = { archiveSize: 7, terms: new Map([['lava', 1]]), entities: new Map() };
      const other = await openStore(url);
      try {
        await analysed(other, async (tx) => {
          await tx.related.putCandidates(a!, [
            { articleId: b!, score: 0.42, twin: false, reasons },
            { articleId: c!, score: 0.3, twin: false, reasons },
          ]);
          await tx.related.putRail(a!, [{ articleId: b!, score: 0.5 }]);
          await tx.related.putProfile(a!, profile, RELATED.indexTerms);
        });
      } finally {
        await other.close();
      }
      const written = {
        list: [
          { articleId: b, score: 0.42, twin: false },
          { articleId: c, score: 0.3, twin: false },
        ],
        head: [{ articleId: b, score: 0.42, twin: false }],
        rail: [{ articleId: b, score: 0.5 }],
        profile,
      };
      expect(await view(store)).toEqual(written);
      // This process's own writes are served at once; rolled back, they are gone.
      await expect(
        analysed(store, async (tx) => {
          await tx.related.updateCandidates([{ holderId: a!, add: [{ articleId: c!, score: 0.9, twin: true, reasons }], remove: [b!] }]);
          await tx.related.putRail(a!, []);
          expect((await tx.related.candidateLists([a!])).get(a!)).toEqual([{ articleId: c, score: 0.9, twin: true }]);
          expect((await tx.related.railHeads([a!])).get(a!)).toEqual([]);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await view(store)).toEqual(written);
    });
  });
}
