import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPipeline } from '../../src/ingest/stages.ts';
import { markedToHtml } from '../../src/store/sqlite/search.ts';
import { parseQuery } from '../../src/search/query.ts';
import type { SqliteStore } from '../../src/store/sqlite/store.ts';
import { draft, tempStore } from '../helpers.ts';

describe('markedToHtml', () => {
  it('escapes text and balances marks', () => {
    expect(markedToHtml('a <b> \uE000c&d\uE001 "e"')).toBe('a &#60;b&#62; <mark>c&#38;d</mark> &#34;e&#34;');
    expect(markedToHtml('\uE001x\uE000y')).toBe('x<mark>y</mark>');
    expect(markedToHtml('\uE000\uE000x\uE001\uE001')).toBe('<mark>x</mark>');
  });
});

describe('store.search', () => {
  let store: SqliteStore;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ store, cleanup } = await tempStore());
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
    const match = parseQuery('lighthouse')!.match;
    const all = await store.search.search({ match, sort: 'relevance', limit: 10, offset: 0 });
    expect(all.hits.map((h) => h.headline)).toEqual(['Lighthouse keeper retires', 'Council budget approved']);
    expect(all.hits[1]!.snippetHtml).toContain('<mark>lighthouse</mark>');
    const byDate = await store.search.search({ match, sort: 'date', limit: 10, offset: 0 });
    expect(byDate.hits[0]!.headline).toBe('Council budget approved');
    expect((await store.search.search({ match, sort: 'date', limit: 10, offset: 0, to: '2026-01-01' })).total).toBe(1);
    expect((await store.search.search({ match, sort: 'date', limit: 10, offset: 0, publisher: 'other paper' })).total).toBe(1);
    expect((await store.search.search({ sort: 'date', limit: 10, offset: 0, articleIds: [a.ok ? a.id : ''] })).hits[0]!.headline).toBe('Lighthouse keeper retires');
    expect(await store.search.perDay({ match })).toEqual([{ day: '2026-01-01', count: 1 }, { day: '2026-02-01', count: 1 }]);
    expect((await store.search.cards([b.ok ? b.id : '', 'missing'])).map((c) => c.headline)).toEqual(['Council budget approved']);
    expect(await store.search.stamp('missing')).toBeUndefined();
  });
});
