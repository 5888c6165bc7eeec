import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Pipeline, type IngestResult } from '../../src/ingest/pipeline.ts';
import { pipelineStages } from '../../src/ingest/stages.ts';
import type { ArticleDraftInput } from '../../src/model.ts';
import type { SqliteStore } from '../../src/store/sqlite/store.ts';
import { tempStore } from '../helpers.ts';
import { articleFeatures } from '../../src/stories/features.ts';
import { StoryClusterer } from '../../src/stories/cluster.ts';
import { DEFAULT_REVIEW_CONFIG, StoryReview } from '../../src/stories/review.ts';
import { budget, oneOff, quakes, transfer, volcano } from './fixtures.ts';

let store: SqliteStore;
let cleanup: () => Promise<void>;
let pipeline: Pipeline;
beforeEach(async () => {
  ({ store, cleanup } = await tempStore());
  pipeline = new Pipeline(store, pipelineStages());
});
afterEach(async () => cleanup());

async function ingest(d: ArticleDraftInput): Promise<string> {
  const r: IngestResult = await pipeline.ingestDraft(d, 'test');
  if (!r.ok) throw new Error(r.error);
  return r.id;
}

async function storyOf(articleId: string): Promise<string> {
  const id = (await store.stories.storyIdsOf([articleId])).get(articleId);
  if (!id) throw new Error(`article ${articleId} has no story`);
  return id;
}

describe('stories stage', () => {
  it('puts a follow-up with a reworded headline into its story, and an unrelated same-day article apart', async () => {
    const first = await ingest(volcano.first());
    const other = await ingest(transfer());
    const follow = await ingest(volcano.followUp());
    expect(await storyOf(follow)).toBe(await storyOf(first));
    expect(await storyOf(other)).not.toBe(await storyOf(first));
    const story = await store.stories.get(await storyOf(first));
    expect(story).toMatchObject({ articleCount: 2, status: 'active', sources: ['The Harbour Herald', 'Velmora Daily'].sort() });
    expect(story?.keyTerms).toEqual(expect.arrayContaining(['Arlen']));
  });

  it('never keeps a number as a key term: the slots go to names a reader can follow', async () => {
    const withNumbers = (d: ArticleDraftInput): ArticleDraftInput => ({ ...d, body: [...d.body, 'Some 120 people in 12 villages, 300 soldiers and 40 buses were moved by 2027 plans; 600 homes stood empty and 75 roads were shut.'] });
    const first = await ingest(withNumbers(volcano.first()));
    await ingest(withNumbers(volcano.followUp()));
    const story = await store.stories.get(await storyOf(first));
    expect(story?.keyTerms.filter((t) => /\d/.test(t))).toEqual([]);
    expect(story?.keyEntities.map((e) => e.name)).toEqual(expect.arrayContaining(['Mount Arlen', 'Velmora', 'Ilse Brandt']));
  });

  it("answers the story ids of articles in one call (for related content)", async () => {
    const a = await ingest(volcano.first());
    const b = await ingest(transfer());
    const ids = await store.stories.storyIdsOf([a, b, 'unknown']);
    expect([...ids.keys()].sort()).toEqual([a, b].sort());
    expect(ids.get(a)).not.toBe(ids.get(b));
  });

  it('takes an older article arriving late into the right story and moves the first date back', async () => {
    const first = await ingest(volcano.first());
    await ingest(transfer());
    await ingest(volcano.followUp());
    const old = await ingest(volcano.background());
    const id = await storyOf(first);
    expect(await storyOf(old)).toBe(id);
    const story = await store.stories.get(id);
    expect(story?.firstPublishedAt).toBe('2026-02-27T09:00:00.000Z');
    expect(story?.lastPublishedAt).toBe('2026-03-03T10:00:00.000Z');
  });

  it('keeps the timeline in date order and titles the story with a member headline', async () => {
    const a = await ingest(volcano.followUp());
    const b = await ingest(volcano.first());
    const c = await ingest(volcano.background());
    const id = await storyOf(a);
    const timeline = await store.stories.timeline(id);
    expect(timeline.map((t) => t.articleId)).toEqual([c, b, a]);
    const story = await store.stories.get(id);
    expect(timeline.map((t) => t.headline)).toContain(story?.title);
    expect([a, b, c]).toContain(story?.titleArticleId);
  });

  it('lets a quiet story go dormant and wakes it when the story moves again', async () => {
    const first = await ingest(volcano.first('2026-03-02T08:00:00.000Z'));
    const id = await storyOf(first);
    await ingest(budget('2026-03-20T09:00:00.000Z')); // 18 days later on the stream's clock
    expect((await store.stories.get(id))?.status).toBe('dormant');
    expect((await store.stories.list({ limit: 10, active: true })).map((s) => s.id)).not.toContain(id);
    const later = await ingest(volcano.later('2026-03-21T09:00:00.000Z'));
    expect(await storyOf(later)).toBe(id);
    expect((await store.stories.get(id))?.status).toBe('active');
  });

  it('judges an undated article on its text alone', async () => {
    const first = await ingest(volcano.first());
    const undated = await ingest({ ...volcano.followUp(), publishedAt: undefined });
    expect(await storyOf(undated)).toBe(await storyOf(first));
    expect((await store.stories.get(await storyOf(first)))?.lastPublishedAt).toBe('2026-03-02T08:00:00.000Z');
  });

  it('counts for each key entity the articles of the story that name it, also as articles leave', async () => {
    const reporter = { contributors: [{ name: 'Tomas Reyes', location: 'Velmora' }] };
    const v1 = { ...volcano.first(), ...reporter };
    const first = await ingest(v1);
    await ingest({ ...volcano.followUp(), ...reporter });
    await ingest({ ...volcano.background(), ...reporter });
    const id = await storyOf(first);
    const count = async (name: string) => (await store.stories.get(id))?.keyEntities.find((e) => e.name === name)?.count;
    expect((await store.stories.get(id))?.articleCount).toBe(3);
    expect(await count('Mount Arlen')).toBe(3);
    expect(await count('Velmora')).toBe(3);
    // The reporters of the bylines are not what the story is about.
    expect((await store.stories.get(id))?.keyEntities.filter((e) => e.type === 'contributor')).toEqual([]);
    // The first article becomes a football report: it leaves the story, and the counts with it.
    await ingest({ ...transfer(), url: v1.url, updatedAt: '2026-03-04T00:00:00.000Z', headline: 'Okafor signs for Kestrel United' });
    expect(await storyOf(first)).not.toBe(id);
    expect(await count('Mount Arlen')).toBe(2);
    expect(await count('Velmora')).toBe(2);
  });

  it('re-assigns an updated article', async () => {
    const v1 = volcano.first();
    const first = await ingest(v1);
    await ingest(volcano.followUp());
    const sports = await ingest(transfer());
    // The same URL now carries the football story: it leaves the volcano story and joins the football one.
    const moved = await ingest({ ...transfer(), url: v1.url, updatedAt: '2026-03-04T00:00:00.000Z', headline: 'Okafor signs for Kestrel United' });
    expect(moved).toBe(first);
    expect(await storyOf(first)).toBe(await storyOf(sports));
    const volcanoStories = await store.stories.list({ limit: 10 });
    expect(volcanoStories.reduce((n, s) => n + s.articleCount, 0)).toBe(3);
  });

  it("moves an article into the story most of its voting neighbours are in, unless they are a long time away", async () => {
    const first = await ingest(volcano.first());
    const follow = await ingest(volcano.followUp());
    const sports = await ingest(transfer());
    const farAway = await ingest(budget('2027-06-02T09:00:00.000Z'));
    const volcanoStory = await storyOf(first);
    const ownStory = await storyOf(sports);
    expect(ownStory).not.toBe(volcanoStory);
    const review = new StoryReview(new StoryClusterer());
    const featuresOf = async (id: string) => articleFeatures((await store.articles.get(id))!);
    const rail = (score: number) => [first, follow].map((articleId) => ({ articleId, score }));
    // Weak neighbours do not vote.
    expect(await store.transaction((tx) => review.vote(tx, sports, rail(DEFAULT_REVIEW_CONFIG.voterScore - 0.01), featuresOf))).toBeUndefined();
    expect(await storyOf(sports)).toBe(ownStory);
    // Neighbours 15 months away pay the time penalty and fall below the bar; the same score a day away votes.
    expect(await store.transaction((tx) => review.vote(tx, farAway, rail(0.5), featuresOf))).toBeUndefined();
    expect(await storyOf(farAway)).not.toBe(volcanoStory);
    expect(await store.transaction((tx) => review.vote(tx, sports, rail(0.5), featuresOf))).toBe(volcanoStory);
    expect(await storyOf(sports)).toBe(volcanoStory);
    expect(await store.stories.get(ownStory)).toBeUndefined();
    expect((await store.stories.get(volcanoStory))?.articleCount).toBe(3);
    expect(await store.check()).toEqual([]);
  });

  it("splits a story whose members' rails form two groups", async () => {
    const first: string[] = [];
    for (const make of quakes.first) first.push(await ingest(make()));
    const second: string[] = [];
    for (const make of quakes.second) second.push(await ingest(make()));
    const clusterer = new StoryClusterer();
    const featuresOf = async (id: string) => articleFeatures((await store.articles.get(id))!);
    // Both quakes in one story, as when the second quake's first report was carried into the first's.
    const merged = await storyOf(first[0]!);
    await store.transaction(async (tx) => {
      for (const id of [...first, ...second]) {
        await clusterer.unassign(tx, id);
        await clusterer.assign(tx, await featuresOf(id), merged);
      }
    });
    expect(new Set(await Promise.all([...first, ...second].map(storyOf)))).toEqual(new Set([merged]));
    const review = new StoryReview(clusterer);
    // One link between the groups keeps the story whole.
    const railsOf = async (bridge: boolean) => {
      for (const group of [first, second]) {
        for (const id of group) await store.related.putRail(id, group.filter((o) => o !== id).map((articleId) => ({ articleId, score: 0.8 })));
      }
      if (bridge) await store.related.putRail(second[0]!, [{ articleId: second[1]!, score: 0.8 }, { articleId: first[0]!, score: 0.7 }]);
    };
    await railsOf(true);
    expect(await store.transaction((tx) => review.split(tx, merged, featuresOf))).toEqual([]);
    await railsOf(false);
    const opened = await store.transaction((tx) => review.split(tx, merged, featuresOf));
    expect(opened).toHaveLength(1);
    for (const id of first) expect(await storyOf(id)).toBe(merged);
    for (const id of second) expect(await storyOf(id)).toBe(opened[0]);
    expect((await store.stories.get(merged))?.articleCount).toBe(3);
    expect((await store.stories.get(opened[0]!))?.articleCount).toBe(2);
    expect(await store.check()).toEqual([]);
  });

  it('finds candidates through the term index, never by reading every story', async () => {
    for (let i = 0; i < 40; i++) await ingest(oneOff(i, `2026-03-0${1 + (i % 5)}T0${i % 10}:00:00.000Z`));
    expect(await store.stories.count()).toBe(40);
    const states = vi.spyOn(store.stories, 'states');
    await ingest(volcano.first());
    const read = states.mock.calls.flatMap(([ids]) => ids);
    expect(read.length).toBeLessThan(5); // a volcano shares no terms with the one-offs
    // Each query term reads the head of its postings through the (term, weight) index, never a scan.
    const plan = store.db
      .prepare('EXPLAIN QUERY PLAN SELECT story_id, weight FROM story_terms WHERE term = ? ORDER BY weight DESC LIMIT ?')
      .all('arlen', 100) as { detail: string }[];
    const details = plan.map((p) => p.detail).join('\n');
    expect(details).toMatch(/SEARCH story_terms USING (COVERING )?INDEX story_terms_weight \(term=\?\)/);
    expect(details).not.toMatch(/SCAN|TEMP B-TREE/);
  });

  it('puts a report whose text is noise into the story of a matching headline from the same days', async () => {
    const first = await ingest(volcano.first());
    await ingest(volcano.followUp());
    const id = await storyOf(first);
    expect(await storyOf(await ingest(volcano.gallery('2026-03-03T16:00:00.000Z')))).toBe(id);
    expect((await store.stories.get(id))?.articleCount).toBe(3);
  });

  // With no date, or a month on, a look-alike headline alone is no evidence: two arrests, two quakes.
  it.each([['undated', undefined], ['dated a month on', '2026-04-06T16:00:00.000Z']])('keeps such a report apart when it is %s', async (_, at) => {
    const first = await ingest(volcano.first());
    await ingest(volcano.followUp());
    expect(await storyOf(await ingest(volcano.gallery(at)))).not.toBe(await storyOf(first));
  });

  it('keeps two look-alike events apart: same island and main names, different magnitude, toll, year and villages', async () => {
    const first = [];
    for (const make of quakes.first) first.push(await ingest(make()));
    const second = [];
    for (const make of quakes.second) second.push(await ingest(make()));
    const a = new Set(await Promise.all(first.map(storyOf)));
    const b = new Set(await Promise.all(second.map(storyOf)));
    expect(a.size).toBe(1);
    expect(b.size).toBe(1);
    expect([...a][0]).not.toBe([...b][0]);
  });
});
