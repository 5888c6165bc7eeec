import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPipeline } from '../../src/ingest/stages.ts';
import { markedToHtml } from '../../src/store/search.ts';
import { parseQuery } from '../../src/search/query.ts';
import type { Store } from '../../src/store/store.ts';
import { draft } from '../helpers.ts';
import { backends } from './backends.ts';

describe('markedToHtml', () => {
  it('escapes text and balances marks', () => {
    expect(markedToHtml('a <b> \uE000c&d\uE001 "e"')).toBe('a &#60;b&#62; <mark>c&#38;d</mark> &#34;e&#34;');
    expect(markedToHtml('\uE001x\uE000y')).toBe('x<mark>y</mark>');
    expect(markedToHtml('\uE000\uE000x\uE001\uE001')).toBe('<mark>x</mark>');
  });
});

for (const backend of backends) describe.skipIf(!backend.available)(`store.search (${backend.name})`, () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ store, cleanup } = await backend.open());
  });
  afterEach(async () => cleanup());

  it('keeps the contributor index in step with inserts, updates and deletes', async () => {
    const pipeline = createPipeline(store);
    const r = await pipeline.ingestDraft(draft({ contributors: [{ name: 'Ada Quill', location: 'Porthaven' }] }), 't');
    expect(r.ok).toBe(true);
    const id = r.ok ? r.id : '';
    expect(await store.search.contributor('ada quill')).toEqual({ name: 'Ada Quill', articles: 1 });
    await pipeline.ingestDraft(draft({ contributors: [{ name: 'Ben Vale' }], body: ['A new version of the text, rewritten entirely for the update.'] }), 't');
    expect(await store.search.contributor('Ada Quill')).toBeUndefined();
    expect((await store.search.contributors(10)).map((c) => c.name)).toEqual(['Ben Vale']);
    await store.articles.delete(id);
    expect(await store.search.contributors(10)).toEqual([]);
  });

  it('ranks headline matches first and filters by date, publisher and ids', async () => {
    const pipeline = createPipeline(store);
    const a = await pipeline.ingestDraft(draft({ url: 'https://x.example/a', headline: 'Lighthouse keeper retires', body: ['After forty years the keeper hands over the keys to the council.'], publishedAt: '2026-01-01T10:00:00.000Z' }), 'a');
    const b = await pipeline.ingestDraft(draft({ url: 'https://x.example/b', headline: 'Council budget approved', body: ['The lighthouse repairs are in the budget, alongside roads and the harbour wall.'], publisher: 'Other Paper', publishedAt: '2026-02-01T10:00:00.000Z' }), 'b');
    const query = parseQuery('lighthouse')!;
    const all = await store.search.search({ query, sort: 'relevance', limit: 10, offset: 0 });
    expect(all.hits.map((h) => h.headline)).toEqual(['Lighthouse keeper retires', 'Council budget approved']);
    expect(all.hits[1]!.snippetHtml).toContain('<mark>lighthouse</mark>');
    const byDate = await store.search.search({ query, sort: 'date', limit: 10, offset: 0 });
    expect(byDate.hits[0]!.headline).toBe('Council budget approved');
    expect((await store.search.search({ query, sort: 'date', limit: 10, offset: 0, to: '2026-01-01' })).total).toBe(1);
    expect((await store.search.search({ query, sort: 'date', limit: 10, offset: 0, publisher: 'other paper' })).total).toBe(1);
    expect((await store.search.search({ sort: 'date', limit: 10, offset: 0, articleIds: [a.ok ? a.id : ''] })).hits[0]!.headline).toBe('Lighthouse keeper retires');
    expect(await store.search.perDay({ query })).toEqual([{ day: '2026-01-01', count: 1 }, { day: '2026-02-01', count: 1 }]);
    await pipeline.ingestDraft(draft({ url: 'https://x.example/c', headline: 'Undated lighthouse note', body: ['A lighthouse note with no date on it at all, from an old archive box.'], publishedAt: undefined }), 'c');
    expect((await store.search.perDay({ query })).length).toBe(3);
    expect((await store.search.perDay({ query, dated: true })).length).toBe(2);
    expect((await store.search.cards([b.ok ? b.id : '', 'missing'])).map((c) => c.headline)).toEqual(['Council budget approved']);
    expect(await store.search.stamp('missing')).toBeUndefined();
  });

  it('understands phrases, OR, NOT and prefixes the same way on every backend', async () => {
    const pipeline = createPipeline(store);
    await pipeline.ingestDraft(draft({ url: 'https://x.example/1', headline: 'Harbour wall repaired', body: ['Masons repaired the harbour wall after the winter storms battered the coast.'] }), '1');
    await pipeline.ingestDraft(draft({ url: 'https://x.example/2', headline: 'Wall of the harbour museum painted', body: ['Volunteers painted a mural on the museum wall facing the quay and the ferries.'] }), '2');
    await pipeline.ingestDraft(draft({ url: 'https://x.example/3', headline: 'Ministers visit the ferry terminal', body: ['Two ministers toured the new ferry terminal and praised its accessible design.'] }), '3');
    const titles = async (q: string) =>
      (await store.search.search({ query: parseQuery(q)!, sort: 'date', limit: 10, offset: 0 })).hits.map((h) => h.headline).sort();
    expect(await titles('"harbour wall"')).toEqual(['Harbour wall repaired']);
    expect(await titles('harbour wall')).toEqual(['Harbour wall repaired', 'Wall of the harbour museum painted']);
    expect(await titles('harbour NOT museum')).toEqual(['Harbour wall repaired']);
    expect(await titles('masons OR volunteers')).toEqual(['Harbour wall repaired', 'Wall of the harbour museum painted']);
    expect(await titles('minist*')).toEqual(['Ministers visit the ferry terminal']);
    expect(await titles('"); DROP TABLE articles; --')).toEqual([]);
    expect((await store.articles.counts()).articles).toBe(3);
  });
});
