import { describe, expect, it } from 'vitest';
import { aggregate, pageCounts, scorePage } from '../../src/eval/extraction-metric.ts';
import { shingles, tokens } from '../../src/analyse/shingles.ts';

describe('benchmark metric', () => {
  it('tokenises runs of letters, digits and _ with case kept', () => {
    expect(tokens("It's 2019, Café_1 — ok!")).toEqual(['It', 's', '2019', 'Café_1', 'ok']);
  });

  it('makes 4-token shingles, one shingle for 1-3 tokens, none for empty text', () => {
    expect([...shingles('a b c d e').values()]).toEqual([1, 1]);
    expect(shingles('a b').size).toBe(1);
    expect(shingles('  ').size).toBe(0);
    // Multiset: "a b c d a b c d" has a-b-c-d twice.
    expect(shingles('a b c d a b c d').get(['a', 'b', 'c', 'd'].join('\u0001'))).toBe(2);
  });

  it('normalises tp/fp/fn per page', () => {
    // truth a..e: shingles abcd, bcde. pred a..d + x: abcd, bcdx -> tp 1, fp 1, fn 1.
    const c = pageCounts('a b c d x', 'a b c d e');
    expect(c.tp).toBeCloseTo(1 / 3);
    expect(c.fp).toBeCloseTo(1 / 3);
    expect(c.fn).toBeCloseTo(1 / 3);
    const page = scorePage('p', 'a b c d x', 'a b c d e');
    expect(page.precision).toBeCloseTo(0.5);
    expect(page.recall).toBeCloseTo(0.5);
  });

  it('averages precision over pages with output and recall over all pages', () => {
    const pages = [
      scorePage('1', 'a b c d e', 'a b c d e'), // P 1, R 1
      scorePage('2', '', 'a b c d e'), // no output: R 0, no precision
      scorePage('3', 'a b c d x', 'a b c d e'), // P .5, R .5
    ];
    const s = aggregate(pages);
    expect(s.precision).toBeCloseTo(0.75);
    expect(s.recall).toBeCloseTo(0.5);
    expect(s.f1).toBeCloseTo((2 * 0.75 * 0.5) / 1.25);
    expect(s.n).toBe(3);
  });
});
