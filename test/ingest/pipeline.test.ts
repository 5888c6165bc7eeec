import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Pipeline, type PipelineStage } from '../../src/ingest/pipeline.ts';
import { draft, tempStore } from '../helpers.ts';
import type { SqliteStore } from '../../src/store/sqlite/store.ts';
import type { Store } from '../../src/store/store.ts';
import { createPipeline } from '../../src/ingest/stages.ts';
import { deleteArticle } from '../../src/ingest/delete.ts';

let store: SqliteStore;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ store, cleanup } = await tempStore()));
afterEach(async () => cleanup());

describe('Pipeline', () => {
  it('takes the analysis lock before any key lock in every transaction that writes, so writers cannot deadlock; reading the same items again takes no lock', async () => {
    // The order is what keeps PostgreSQL writers (ingest --shard, the poller, deletes) from deadlocking
    // when group commits hold several articles' key locks; SQLite's locks are no-ops, so record the calls.
    const locks: string[][] = [];
    let depth = 0;
    const transaction = store.transaction.bind(store);
    store.transaction = async <T,>(fn: (tx: Store) => Promise<T>): Promise<T> => {
      if (depth++ === 0) locks.push([]);
      try {
        return await transaction(fn);
      } finally {
        depth--;
      }
    };
    store.lockKeys = async () => void locks.at(-1)!.push('keys');
    store.lockAnalysis = async () => void locks.at(-1)!.push('analysis');
    const p = createPipeline(store);
    const other = draft({ headline: 'Ferry timetable changes on Monday', body: ['Winter crossings start an hour later from Monday, the operator said, and the last boat leaves at nine.'], url: 'https://news.example/ferry' });
    // One group: a new article, its exact copy at another address (a duplicate), another new one.
    const results = await p.ingestOutcomes('group.jsonl', [draft(), draft({ url: 'https://copy.example/vote' }), other].map((d, i) => ({ ok: true as const, label: `#${i}`, draft: d })));
    expect(results.map((r) => (r.ok ? r.status : r.error))).toEqual(['new', 'duplicate', 'new']);
    const updated = { ...other, body: ['Winter crossings start two hours later from Monday, the operator said.'] };
    expect(await p.ingestDraft(updated, 'again')).toMatchObject({ status: 'updated' });
    await deleteArticle(store, results[0]!.ok ? results[0]!.id : '');
    expect(locks).toHaveLength(3);
    for (const tx of locks) {
      expect(tx[0]).toBe('analysis');
      expect(tx).toContain('keys');
    }
    // Reading the same items again writes nothing, so it opens no transaction and takes no lock.
    const again = await p.ingestOutcomes('group.jsonl', [updated].map((d, i) => ({ ok: true as const, label: `#${i}`, draft: d })));
    expect(again.map((r) => (r.ok ? r.status : r.error))).toEqual(['unchanged']);
    expect(await p.ingestDraft(updated, 'again')).toMatchObject({ status: 'unchanged' });
    expect(locks).toHaveLength(3);
  });

  it('stores a new article and is idempotent on re-ingest', async () => {
    const p = new Pipeline(store);
    const first = await p.ingestDraft(draft(), 'a');
    expect(first).toMatchObject({ ok: true, status: 'new' });
    const again = await p.ingestDraft(draft(), 'a');
    expect(again).toMatchObject({ ok: true, status: 'unchanged', id: first.ok ? first.id : '' });
    expect(await store.articles.counts()).toEqual({ articles: 1, duplicates: 0 });
  });

  it('dates an undated article by its address, else by its file name, without changing its id', async () => {
    const p = new Pipeline(store);
    const undated = draft({ publishedAt: undefined, url: undefined });
    const byName = await p.ingestOutcomes('pages/valmora-2023-10-09-endorsement.txt', [{ ok: true, label: 'x', draft: undated, pathDate: '2023-10-09T12:00:00.000Z' }]);
    const plain = await new Pipeline(store).ingestDraft(undated, 'again');
    expect(byName[0]).toMatchObject({ ok: true, status: 'new' });
    expect(plain).toMatchObject({ ok: true, status: 'unchanged', id: byName[0]!.ok ? byName[0]!.id : '' });
    expect((await store.articles.get(plain.ok ? plain.id : ''))?.publishedAt).toBe('2023-10-09T12:00:00.000Z');
    const byUrl = await p.ingestDraft(draft({ publishedAt: undefined, headline: 'Dated by its address', body: ['Diplomats met in Stockholm for forty minutes and agreed only that their presidents should talk soon.'], url: 'https://news.example/2021/dec/02/talks' }), 'b', 'b', store, '2030-01-01T12:00:00.000Z');
    expect((await store.articles.get(byUrl.ok ? byUrl.id : ''))?.publishedAt).toBe('2021-12-02T12:00:00.000Z');
    const ownDate = await p.ingestDraft(draft({ headline: 'Dated by itself', body: ['The ferry timetable changes on Monday, when the winter crossings start an hour later than before.'], url: 'https://news.example/2021/dec/02/own', publishedAt: '2021-12-01T08:00:00.000Z' }), 'c');
    expect((await store.articles.get(ownDate.ok ? ownDate.id : ''))?.publishedAt).toBe('2021-12-01T08:00:00.000Z');
  });

  it('dates an article with no date and no dated address by the dateline its text opens with, never by a date inside a sentence', async () => {
    const p = new Pipeline(store);
    const crawled = await p.ingestDraft(draft({ publishedAt: undefined, url: 'https://news.example/world/quake', headline: 'Aftershocks jolt island', body: ['Last updated 13:26 14/09/2013 The sixth aftershock shook the island overnight, and ferries stayed in port.'] }), 'a');
    expect((await store.articles.get(crawled.ok ? crawled.id : ''))?.publishedAt).toBe('2013-09-14T12:00:00.000Z');
    const headlineOnly = await p.ingestDraft(draft({ publishedAt: undefined, url: undefined, headline: 'Friday, November 11, 2011', body: ['Naval patrol foils an attack on five merchant ships in the gulf before dawn.'] }), 'b');
    expect((await store.articles.get(headlineOnly.ok ? headlineOnly.id : ''))?.publishedAt).toBe('2011-11-11T12:00:00.000Z');
    const mention = await p.ingestDraft(draft({ publishedAt: undefined, url: undefined, headline: 'Killer sentenced', body: ['A judge sentenced him on Saturday for his 2005 rampage at the courthouse, on 3 May 2005 by most accounts.'] }), 'c');
    expect((await store.articles.get(mention.ok ? mention.id : ''))?.publishedAt).toBeUndefined();
    const metadata = await p.ingestDraft(draft({ publishedAt: '2013-09-20T08:00:00.000Z', headline: 'Ferries resume', body: ['Posted: Sep 14, 2013 Ferries resumed their crossings once the aftershocks stopped.'] }), 'd');
    expect((await store.articles.get(metadata.ok ? metadata.id : ''))?.publishedAt).toBe('2013-09-20T08:00:00.000Z');
  });

  it('replaces an article when a changed version arrives at the same canonical URL', async () => {
    const p = new Pipeline(store);
    const first = await p.ingestDraft(draft({ url: 'https://harbourherald.example/news/waterfront-vote?utm_source=x' }), 'a');
    const changed = draft({ headline: 'Harbour council postpones waterfront vote again', updatedAt: '2026-03-02T12:00:00.000Z' });
    const second = await p.ingestDraft(changed, 'b');
    expect(second).toMatchObject({ ok: true, status: 'updated' });
    expect(second.ok && first.ok && second.id === first.id).toBe(true);
    const stored = await store.articles.get(first.ok ? first.id : '');
    expect(stored?.headline).toBe('Harbour council postpones waterfront vote again');
    expect(await store.articles.counts()).toEqual({ articles: 1, duplicates: 0 });
  });

  it('ignores an older version of a stored article', async () => {
    const p = new Pipeline(store);
    await p.ingestDraft(draft({ updatedAt: '2026-03-03T00:00:00.000Z' }), 'a');
    const older = await p.ingestDraft(draft({ headline: 'Old headline', updatedAt: '2026-03-01T00:00:00.000Z' }), 'b');
    expect(older).toMatchObject({ status: 'unchanged' });
  });

  it('marks an exact copy at another URL as a duplicate of the first', async () => {
    const p = new Pipeline(store);
    const first = await p.ingestDraft(draft(), 'a');
    const copy = await p.ingestDraft(draft({ url: 'https://wire.example/story/123', publisher: 'Wire' }), 'b');
    expect(copy).toMatchObject({ ok: true, status: 'duplicate', duplicateOf: first.ok ? first.id : '' });
    expect(await store.articles.counts()).toEqual({ articles: 1, duplicates: 1 });
  });

  it('marks a syndicated copy with edited sentences as a near-duplicate', async () => {
    const body = Array.from({ length: 12 }, (_, i) => `Paragraph ${i} reports that the regional water authority in Velmora confirmed repairs on pumping station number ${i * 7} would continue through the weekend despite heavy rain.`);
    const p = new Pipeline(store);
    const first = await p.ingestDraft(draft({ body }), 'a');
    const edited = [...body];
    edited[0] = 'A syndicated intro sentence written differently by the second outlet for its readers today.';
    edited[5] = 'This paragraph was rewritten entirely by the syndicating newspaper with new wording.';
    const copy = await p.ingestDraft(draft({ body: edited, headline: 'Velmora repairs continue', url: 'https://other.example/velmora' }), 'b');
    expect(copy).toMatchObject({ status: 'duplicate', duplicateOf: first.ok ? first.id : '' });
  });

  it('keeps articles on the same topic with different text apart', async () => {
    const p = new Pipeline(store);
    await p.ingestDraft(draft(), 'a');
    const other = await p.ingestDraft(
      draft({
        url: 'https://other.example/waterfront',
        body: [
          'Harbour businesses gathered outside the town hall on Wednesday to protest against the waterfront scheme.',
          'Shop owners told reporters the building work would block deliveries for at least two years.',
          'The mayor promised compensation but gave no figures when questioned by the crowd.',
          'Police estimated that about three hundred people attended the peaceful demonstration.',
        ],
      }),
      'b',
    );
    expect(other).toMatchObject({ status: 'new' });
  });

  it('reports invalid drafts as failures without storing anything', async () => {
    const p = new Pipeline(store);
    expect(await p.ingestDraft(draft({ headline: '   ' }), 'x')).toMatchObject({ ok: false, error: expect.stringContaining('headline') });
    expect(await p.ingestDraft(draft({ body: [] }), 'y')).toMatchObject({ ok: false, error: expect.stringContaining('body') });
    expect(await store.articles.counts()).toEqual({ articles: 0, duplicates: 0 });
  });

  it('rolls back the whole article when a stage fails', async () => {
    const failing: PipelineStage = { name: 'boom', apply: async () => { throw new Error('stage failed'); } };
    const p = new Pipeline(store, [failing]);
    const result = await p.ingestDraft(draft(), 'a');
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining('stage failed') });
    expect(await store.articles.counts()).toEqual({ articles: 0, duplicates: 0 });
  });
});
