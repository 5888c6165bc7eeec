import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArticleDraftInput } from '../../src/model.ts';
import type { Store } from '../../src/store/store.ts';
import { Pipeline } from '../../src/ingest/pipeline.ts';
import { pipelineStages } from '../../src/ingest/stages.ts';
import { extractEntities } from '../../src/analyse/entities.ts';
import { entityIdOf, findByNameVia, type EntityRecord } from '../../src/store/entities.ts';
import { backends } from './backends.ts';
import { draft } from '../helpers.ts';
import { deleteArticle } from '../../src/ingest/delete.ts';

/** Invented articles (not from any source). */
const GENEVA: ArticleDraftInput = draft({
  url: 'https://example.test/geneva',
  headline: 'Lavrov meets Nato envoys in Geneva',
  standfirst: undefined,
  body: [
    "Russia's foreign minister, Sergey Lavrov, met NATO envoys in Geneva on Tuesday.",
    'Lavrov said the talks with NATO had been useful, the Kremlin said.',
  ],
  contributors: [{ name: 'Andrew Roth' }],
  publishedAt: '2026-03-02T09:00:00.000Z',
});
const VIENNA: ArticleDraftInput = draft({
  url: 'https://example.test/vienna',
  headline: 'Talks stall in Vienna',
  standfirst: undefined,
  body: ['Sergei Lavrov told reporters in Vienna that Nato was not listening.', 'The Velmora Water Authority said nothing.'],
  publishedAt: '2026-03-03T18:00:00.000Z',
});
const MINSK: ArticleDraftInput = draft({
  url: 'https://example.test/minsk',
  headline: 'Envoys leave Minsk',
  standfirst: undefined,
  body: ['Sergey Lavrov and the Nato envoys left Minsk on Wednesday.', 'The Nato talks resume next month.', 'Andrew Roth in Minsk'],
  contributors: [{ name: 'Andrew Roth' }],
  publishedAt: '2026-03-03T08:00:00.000Z',
});

for (const backend of backends) {
  describe.skipIf(!backend.available)(`entity store (${backend.name})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let pipeline: Pipeline;
    beforeEach(async () => {
      ({ store, cleanup } = await backend.open());
      pipeline = new Pipeline(store, pipelineStages());
    });
    afterEach(async () => cleanup());

    async function ingest(d: ArticleDraftInput): Promise<string> {
      const r = await pipeline.ingestDraft(d, d.url ?? 'x');
      if (!r.ok) throw new Error(r.error);
      return r.id;
    }
    const one = async (name: string, type?: 'person' | 'organisation' | 'place' | 'contributor') => {
      const found = await store.entities.findByName(name, type);
      expect(found, name).toHaveLength(1);
      return found[0]!;
    };

    it('stores each article\'s mentions with counts and first positions', async () => {
      const id = await ingest(GENEVA);
      const stored = await store.entities.forArticle(id);
      const extracted = extractEntities({ headline: GENEVA.headline, body: GENEVA.body, contributors: [{ name: 'Andrew Roth' }] });
      const pick = (ms: { name: string; type: string; count: number; firstPosition: number }[]) =>
        ms.map(({ name, type, count, firstPosition }) => ({ name, type, count, firstPosition })).sort((a, b) => a.name.localeCompare(b.name));
      expect(pick(stored)).toEqual(pick(extracted));
      expect(stored.find((m) => m.name === 'Sergey Lavrov')).toMatchObject({ type: 'person', count: 3, firstPosition: 0, aliases: ['Lavrov', 'Sergey Lavrov'] });
      // Contributors come last, as their own kind.
      expect(stored.at(-1)).toMatchObject({ name: 'Andrew Roth', type: 'contributor' });
      expect((await store.entities.forArticles([id, 'missing'])).get(id)).toEqual(stored);
      expect(await store.check()).toEqual([]);
    });

    it('merges aliases across articles: "Sergei Lavrov" is "Sergey Lavrov", "Nato" is "NATO"', async () => {
      const a = await ingest(GENEVA);
      const b = await ingest(VIENNA);
      const lavrov = await one('Sergei Lavrov', 'person');
      expect(lavrov).toMatchObject({ name: 'Sergey Lavrov', articleCount: 2 });
      expect(lavrov.aliases).toEqual(expect.arrayContaining(['Lavrov', 'Sergey Lavrov', 'Sergei Lavrov']));
      const nato = await one('Nato', 'organisation');
      expect(nato.articleCount).toBe(2);
      expect(nato.aliases).toEqual(expect.arrayContaining(['NATO', 'Nato']));
      expect((await store.entities.forArticle(b)).map((m) => m.name)).toEqual(expect.arrayContaining(['Sergey Lavrov', nato.name]));
      // Lookup by any alias key, and by surname.
      expect((await store.entities.lookup('sergei lavrov')).map((e) => e.id)).toEqual([lavrov.id]);
      expect((await store.entities.lookup('surname:lavrov')).map((e) => e.id)).toEqual([lavrov.id]);
      expect((await store.entities.findByName('LAVROV')).map((e) => e.id)).toEqual([lavrov.id]);
      expect(await store.entities.get(lavrov.id)).toEqual(lavrov);
      expect(await store.entities.documentFrequency([lavrov.id, 'nope'])).toEqual(new Map([[lavrov.id, 2], ['nope', 0]]));
      expect(await store.entities.articleIdsSharing([lavrov.id, nato.id], 10)).toEqual([b, a]);
      expect(await store.check()).toEqual([]);
    });

    it('keeps contributors as their own type, never people', async () => {
      await ingest(GENEVA);
      await ingest(MINSK);
      const roth = await store.entities.findByName('Andrew Roth');
      expect(roth.map((e) => e.type)).toContain('contributor');
      expect(roth.find((e) => e.type === 'contributor')!.id).toBe(entityIdOf('contributor', 'Andrew Roth'));
      const people = await store.entities.list({ type: 'person', limit: 50 });
      expect(people.map((p) => p.name)).not.toContain('Andrew Roth');
      expect((await store.entities.list({ type: 'contributor', limit: 50 })).map((p) => p.name)).toEqual(['Andrew Roth']);
    });

    it('counts mentions per publication day and lists an entity\'s articles latest first', async () => {
      const a = await ingest(GENEVA);
      const b = await ingest(VIENNA);
      const c = await ingest(MINSK);
      const lavrov = await one('Sergey Lavrov', 'person');
      expect(lavrov.articleCount).toBe(3);
      const perArticle = async (id: string) => (await store.entities.forArticle(id)).find((m) => m.entityId === lavrov.id)!.count;
      expect(await store.entities.mentionsPerDay(lavrov.id)).toEqual([
        { day: '2026-03-02', mentions: await perArticle(a) },
        { day: '2026-03-03', mentions: (await perArticle(b)) + (await perArticle(c)) },
      ]);
      expect((await store.entities.articles(lavrov.id, { limit: 10 })).map((x) => x.articleId)).toEqual([b, c, a]);
      expect((await store.entities.articles(lavrov.id, { limit: 1, before: '2026-03-03T12:00:00.000Z' })).map((x) => x.articleId)).toEqual([c]);
      const top = await store.entities.list({ limit: 2 });
      expect(top[0]!.articleCount).toBeGreaterThanOrEqual(top[1]!.articleCount);
      expect(await store.entities.list({ limit: 50, minArticles: 3 })).toEqual(expect.arrayContaining([expect.objectContaining({ id: lavrov.id })]));
      expect(await store.entities.count()).toBe((await store.entities.list({ limit: 1000 })).length);
    });

    it('replaces an updated article\'s mentions without double counting', async () => {
      const a = await ingest(GENEVA);
      await ingest(VIENNA);
      const kremlin = await one('Kremlin', 'organisation');
      await ingest({ ...GENEVA, body: ['Sergey Lavrov met Nato envoys in Geneva on Tuesday, and Lavrov was brief.', 'Officials in Stockholm said little.'], updatedAt: '2026-03-05T00:00:00.000Z', publishedAt: '2026-03-04T09:00:00.000Z' });
      const lavrov = await one('Sergey Lavrov', 'person');
      expect(lavrov.articleCount).toBe(2);
      expect((await one('Nato', 'organisation')).articleCount).toBe(2);
      // Mentioned only by the old version: gone, with its keys and days.
      expect(await store.entities.get(kremlin.id)).toBeUndefined();
      expect(await store.entities.findByName('Kremlin')).toEqual([]);
      expect(await store.entities.mentionsPerDay(kremlin.id)).toEqual([]);
      expect((await one('Stockholm', 'place')).articleCount).toBe(1);
      const days = await store.entities.mentionsPerDay(lavrov.id);
      expect(days.map((d) => d.day)).toEqual(['2026-03-03', '2026-03-04']);
      expect(days[1]!.mentions).toBe((await store.entities.forArticle(a)).find((m) => m.entityId === lavrov.id)!.count);
      expect(await store.check()).toEqual([]);

      await deleteArticle(store, a);
      expect((await one('Sergey Lavrov', 'person')).articleCount).toBe(1);
      expect(await store.entities.forArticle(a)).toEqual([]);
      expect(await store.entities.findByName('Stockholm')).toEqual([]);
      expect(await store.check()).toEqual([]);
    });

    it('reports mentions out of step in check()', async () => {
      const a = await ingest(GENEVA);
      await store.transaction(async (tx) => tx.articles.delete(a)); // without removeArticle: counts now stale
      const problems = await store.check();
      expect(problems.some((p) => p.startsWith('entity article counts out of step'))).toBe(true);
    });
  });
}

describe('findByName ranking', () => {
  it('puts the entity of most articles first, then the one of that very name; the surname only when nothing else matches', async () => {
    const putin: EntityRecord = { id: 'p', name: 'Vladimir Putin', type: 'person', aliases: ['Putin'], articleCount: 10 };
    const stray: EntityRecord = { id: 'x', name: 'Putin', type: 'place', aliases: [], articleCount: 1 };
    const index = new Map([['putin', [stray, putin]], ['surname:putin', [putin]], ['surname:peskov', [{ ...putin, id: 'q', name: 'Dmitry Peskov' }]]]);
    const lookup = async (keys: readonly string[]) => new Map(keys.flatMap((k) => (index.has(k) ? [[k, index.get(k)!] as const] : [])));
    expect((await findByNameVia(lookup, 'Putin')).map((e) => e.id)).toEqual(['p', 'x']);
    expect((await findByNameVia(lookup, 'Putin', 'place')).map((e) => e.id)).toEqual(['x']);
    expect((await findByNameVia(lookup, 'Peskov')).map((e) => e.id)).toEqual(['q']);
    expect(await findByNameVia(lookup, 'Peskov', 'place')).toEqual([]);
  });
});
