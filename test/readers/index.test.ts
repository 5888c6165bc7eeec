import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ArticleDraftSchema } from '../../src/model.ts';
import { MAX_INPUT_BYTES, detectReader, readInput, readers } from '../../src/ingest/readers/index.ts';
import { fixture, hasShared, shared, textInput } from './helpers.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/readers/', import.meta.url));

describe('detectReader', () => {
  it.each([
    ['guardian-search.json', 'guardian'],
    ['guardian-item.json', 'guardian'],
    ['guardian-error.json', 'guardian'],
    ['jsonfeed.json', 'jsonfeed'],
    ['articles.jsonl', 'jsonl'],
    ['not-article.json', 'jsonl'],
    ['rss2.xml', 'feed'],
    ['atom.xml', 'feed'],
    ['rdf.xml', 'feed'],
    ['text-page.txt', 'text'],
    ['text-simple.txt', 'text'],
  ])('%s -> %s', (name, reader) => {
    expect(detectReader(fixture(name)).name).toBe(reader);
  });

  it('sees through a BOM, leading white space and comments before the root', () => {
    expect(detectReader(textInput('bom.json', '\ufeff  {"response":{"status":"ok","results":[]}}')).name).toBe('guardian');
    expect(detectReader(textInput('c.xml', '<?xml version="1.0"?>\n<!-- generated -->\n<?xml-stylesheet href="a.xsl"?>\n<feed xmlns="http://www.w3.org/2005/Atom">')).name).toBe('feed');
  });

  it('leaves HTML to the HTML reader: unrecognised until it is registered', () => {
    const html = textInput('page.html', '<!DOCTYPE html><html><head><title>T</title></head><body><p>Hi</p></body></html>');
    if (readers.some((r) => r.name === 'html')) expect(detectReader(html).name).toBe('html');
    else expect(() => detectReader(html)).toThrow('unrecognised format');
  });

  it('puts the text reader last', () => {
    expect(readers.at(-1)!.name).toBe('text');
    expect(readers.map((r) => r.name).slice(0, 4)).toEqual(['guardian', 'jsonfeed', 'jsonl', 'feed']);
  });
});

describe('readInput', () => {
  it('every draft from every fixture passes ArticleDraftSchema, with clean text', () => {
    let count = 0;
    for (const name of readdirSync(FIXTURES)) {
      for (const o of readInput(fixture(name))) {
        if (!o.ok) continue;
        count++;
        const d = o.draft;
        expect(ArticleDraftSchema.safeParse(d).success, `${o.label}`).toBe(true);
        for (const s of [d.headline, d.standfirst, ...d.body, ...(d.contributors ?? []).map((c) => c.name)]) {
          if (s === undefined) continue;
          expect(s, o.label).toBe(s.trim());
          expect(s, o.label).not.toMatch(/\s{2}|&(amp|lt|gt|quot|nbsp|#\d+);|<\/?[a-z]+[^>]*>/);
          expect(s.length, o.label).toBeGreaterThan(0);
        }
      }
    }
    expect(count).toBeGreaterThan(15);
  });

  it.skipIf(!hasShared)('every draft from the shared reference files passes ArticleDraftSchema', () => {
    for (const path of [
      'reference/guardian-2021-12-02-biden-putin-talks.txt',
      'reference/guardian-capi/search_2012-02-22_show-fields-all_show-tags-all.json',
      'reference/guardian-capi/item_2012-08-19_shell-nigeria_show-related_relatedContent.json',
      'reference/guardian-capi/item_2012-11-08_world-syria-arms-embargo_show-fields-all_storyPackage.json',
      'reference/guardian-capi/item_2013-01-16_cif-quinoa-bolivia_show-fields-all_tags_elements.json',
    ]) {
      const out = readInput(shared(path));
      expect(out.length).toBeGreaterThan(0);
      for (const o of out) {
        expect(o.ok, `${o.label}: ${o.ok ? '' : o.error}`).toBe(true);
        if (o.ok) expect(ArticleDraftSchema.safeParse(o.draft).success).toBe(true);
      }
    }
  });

  it('converts bad input into one error outcome labelled with the input name', () => {
    const cases: [string, Uint8Array | string, RegExp][] = [
      ['empty.txt', '', /^empty input$/],
      ['blank.txt', '  \n\n \t', /^empty input$/],
      ['malformed.xml', fixture('malformed.xml').bytes, /^malformed XML/],
      ['malformed.json', fixture('malformed.json').bytes, /^malformed JSON/],
      ['no-entries.xml', fixture('no-entries.xml').bytes, /no entries/],
      ['not-article.json', fixture('not-article.json').bytes, /not an article/],
      ['guardian-error.json', fixture('guardian-error.json').bytes, /Guardian API error/],
      ['page.html', '<html><body><p>x</p></body></html>', /no article text/],
      ['nul.bin', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0x14, 0, 0, 0, 8, 0]), /binary/],
      ['noise.bin', Uint8Array.from({ length: 2000 }, (_, i) => ((i * 7919) % 255) + 1), /binary/],
    ];
    for (const [name, bytes, error] of cases) {
      const out = readInput(typeof bytes === 'string' ? textInput(name, bytes) : { name, bytes });
      expect(out, name).toHaveLength(1);
      expect(out[0], name).toMatchObject({ ok: false, label: name, error: expect.stringMatching(error) });
    }
  });

  it('reads gzip-compressed input as what it holds, refusing bombs and broken data', () => {
    const page = fixture('text-page.txt');
    const plain = readInput(page);
    expect(readInput({ name: 'text-page.txt.gz', bytes: gzipSync(page.bytes) })).toEqual(plain.map((o) => ({ ...o, label: 'text-page.txt.gz' })));
    const bomb = gzipSync(Buffer.alloc(MAX_INPUT_BYTES + 1024, 0x61));
    expect(bomb.length).toBeLessThan(100_000);
    expect(readInput({ name: 'bomb.txt.gz', bytes: bomb })).toEqual([{ ok: false, label: 'bomb.txt.gz', error: 'compressed input expands beyond 20 MB' }]);
    expect(readInput({ name: 'cut.html.gz', bytes: new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0]) })).toEqual([
      { ok: false, label: 'cut.html.gz', error: expect.stringMatching(/^malformed gzip data/) },
    ]);
  });

  it('refuses input over MAX_INPUT_BYTES', () => {
    expect(MAX_INPUT_BYTES).toBe(20 * 1024 * 1024);
    const out = readInput({ name: 'big.txt', bytes: new Uint8Array(MAX_INPUT_BYTES + 1).fill(0x61) });
    expect(out).toEqual([{ ok: false, label: 'big.txt', error: expect.stringMatching(/too large/) }]);
  });

  it('reads a feed into one outcome per entry, keeping per-item errors', () => {
    const out = readInput(fixture('rss2.xml'));
    expect(out.map((o) => o.ok)).toEqual([true, true, true, false]);
  });
});
