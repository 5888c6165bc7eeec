import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { publisherName, textReader } from '../../src/ingest/readers/text.ts';
import { drafts, fixture, hasShared, readAll, shared, textInput } from './helpers.ts';

const REFERENCE = 'reference/guardian-2021-12-02-biden-putin-talks.txt';

// Expected texts are taken from the shared file at run time (its text is not copied into the repository).
describe.skipIf(!hasShared)('text reader: the reference page (../shared)', () => {
  const [draft] = hasShared ? drafts(readAll(textReader, shared(REFERENCE))) : [];
  const lines = hasShared ? shared(REFERENCE).bytes.toString().split('\n').map((l) => l.trim()) : [];
  const bylineAt = lines.indexOf('Andrew Roth in Moscow and Julian Borger in Washington');
  const relatedHeadlines = lines.flatMap((l, i) => (l === 'Article image' ? [lines[i + 1]] : []));

  it('reads headline, standfirst and every body paragraph (not the byline or publisher)', () => {
    expect(bylineAt).toBeGreaterThan(4);
    expect(draft!.headline).toBe(lines[0]);
    expect(draft!.standfirst).toBe(lines[2]);
    expect(draft!.body).toEqual(lines.slice(4, bylineAt).filter(Boolean));
    expect(draft!.body).toHaveLength(19);
    expect(draft!.body.join('\n')).not.toMatch(/Andrew Roth|GuardianTramp|Related Content|Article image/);
  });

  it('dates the page by its file name (the page itself carries no date)', () => {
    const [outcome] = readAll(textReader, shared(REFERENCE));
    expect(draft!.publishedAt).toBeUndefined();
    expect(outcome).toMatchObject({ ok: true, pathDate: '2021-12-02T12:00:00.000Z' });
  });

  it('reads the byline and the publisher glued to the archive name', () => {
    expect(draft!.byline).toBe('Andrew Roth in Moscow and Julian Borger in Washington');
    expect(draft!.contributors).toEqual([
      { name: 'Andrew Roth', location: 'Moscow' },
      { name: 'Julian Borger', location: 'Washington' },
    ]);
    expect(draft!.publisher).toBe('The Guardian');
  });

  it('reads all ten Related Content entries with standfirsts, bylines and UTC dates', () => {
    const related = draft!.sourceRelated!;
    expect(relatedHeadlines).toHaveLength(10);
    expect(related.map((r) => r.headline)).toEqual(relatedHeadlines);
    expect(related.map((r) => r.standfirst)).toEqual(relatedHeadlines.map((h) => lines[lines.indexOf(h!) + 1]));
    expect(related.map((r) => r.publishedAt)).toEqual([
      '2022-02-01T19:18:00.000Z',
      '2021-12-09T22:32:00.000Z',
      '2023-09-08T06:00:00.000Z',
      '2021-12-08T13:43:00.000Z',
      '2021-11-25T15:19:00.000Z',
      '2022-01-23T08:37:00.000Z',
      '2022-01-20T00:11:00.000Z',
      '2021-12-06T19:10:00.000Z',
      '2022-01-21T18:28:00.000Z',
      '2022-02-12T18:16:00.000Z',
    ]);
    expect(related[0]).toMatchObject({
      byline: 'Andrew Roth Moscow correspondent, and Julian Borger in Washington',
      contributors: [
        { name: 'Andrew Roth', location: 'Moscow', role: 'Moscow correspondent' },
        { name: 'Julian Borger', location: 'Washington' },
      ],
    });
    expect(related[6]!.contributors!.map((c) => c.location)).toEqual(['Kyiv', 'Moscow', 'Washington']);
    expect(related[8]!.contributors!.map((c) => c.name)).toEqual(['Julian Borger', 'Luke Harding', 'Andrew Roth', 'Dan Sabbagh']);
    expect(related.every((r) => r.standfirst && r.byline && r.contributors!.length > 0)).toBe(true);
  });
});

describe('text reader: own fixtures', () => {
  it("dates a page by its file's own name, not by the folder it was saved in", () => {
    const page = fixture('text-page.txt').bytes;
    const [named] = readAll(textReader, textInput('saved/northbridge-2022-02-01-bridge.txt', page));
    const [foldered] = readAll(textReader, textInput('backups/2024-05-01/bridge.txt', page));
    expect(named).toMatchObject({ ok: true, pathDate: '2022-02-01T12:00:00.000Z' });
    expect(foldered).not.toHaveProperty('pathDate');
  });

  it('reads a page in the reference layout', () => {
    const [d] = drafts(readAll(textReader, fixture('text-page.txt', { url: 'https://archive.example/bridge' })));
    expect(d).toMatchObject({
      url: 'https://archive.example/bridge',
      headline: 'Harbour bridge to close for six months as cracks found in main span',
      standfirst: 'Engineers say the 1960s crossing is ‘unsafe’ for heavy traffic and ferries will fill the gap',
      byline: 'Priya Natarajan in Northbridge and Tom Ellery',
      contributors: [{ name: 'Priya Natarajan', location: 'Northbridge' }, { name: 'Tom Ellery' }],
      publisher: 'The Northbridge Courier',
    });
    expect(d!.body).toHaveLength(3);
    expect(d!.sourceRelated).toEqual([
      {
        headline: 'Ferry operator adds night crossings during bridge closure',
        standfirst: 'Extra services will run until 2am, the operator says',
        byline: 'Tom Ellery',
        contributors: [{ name: 'Tom Ellery' }],
        publishedAt: '2022-02-02T07:30:00.000Z',
      },
      {
        headline: 'Bridge inspections were delayed for years, report finds',
        standfirst: 'Audit says three inspections were postponed after budget cuts',
        byline: 'Priya Natarajan Northbridge correspondent, and Tom Ellery in London',
        contributors: [
          { name: 'Priya Natarajan', location: 'Northbridge', role: 'Northbridge correspondent' },
          { name: 'Tom Ellery', location: 'London' },
        ],
        publishedAt: '2022-01-28T23:05:00.000Z',
      },
    ]);
  });

  it('reads a simple page: headline and paragraphs, lines of a paragraph joined', () => {
    const [d] = drafts(readAll(textReader, fixture('text-simple.txt')));
    expect(d).toEqual({
      headline: 'Library reopens after flood repairs',
      body: [
        "The central library reopened on Friday after eight months of repairs following last summer's flood.",
        'More than 2,000 visitors came through the doors on the first day, staff said. Some waited outside for an hour.',
      ],
      contributors: [],
      sourceRelated: [],
    });
  });

  it('maps publisher names glued to an archive name by a general rule', () => {
    expect(publisherName('The GuardianTramp')).toBe('The Guardian');
    expect(publisherName('The Guardian')).toBe('The Guardian');
    expect(publisherName('The Kyiv IndependentTramp')).toBe('The Kyiv Independent');
    expect(publisherName('The Valley LedgerArchive')).toBe('The Valley Ledger');
    expect(publisherName('TechCrunch')).toBe('TechCrunch');
  });

  it('refuses markup and JSON, and text without paragraphs', () => {
    expect(textReader.detect('<html><body>', textInput('x', ''))).toBe(false);
    expect(textReader.detect('{"a":1}', textInput('x', ''))).toBe(false);
    expect(textReader.detect('\ufeff  Headline\n\nBody.', textInput('x', ''))).toBe(true);
    expect(() => readAll(textReader, textInput('x.html', '<p>Hello</p>'))).toThrow(InputError);
    expect(() => readAll(textReader, textInput('one.txt', 'Only a headline'))).toThrow(/no article text/);
  });
});
