import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_TIMEOUT, storyline } from './run.ts';
import { tempDir } from '../helpers.ts';

const dir = tempDir('storyline-cli-search-');
const db = join(dir.path, 'search.db');
afterAll(() => dir.cleanup());

/** Invented articles (not from any source). */
const ARTICLES = [
  {
    headline: 'Harbour cranes stand idle as Calvereth dock strike begins',
    standfirst: 'Dockworkers walk out over pay & automation',
    body: ['Dockworkers at the port of Calvereth walked out on Monday, leaving cranes idle & silent.', 'The union leader, Petra Lind, said the strike would last a week.'],
    byline: 'Ana Ruiz in Calvereth',
    publisher: 'Harbour Herald',
    publishedAt: '2026-03-02T09:00:00.000Z',
    url: 'https://example.test/strike-begins',
  },
  {
    headline: 'Calvereth strike talks resume at the port authority',
    body: ['Talks between the port authority and the dockworkers resumed on Thursday.', 'Petra Lind said the union wanted a written promise on automation.'],
    publisher: 'Meridian Wire',
    publishedAt: '2026-03-05T18:00:00.000Z',
    url: 'https://example.test/talks-resume',
  },
  {
    headline: 'Library extends opening hours for exam season',
    body: ['The central library will stay open until midnight during the exam season, the council said.'],
    publisher: 'Harbour Herald',
    publishedAt: '2026-03-04T08:00:00.000Z',
    url: 'https://example.test/library',
  },
];

beforeAll(() => {
  writeFileSync(join(dir.path, 'news.jsonl'), ARTICLES.map((a) => JSON.stringify(a)).join('\n'));
  const r = storyline(['ingest', join(dir.path, 'news.jsonl'), '--db', db, '--no-progress']);
  expect(r.code).toBe(0);
}, 300_000);

interface Results {
  total: number;
  page: number;
  pageSize: number;
  sort: string;
  words: string[];
  results: { id: string; headline: string; publisher?: string; publishedAt?: string; headlineHtml?: string; snippetHtml?: string }[];
}

const search = (...args: string[]) => {
  const r = storyline(['search', '--db', db, '--json', ...args]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Results;
};

describe('storyline search', { timeout: CLI_TIMEOUT }, () => {
  it('finds articles by words, with highlights, best match first, and prints one JSON object with --json', () => {
    const r = search('dock', 'strike');
    expect(r.total).toBe(1);
    expect(r.sort).toBe('relevance');
    expect(r.words).toEqual(['dock', 'strike']);
    expect(r.results[0]!.headline).toBe('Harbour cranes stand idle as Calvereth dock strike begins');
    expect(r.results[0]!.headlineHtml).toContain('<mark>strike</mark>');
  });

  it('takes the query language and the filters of the search page', () => {
    expect(search('strike').total).toBe(2);
    // A word to exclude is quoted with the query, or follows "--" (else it reads as an option).
    expect(search('strike -automation').total).toBe(0);
    expect(search('--', 'strike', '-idle').total).toBe(1);
    expect(search('strike', 'NOT', 'idle').results.map((h) => h.headline)).toEqual(['Calvereth strike talks resume at the port authority']);
    expect(search('strike', '--publisher', 'Meridian Wire').total).toBe(1);
    expect(search('strike', '--from', '2026-03-03').results.map((h) => h.publishedAt)).toEqual(['2026-03-05T18:00:00.000Z']);
    expect(search('--to', '2026-03-04').results.map((h) => h.headline)).toEqual([
      'Library extends opening hours for exam season',
      'Harbour cranes stand idle as Calvereth dock strike begins',
    ]);
    expect(search('--entity', 'Lind').total).toBe(2);
    expect(search('--contributor', 'Ana Ruiz').total).toBe(1);
  });

  it('lists every article newest first without a query, a page at a time', () => {
    const first = search('--limit', '2');
    expect(first).toMatchObject({ total: 3, page: 1, pageSize: 2, sort: 'date' });
    expect(first.results.map((h) => h.publishedAt)).toEqual(['2026-03-05T18:00:00.000Z', '2026-03-04T08:00:00.000Z']);
    expect(search('--limit', '2', '--page', '2').results.map((h) => h.publishedAt)).toEqual(['2026-03-02T09:00:00.000Z']);
  });

  it('prints readable results on a terminal-less stdout: headline, date | publisher | byline | id, snippet, a count', () => {
    const r = storyline(['search', 'automation', '--db', db]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines).toContain('  2026-03-02 | Harbour Herald | Ana Ruiz in Calvereth | id ' + search('automation', '--to', '2026-03-02').results[0]!.id);
    // Highlights become plain text (no markup, no escapes) when stdout is not a terminal.
    expect(lines).toContain('  Talks between the port authority and the dockworkers resumed on Thursday. Petra Lind said the union wanted a written promise on automation.');
    expect(r.stdout).not.toMatch(/<mark>|&#\d+;|\x1b\[/);
    expect(lines).toContain('1-2 of 2, sorted by relevance');
    expect(storyline(['search', 'cranes', '--db', db]).stdout).toContain(' leaving cranes idle & silent. ');
    expect(storyline(['search', 'nothing-matches-this', '--db', db]).stdout).toBe('no results\n');
  });

  it('refuses bad options and queries with one clear line and exit code 2', () => {
    for (const [args, message] of [
      [['NOT', 'strike'], /cannot search for "NOT strike": .*exclude/],
      [['--limit', '0'], /--limit must be a whole number from 1 to 50, not 0/],
      [['--from', '2026-13-45'], /--from must be a day as YYYY-MM-DD, not 2026-13-45/],
      [['--to', '2026-02-30'], /--to must be a day as YYYY-MM-DD, not 2026-02-30/],
      [['--sort', 'newest'], /--sort must be relevance or date, not newest/],
      [['--entity', 'Lind', '--type', 'animal'], /unknown entity type animal/],
    ] as const) {
      const r = storyline(['search', ...args, '--db', db]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });
});

describe('storyline stories / story', { timeout: CLI_TIMEOUT }, () => {
  it('counts a story of one article in the singular', () => {
    const stories = storyline(['stories', '--db', db, '--json']).stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; title: string; articleCount: number });
    const library = stories.find((s) => s.title === 'Library extends opening hours for exam season')!;
    expect(library.articleCount).toBe(1);
    expect(storyline(['story', library.id, '--db', db]).stdout.split('\n')[1]).toMatch(/^1 article \| 2026-03-04 \|/);
    expect(storyline(['stories', '--db', db]).stdout).toContain(`${library.id}  ${library.title}\n  1 article | 2026-03-04 |`);
  });
});
