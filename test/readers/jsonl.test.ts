import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { ArticleDraftSchema } from '../../src/model.ts';
import { jsonlReader } from '../../src/ingest/readers/jsonl.ts';
import { detectReader, readInput } from '../../src/ingest/readers/index.ts';
import { SHARED, fixture, hasShared, readAll, textInput } from './helpers.ts';

describe('JSON Lines', () => {
  const outcomes = readAll(jsonlReader, fixture('articles.jsonl'));

  it('one bad line is a per-line error and the other lines still yield', () => {
    expect(outcomes.map((o) => [o.label, o.ok])).toEqual([
      ['articles.jsonl:1', true],
      ['articles.jsonl:2', true],
      ['articles.jsonl:3', true],
      ['articles.jsonl:4', false],
      ['articles.jsonl:5', false],
      ['articles.jsonl:6', true],
    ]);
    expect(outcomes[3]).toMatchObject({ error: expect.stringMatching(/^malformed JSON/) });
    expect(outcomes[4]).toMatchObject({ error: expect.stringMatching(/not an article/) });
  });

  it('is told by its name or declared type when its first line is not JSON: that line fails alone', () => {
    const good = (id: string) => JSON.stringify({ id, title: `Ferry fares rise ${id}`, body: 'Ferry fares across the bay rise by five percent from June, the operator said.' });
    for (const [name, contentType] of [['export.jsonl', undefined], ['export.ndjson.gz', undefined], ['https://feeds.example/dump.json?page=2', undefined], ['stdin', 'application/x-ndjson']] as const) {
      const outcomes = readInput({ ...textInput(name, `# newsroom export, May 2024\n${good('a1')}\n${good('a2')}\n`), contentType });
      expect(outcomes.map((o) => [o.label, o.ok]), name).toEqual([[`${name}:1`, false], [`${name}:2`, true], [`${name}:3`, true]]);
      expect(outcomes[0]).toMatchObject({ error: expect.stringMatching(/^malformed JSON/) });
    }
    // Without such a name or type, text that does not open like JSON is a text page.
    expect(detectReader(textInput('notes.txt', `# newsroom export, May 2024\n${good('a1')}\n`)).name).toBe('text');
  });

  it('reads the shared data format (title, body string, published, source, license)', () => {
    const [first, second] = outcomes.map((o) => (o.ok ? o.draft : undefined));
    expect(first).toEqual({
      sourceId: 'demo-0001',
      url: 'https://news.example.org/wiki/Mountain_rail_line_reopens',
      headline: 'Mountain rail line reopens after landslide',
      body: ['The Alder Valley railway reopened on Friday, six weeks after a landslide buried the track near Kessel.', 'Engineers removed 40,000 tonnes of rock and soil.'],
      contributors: [],
      publisher: 'Example News',
      tags: [],
      publishedAt: '2019-01-04T12:00:00.000Z',
      sourceRelated: [],
      license: 'CC-BY-2.5',
    });
    // Single line breaks separate paragraphs when there are no blank lines; nulls are absent values.
    expect(second).toMatchObject({ sourceId: 'dev/17', body: ['March 14, 2018', expect.stringMatching(/^The city council/), 'Construction begins in the summer.'], language: 'en', publisher: 'www.cityrecord.example' });
    expect(second!.publishedAt).toBeUndefined();
    expect(second!.url).toBeUndefined();
  });

  it("reads Storyline's own model, with contributors parsed from the byline", () => {
    const d = outcomes[2]!.ok ? outcomes[2]!.draft : undefined;
    expect(d).toMatchObject({
      headline: 'Wind farm consent granted',
      standfirst: 'Forty turbines planned off the east coast',
      body: ['Ministers granted consent for the Greyhaven wind farm.', 'It will power 300,000 homes.'],
      contributors: [{ name: 'Ruth Adeyemi', role: 'energy correspondent' }],
      publishedAt: '2022-02-01T19:18:00.000Z',
      sourceRelated: [{ headline: 'Offshore wind auction opens', publishedAt: '2022-01-10T09:00:00.000Z', contributors: [] }],
    });
  });

  it('reads HTML bodies, numeric ids, human dates and author objects', () => {
    const d = outcomes[5]!.ok ? outcomes[5]!.draft : undefined;
    expect(d).toMatchObject({ sourceId: '42', body: ['The city museum returned six bronze figures on Monday.', 'The handover took place in Benin City.'], publishedAt: '2013-05-03T12:00:00.000Z', byline: 'Kofi Mensah', tags: ['culture'] });
    expect(d!.bodyHtml).toMatch(/^<p>The city museum/);
  });
});

describe('JSON array and single object', () => {
  it('reads an array, labelling items by position', () => {
    const out = readAll(jsonlReader, textInput('a.json', JSON.stringify([{ title: 'One', body: 'Text one.' }, 7, { headline: 'Two', body: ['Text two.'] }])));
    expect(out.map((o) => [o.label, o.ok])).toEqual([['a.json#1', true], ['a.json#2', false], ['a.json#3', true]]);
  });

  it('reads a single pretty-printed object', () => {
    const out = readAll(jsonlReader, textInput('one.json', JSON.stringify({ title: 'Solo', body: 'A.\n\nB.' }, null, 2)));
    expect(out).toEqual([{ ok: true, label: 'one.json', draft: expect.objectContaining({ headline: 'Solo', body: ['A.', 'B.'] }) }]);
  });

  it('malformed JSON and a JSON object that is not an article are InputErrors', () => {
    expect(() => readAll(jsonlReader, fixture('malformed.json'))).toThrow(/^malformed JSON/);
    expect(() => readAll(jsonlReader, textInput('bad.json', '{"title": "x",\n "body": '))).toThrow(InputError);
    expect(() => readAll(jsonlReader, fixture('not-article.json'))).toThrow(/not an article/);
    expect(() => readAll(jsonlReader, textInput('e.json', '[]'))).toThrow(/no articles/);
  });
});

describe.skipIf(!hasShared)('the shared data files (../shared)', () => {
  it.each(['data/demo-corpus.jsonl', 'data/stories-dev.jsonl', 'data/topics-dev.jsonl'])('every record of %s reads to a valid draft', (path) => {
    const bytes = readFileSync(SHARED + path);
    const out = readAll(jsonlReader, { name: path, bytes });
    const lines = bytes.toString('utf8').split('\n').filter((l) => l.trim()).length;
    expect(out).toHaveLength(lines);
    for (const o of out) {
      if (!o.ok) throw new Error(`${o.label}: ${o.error}`);
      expect(ArticleDraftSchema.safeParse(o.draft).success).toBe(true);
      expect(o.draft.body.length).toBeGreaterThan(0);
    }
    const first = out[0]!.ok ? out[0]!.draft : undefined;
    expect(first!.sourceId).toBeTruthy();
  });

  it('keeps the demo corpus licence, source and noon placeholder time', () => {
    const [o] = readAll(jsonlReader, { name: 'demo', bytes: readFileSync(SHARED + 'data/demo-corpus.jsonl') });
    expect(o).toMatchObject({ ok: true, draft: { license: 'CC-BY-2.5', publisher: 'Wikinews', publishedAt: '2019-01-04T12:00:00.000Z' } });
  });
});
