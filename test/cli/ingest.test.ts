import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { CLI_TIMEOUT, storyline } from './run.ts';
import { tempDir, HAVE_SHARED, sharedPath } from '../helpers.ts';

const dir = tempDir('storyline-cli-');
const db = join(dir.path, 'cli.db');
const inputs = join(dir.path, 'inputs');
afterAll(() => dir.cleanup());

const GOOD_JSONL = [
  { headline: 'Velmora water authority starts pump repairs', body: ['Engineers began repairs at the Velmora pumping station on Monday after a week of shortages.', 'The authority said supplies would return to normal by Friday.'], url: 'https://velmora.example/a' },
  { headline: 'Arlen ferry service resumes after storm', body: ['The Arlen ferry resumed its crossings on Tuesday, three days after the storm closed the harbour.', 'Operators said timetables would be back to normal by the weekend.'], url: 'https://arlen.example/b' },
].map((o) => JSON.stringify(o)).join('\n');

const GOOD_TEXT = `Harbour pilots end strike at Calvereth

Pilots accepted a pay offer after nine days

Harbour pilots at Calvereth voted on Sunday to accept a revised pay offer, ending a nine-day strike that left dozens of ships waiting at anchor.

The union said the offer met its main demands on rest periods.
`;

beforeAll(() => {
  mkdirSync(inputs);
  writeFileSync(join(inputs, 'good.jsonl'), GOOD_JSONL);
  writeFileSync(join(inputs, 'good.txt'), GOOD_TEXT);
  // A compressed copy of a page is read as the page it holds (here the same text: a duplicate).
  writeFileSync(join(inputs, 'saved.txt.gz'), gzipSync(GOOD_TEXT));
  writeFileSync(join(inputs, 'broken.json'), '{"headline": "half an object", "body": [');
  writeFileSync(join(inputs, 'broken.xml'), '<?xml version="1.0"?><rss><channel><item><title>x</title></channel>');
  writeFileSync(join(inputs, 'empty.html'), '');
  writeFileSync(join(inputs, 'binary.html'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]));
  // Not articles: a directory walk leaves them out (named explicitly, a file is always read).
  writeFileSync(join(inputs, 'README.md'), GOOD_TEXT);
  writeFileSync(join(inputs, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]));
  writeFileSync(join(inputs, 'latin1.txt'), iconv.encode('Zoë Müller wins Arlen café prize\n\nThe jury praised Zoë Müller’s menu.\n\nShe opened the café in Arlen three years ago and now employs twelve people.\n', 'windows-1252'));
  writeFileSync(join(inputs, 'huge.jsonl'), Buffer.alloc(50 * 1024 * 1024, 0x20));
  writeFileSync(join(inputs, 'unreadable.jsonl'), GOOD_JSONL);
  chmodSync(join(inputs, 'unreadable.jsonl'), 0o000);
});

describe('storyline ingest', { timeout: CLI_TIMEOUT }, () => {
  it('stores every good input, prints one error line per bad one, exits non-zero', () => {
    const r = storyline(['ingest', inputs, '--db', db, '--no-progress']);
    expect(r.code).toBe(1);
    const errors = r.stderr.trim().split('\n').filter((l) => l.startsWith('error: '));
    const named = (file: string) => errors.filter((l) => l.includes(file));
    expect(named('broken.json')).toHaveLength(1);
    expect(named('broken.xml')).toHaveLength(1);
    expect(named('empty.html')[0]).toMatch(/empty/);
    expect(named('binary.html')[0]).toMatch(/binary/);
    expect(named('README.md')).toEqual([]);
    expect(named('logo.png')).toEqual([]);
    expect(r.stderr).toMatch(/^skipped 2 files in directories that are not pages, feeds or article data \(\.md, \.png\)/m);
    expect(named('huge.jsonl')[0]).toMatch(/too large/);
    // root can read anything; elsewhere the permission error is reported
    if (process.getuid?.() !== 0) expect(named('unreadable.jsonl')[0]).toMatch(/permission/);
    expect(r.stdout).toMatch(/new [45]/);
    expect(named('saved.txt.gz')).toEqual([]); // read (not skipped): the compressed copy of good.txt
    const stats = JSON.parse(storyline(['stats', '--db', db, '--json']).stdout);
    expect(stats.articles).toBeGreaterThanOrEqual(4);
  });

  it('decodes a windows-1252 page correctly', () => {
    const r = storyline(['ingest', join(inputs, 'latin1.txt'), '--db', db, '--json']);
    const { id } = JSON.parse(r.stdout.trim().split('\n')[0]!);
    const shown = JSON.parse(storyline(['show', id, '--db', db, '--json']).stdout);
    expect(shown.headline).toBe('Zoë Müller wins Arlen café prize');
  });

  it('prints machine-readable lines with --json and is idempotent', () => {
    const r = storyline(['ingest', join(inputs, 'good.jsonl'), join(inputs, 'broken.json'), '--db', db, '--json']);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.status === 'unchanged')).toHaveLength(2);
    expect(lines.filter((l) => l.error)).toEqual([{ input: join(inputs, 'broken.json'), error: expect.any(String) }]);
    expect(r.code).toBe(1);
  });

  it('reads standard input with -', () => {
    const text = 'Vessa library reopens after flood repairs\n\nThe Vessa town library reopened on Saturday after eight months of repairs to its flooded basement archive.\n\nVolunteers carried more than four thousand books back to the restored shelves.\n';
    const r = storyline(['ingest', '-', '--db', db, '--json'], { input: text });
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ status: 'new', input: 'stdin' });
    expect(r.code).toBe(0);
  });

  it('reads a file of any type when it is named', () => {
    const r = storyline(['ingest', join(inputs, 'README.md'), '--db', db, '--json']);
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ status: 'unchanged', input: join(inputs, 'README.md') });
    expect(r.stderr).not.toMatch(/skipped/);
  });

  it('names a missing path', () => {
    const r = storyline(['ingest', join(inputs, 'nope.xml'), '--db', db]);
    expect(r.stderr).toContain(`error: ${join(inputs, 'nope.xml')}: no such file or directory`);
    expect(r.code).toBe(1);
  });
});

describe.skipIf(!HAVE_SHARED)('storyline on the reference page and the dev data', () => {
  it('shows the reference page with contributors, publisher and every related entry', () => {
    const ref = sharedPath('reference/guardian-2021-12-02-biden-putin-talks.txt');
    const { id } = JSON.parse(storyline(['ingest', ref, '--db', db, '--json']).stdout.trim());
    const a = JSON.parse(storyline(['show', id, '--db', db, '--json']).stdout);
    expect(a.headline).toBe('Biden and Putin to hold talks after diplomats make no progress on Ukraine');
    expect(a.standfirst).toMatch(/^The US threatened to deploy/);
    expect(a.contributors).toEqual([{ name: 'Andrew Roth', location: 'Moscow' }, { name: 'Julian Borger', location: 'Washington' }]);
    expect(a.publisher).toBe('The Guardian');
    expect(a.sourceRelated).toHaveLength(10);
    expect(a.sourceRelated[0]).toMatchObject({ publishedAt: '2022-02-01T19:18:00.000Z' });
    expect(a.sourceRelated.every((r: { publishedAt?: string }) => r.publishedAt)).toBe(true);
  });

  it('ingests every dev line once; a second run adds nothing', () => {
    const devDb = join(dir.path, 'dev.db');
    const dev = sharedPath('data/stories-dev.jsonl');
    const first = storyline(['ingest', dev, '--db', devDb, '--json']);
    const lines = first.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(479);
    expect(lines.every((l) => l.status === 'new' || l.status === 'duplicate')).toBe(true);
    const second = storyline(['ingest', dev, '--db', devDb, '--json']);
    expect(second.stdout.trim().split('\n').every((l) => JSON.parse(l).status === 'unchanged')).toBe(true);
  }, 600_000);
});
