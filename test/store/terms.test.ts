import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Pipeline } from '../../src/ingest/pipeline.ts';
import { pipelineStages } from '../../src/ingest/stages.ts';
import { draft, tempStore } from '../helpers.ts';
import type { SqliteStore } from '../../src/store/sqlite/store.ts';
import type { Store } from '../../src/store/store.ts';
import type { TermRepository } from '../../src/store/terms.ts';
import { CachedTerms, WorkingSet } from '../../src/store/working-set.ts';
import { openStore } from '../../src/store/open.ts';
import { backends } from './backends.ts';
import { volcano } from '../stories/fixtures.ts';

describe('term statistics', () => {
  let store: SqliteStore;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await tempStore()));
  afterEach(async () => cleanup());

  it('counts document frequencies across articles and replaces an updated article\'s terms', async () => {
    const p = new Pipeline(store, pipelineStages());
    const a = await p.ingestDraft(draft({ headline: 'Volcano erupts near Arlen', body: ['The volcano near Arlen erupted overnight, officials said.'] }), 'a');
    await p.ingestDraft(draft({ url: 'https://b.example/x', headline: 'Arlen evacuates', body: ['Arlen residents were evacuated as ash fell on the town.'] }), 'b');
    expect(await store.terms.documentCount()).toBe(2);
    const df = await store.terms.documentFrequencies(['arlen', 'volcano', 'unseen']);
    expect(Object.fromEntries(df)).toEqual({ arlen: 2, volcano: 1, unseen: 0 });
    const counts = await store.terms.counts([a.ok ? a.id : '']);
    expect(counts.get(a.ok ? a.id : '')?.get('volcano')).toBe(3); // headline counts twice + body once

    await p.ingestDraft(draft({ headline: 'Arlen eruption ends', body: ['The eruption near Arlen ended on Sunday.'], updatedAt: '2026-03-04T00:00:00.000Z' }), 'a2');
    const after = await store.terms.documentFrequencies(['arlen', 'volcano', 'erupt']);
    expect(Object.fromEntries(after)).toEqual({ arlen: 2, volcano: 0, erupt: 1 });
  });
});

for (const backend of backends) {
  describe.skipIf(!backend.available)(`document frequencies in memory (${backend.name})`, () => {
    let store: Store;
    let url: string;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ store, url, cleanup } = await backend.open()));
    afterEach(async () => cleanup());

    const analysed = <T>(s: Store, fn: (tx: Store) => Promise<T>) =>
      s.transaction(async (tx) => {
        await tx.lockAnalysis();
        return fn(tx);
      });

    it('are exactly the stored ones: writes report what they changed, another process and a rollback are both seen', async () => {
      const r = await new Pipeline(store, pipelineStages()).ingestDraft(volcano.first(), 'test');
      if (!r.ok) throw new Error(r.error);
      const id = r.id;
      const term = [...(await store.terms.counts([id])).get(id)!.keys()][0]!;
      const df = (s: Store) => analysed(s, (tx) => tx.terms.documentFrequencies([term, 'zeppelin']));
      expect(await df(store)).toEqual(new Map([[term, 1], ['zeppelin', 0]]));
      // Another process replaces the article's terms after this one has read (and kept) both frequencies.
      const other = await openStore(url);
      try {
        const changed = await analysed(other, (tx) => tx.terms.put(id, new Map([['zeppelin', 1]])));
        expect(changed.get(term)).toBe(0);
        expect(changed.get('zeppelin')).toBe(1);
      } finally {
        await other.close();
      }
      expect(await df(store)).toEqual(new Map([[term, 0], ['zeppelin', 1]]));
      // This process's own write is served at once; rolled back, it is gone.
      await expect(
        analysed(store, async (tx) => {
          expect(await tx.terms.put(id, new Map([[term, 2]]))).toEqual(new Map([['zeppelin', 0], [term, 1]]));
          expect(await tx.terms.documentFrequencies([term, 'zeppelin'])).toEqual(new Map([[term, 1], ['zeppelin', 0]]));
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await df(store)).toEqual(new Map([[term, 0], ['zeppelin', 1]]));
      expect(await analysed(store, (tx) => tx.terms.remove(id))).toEqual(new Map([['zeppelin', 0]]));
      expect(await df(store)).toEqual(new Map([[term, 0], ['zeppelin', 0]]));
    });
  });
}

describe('CachedTerms', () => {
  /** A term repository that counts its frequency reads. */
  function fakeTerms(): TermRepository & { reads: string[][]; stored: Map<string, number> } {
    const stored = new Map<string, number>();
    const reads: string[][] = [];
    return {
      stored,
      reads,
      documentCount: async () => 0,
      documentFrequencies: async (terms) => {
        reads.push([...terms]);
        return new Map(terms.map((t) => [t, stored.get(t) ?? 0]));
      },
      put: async (_id, counts) => new Map([...counts.keys()].map((t) => [t, stored.set(t, (stored.get(t) ?? 0) + 1).get(t)!])),
      remove: async () => new Map(),
      counts: async () => new Map(),
    };
  }

  it('reads each frequency once and keeps those its writes report, while usable', async () => {
    const inner = fakeTerms();
    const terms = new CachedTerms(inner, new WorkingSet(), () => true);
    inner.stored.set('ash', 3);
    expect(await terms.documentFrequencies(['ash', 'lava'])).toEqual(new Map([['ash', 3], ['lava', 0]]));
    await terms.put('a', new Map([['lava', 1]]));
    expect(await terms.documentFrequencies(['lava', 'ash', 'cone'])).toEqual(new Map([['lava', 1], ['ash', 3], ['cone', 0]]));
    expect(inner.reads).toEqual([['ash', 'lava'], ['cone']]);
  });

  it('passes every read to the store, and forgets what it kept, while not usable', async () => {
    const inner = fakeTerms();
    const set = new WorkingSet();
    let usable = true;
    const terms = new CachedTerms(inner, set, () => usable);
    await terms.documentFrequencies(['ash']);
    usable = false;
    inner.stored.set('ash', 5);
    expect(await terms.documentFrequencies(['ash'])).toEqual(new Map([['ash', 5]]));
    await terms.put('a', new Map([['lava', 1]]));
    expect(set.df.size).toBe(1);
    usable = true;
    expect(await terms.documentFrequencies(['ash'])).toEqual(new Map([['ash', 5]]));
    expect(inner.reads).toEqual([['ash'], ['ash'], ['ash']]);
  });
});
