import { describe, expect, it } from 'vitest';
import { articleFeatures, headlineKeys, nameTokens } from '../../src/stories/features.ts';
import { combine, gapDays, DAY_MS, top, unit, type SimilarityConfig } from '../../src/stories/similarity.ts';
import { normaliseDraft } from '../../src/ingest/normalise.ts';
import { draft } from '../helpers.ts';

const config: SimilarityConfig = { namesWeight: 0.5, timeScaleDays: 30, timePenalty: 0.1 };
const v = (o: Record<string, number>) => unit(new Map(Object.entries(o)));

describe('story similarity', () => {
  it('uses the entity vector as an extra feature only when both sides have one', () => {
    const article = { terms: v({ quake: 1, island: 1 }), names: v({ qeshm: 1, iran: 1 }) };
    const same = { terms: v({ quake: 1, island: 1 }), names: v({ qeshm: 1, iran: 1 }) };
    const otherPlace = { terms: v({ quake: 1, island: 1 }), names: v({ sonoma: 1, geysers: 1 }) };
    const noNames = { terms: v({ quake: 1, island: 1 }), names: new Map<string, number>() };
    expect(combine(article, same, undefined, config).score).toBeCloseTo(1);
    expect(combine(article, otherPlace, undefined, config).score).toBeCloseTo(0.5);
    expect(combine(article, noNames, undefined, config)).toMatchObject({ score: expect.closeTo(1), names: undefined });
  });

  it('penalises time only when both sides are dated, growing slowly with the gap', () => {
    const s = { terms: v({ a: 1 }), names: new Map<string, number>() };
    const t0 = Date.parse('2026-01-10T00:00:00Z');
    expect(gapDays(undefined, t0, t0)).toBeUndefined();
    expect(gapDays(t0 + 2 * DAY_MS, t0 - DAY_MS, t0 + 3 * DAY_MS)).toBe(0);
    expect(gapDays(t0 - 10 * DAY_MS, t0, t0 + DAY_MS)).toBe(10);
    const near = combine(s, s, 1, config).score;
    const far = combine(s, s, 365, config).score;
    expect(combine(s, s, undefined, config).score).toBeCloseTo(1);
    expect(near).toBeLessThan(1);
    expect(far).toBeLessThan(near);
    expect(far).toBeGreaterThan(0.6);
  });

  it('builds the names vector from mentions when the entities stage gives them', () => {
    const article = { ...normaliseDraft(draft({ body: ['Joe Biden met Olaf Scholz in Berlin.'] })), duplicateOf: undefined };
    const withMentions = articleFeatures(article, [
      { name: 'Joe Biden', type: 'person', count: 3, firstPosition: 0, aliases: [] },
      { name: 'Berlin', type: 'place', count: 1, firstPosition: 30, aliases: [] },
    ]);
    expect([...withMentions.names.keys()]).toEqual(['joe biden', 'berlin']);
    expect(withMentions.nameTypes?.get('joe biden')).toBe('person');
    const fromText = articleFeatures(article);
    expect([...fromText.names.keys()]).toEqual(expect.arrayContaining(['biden', 'olaf', 'scholz', 'berlin']));
  });
});

describe('top', () => {
  it('keeps the same entries whatever order the vector was built in (PostgreSQL jsonb reorders keys)', () => {
    const entries: [string, number][] = [['quake', 2], ['qeshm', 1], ['iran', 1], ['island', 1], ['oman', 0.5]];
    const kept = (order: [string, number][]) => [...top(new Map(order), 3).keys()].sort();
    expect(kept(entries)).toEqual(['iran', 'island', 'quake']);
    expect(kept([...entries].reverse())).toEqual(['iran', 'island', 'quake']);
  });
});

describe('name-like tokens', () => {
  it('keeps capitalised words that do not open a sentence, and decimal numbers', () => {
    const keys = nameTokens(['The quake hit Qeshm island on Sunday. A magnitude 5.6 quake, said Iran.']).map((t) => t.form);
    expect(keys).toEqual(['Qeshm', '5.6', 'Iran']);
  });

  it('ignores title-case headlines and paragraphs in capitals', () => {
    expect(nameTokens(['Lohan Checks Into Betty Ford Center For Rehab'])).toEqual([]);
    expect(nameTokens(['WLADIMIR KLITSCHKO RETAINS WORLD HEAVYWEIGHT BELTS'])).toEqual([]);
  });
});

describe('headline keys', () => {
  it('keeps the words that say what a headline is about, not its dates and numbers', () => {
    expect([...headlineKeys('Sarah Silverman and Michael Sheen split after 4 years')]).toEqual(['sarah', 'silverman', 'michael', 'sheen', 'split']);
    expect([...headlineKeys('Updated: Friday, November 11, 2011 20:09 IST')]).toEqual(['ist']);
  });
});
