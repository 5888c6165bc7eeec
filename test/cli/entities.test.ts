import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { storyline } from './run.ts';
import { tempDir, HAVE_SHARED, sharedPath } from '../helpers.ts';

const dir = tempDir('storyline-cli-entities-');
const db = join(dir.path, 'entities.db');
afterAll(() => dir.cleanup());

/** Invented articles (not from any source). */
const ARTICLES = [
  {
    headline: 'Lavrov meets Nato envoys in Geneva',
    body: ["Russia's foreign minister, Sergey Lavrov, met NATO envoys in Geneva on Tuesday.", 'Lavrov said the talks with NATO had been useful, the Kremlin said.', 'Jane Hollis in Geneva'],
    byline: 'Jane Hollis',
    publishedAt: '2026-03-02T09:00:00.000Z',
    url: 'https://example.test/geneva',
  },
  {
    headline: 'Talks stall in Vienna',
    body: ['Sergei Lavrov told reporters in Vienna that Nato was not listening.', 'The Velmora Water Authority said nothing about the talks.'],
    publishedAt: '2026-03-03T18:00:00.000Z',
    url: 'https://example.test/vienna',
  },
];

let ids: string[] = [];
beforeAll(() => {
  writeFileSync(join(dir.path, 'talks.jsonl'), ARTICLES.map((a) => JSON.stringify(a)).join('\n'));
  const r = storyline(['ingest', join(dir.path, 'talks.jsonl'), '--db', db, '--json']);
  expect(r.code).toBe(0);
  ids = r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id);
}, 300_000);

describe('storyline entities / entity', () => {
  it('lists entities with --json, most articles first, aliases merged across articles', () => {
    const r = storyline(['entities', '--db', db, '--json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { name: string; type: string; aliases: string[]; articles: number }[];
    expect(list[0]).toEqual({ name: expect.any(String), type: expect.any(String), aliases: expect.any(Array), articles: 2 });
    const lavrov = list.filter((e) => /Lavrov/.test(e.name));
    expect(lavrov).toEqual([{ name: 'Sergey Lavrov', type: 'person', aliases: expect.arrayContaining(['Lavrov', 'Sergei Lavrov']), articles: 2 }]);
    expect(list.filter((e) => e.name.toLowerCase() === 'nato')).toEqual([expect.objectContaining({ type: 'organisation', articles: 2 })]);
    expect(list.find((e) => e.name === 'Jane Hollis')).toEqual({ name: 'Jane Hollis', type: 'contributor', aliases: [], articles: 1 });
    const articles = list.map((e) => e.articles);
    expect(articles).toEqual([...articles].sort((a, b) => b - a));

    const places = JSON.parse(storyline(['entities', '--db', db, '--json', '--type', 'place', '--limit', '2']).stdout) as { type: string }[];
    expect(places).toHaveLength(2);
    expect(places.every((p) => p.type === 'place')).toBe(true);
    expect(storyline(['entities', '--db', db]).stdout).toMatch(/^\s+2\s+person\s+Sergey Lavrov \(/m);
  }, 300_000);

  it('shows one entity with --json: aliases, articles latest first, mentions per day', () => {
    const r = storyline(['entity', 'Sergei Lavrov', '--db', db, '--json']);
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout);
    expect(e).toMatchObject({ name: 'Sergey Lavrov', type: 'person', articleCount: 2 });
    expect(e.aliases).toEqual(expect.arrayContaining(['Lavrov', 'Sergei Lavrov']));
    expect(e.articles.map((a: { id: string }) => a.id)).toEqual([ids[1], ids[0]]);
    expect(e.articles[0]).toMatchObject({ headline: 'Talks stall in Vienna', publishedAt: '2026-03-03T18:00:00.000Z', mentions: 1 });
    expect(e.mentionsPerDay).toEqual([{ day: '2026-03-02', mentions: 3 }, { day: '2026-03-03', mentions: 1 }]);
    // By surname, and as text.
    expect(JSON.parse(storyline(['entity', 'lavrov', '--db', db, '--json']).stdout).id).toBe(e.id);
    const text = storyline(['entity', 'Lavrov', '--db', db]).stdout;
    expect(text).toContain('Sergey Lavrov (person, 2 articles)');
    expect(text).toContain('2026-03-03  Talks stall in Vienna');
  }, 300_000);

  it("lists an entity's stories, as its page does, with the story command's counts", () => {
    const stories = storyline(['stories', '--db', db, '--json']).stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; title: string; articleCount: number });
    const e = JSON.parse(storyline(['entity', 'Lavrov', '--db', db, '--json']).stdout) as { stories: { id: string; title: string; articleCount: number }[] };
    // Both articles name Lavrov: every story of the archive holds one of them.
    expect(e.stories.map((s) => s.id).sort()).toEqual(stories.map((s) => s.id).sort());
    for (const s of e.stories) expect(s).toMatchObject({ title: stories.find((x) => x.id === s.id)!.title, articleCount: stories.find((x) => x.id === s.id)!.articleCount });
    const text = storyline(['entity', 'Lavrov', '--db', db]).stdout;
    expect(text).toContain('\nStories:\n');
    for (const s of e.stories) expect(text).toContain(`${s.title} (${s.articleCount} article${s.articleCount === 1 ? '' : 's'})  [${s.id}]`);
  }, 300_000);

  it('names a missing entity and a bad type', () => {
    const missing = storyline(['entity', 'Nobody Atall', '--db', db]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('error: no entity Nobody Atall\n');
    const bad = storyline(['entities', '--type', 'animal', '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: unknown entity type animal/);
  }, 300_000);

  it('shows an article\'s entities and counts them in stats', () => {
    const shown = JSON.parse(storyline(['show', ids[0]!, '--db', db, '--json']).stdout);
    expect(shown.entities).toEqual(expect.arrayContaining([{ name: 'Sergey Lavrov', type: 'person', count: 3 }, { name: 'Jane Hollis', type: 'contributor', count: 1 }]));
    expect(storyline(['show', ids[0]!, '--db', db]).stdout).toMatch(/^Entities: Sergey Lavrov \(person, 3\)/m);
    const stats = JSON.parse(storyline(['stats', '--db', db, '--json']).stdout);
    expect(stats.entities).toBe((JSON.parse(storyline(['entities', '--db', db, '--json', '--limit', '1000']).stdout) as unknown[]).length);
  }, 300_000);
});

describe.skipIf(!HAVE_SHARED)('entities of the reference page (../shared)', () => {
  it('lists Biden, Putin, Blinken, Lavrov ... with their types, and no contributor as a person', () => {
    const refDb = join(dir.path, 'ref.db');
    const { id } = JSON.parse(storyline(['ingest', sharedPath('reference/guardian-2021-12-02-biden-putin-talks.txt'), '--db', refDb, '--json']).stdout.trim());
    const { entities } = JSON.parse(storyline(['show', id, '--db', refDb, '--json']).stdout) as { entities: { name: string; type: string; count: number }[] };
    const typeOf = (name: string) => entities.find((e) => e.name === name)?.type;
    for (const name of ['Joe Biden', 'Vladimir Putin', 'Antony Blinken', 'Sergey Lavrov', 'Dmytro Kuleba', 'Liz Truss', 'Jens Stoltenberg', 'William Burns']) expect(typeOf(name), name).toBe('person');
    for (const name of ['Nato', 'OSCE', 'FSB', 'SBU']) expect(typeOf(name), name).toBe('organisation');
    for (const name of ['Ukraine', 'Russia', 'Stockholm', 'Kyiv', 'Moscow']) expect(typeOf(name), name).toBe('place');
    expect(entities.filter((e) => e.type === 'contributor').map((e) => e.name)).toEqual(['Andrew Roth', 'Julian Borger']);
    const people = entities.filter((e) => e.type === 'person').map((e) => e.name);
    expect(people).not.toContain('Andrew Roth');
    expect(people).not.toContain('Julian Borger');
    expect(entities.find((e) => e.name === 'Joe Biden')!.count).toBeGreaterThan(1);
    expect(storyline(['check', '--db', refDb]).code).toBe(0);
  }, 300_000);
});
