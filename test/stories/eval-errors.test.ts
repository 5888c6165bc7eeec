import { describe, expect, it } from 'vitest';
import { bcubed, goldCutAtGaps, storyErrors, type GoldRow } from '../../eval/stories.ts';

const row = (id: string, story: string): GoldRow => ({ id, title: `title ${id}`, body: '', published: null, source: null, story, corpus: 'test' });

describe('eval:stories --errors', () => {
  // Gold A = a1 a2 a3, B = b1 b2; predicted p1 = a1 a2 b1, p2 = a3, p3 = b2.
  const rows = [row('a1', 'A'), row('a2', 'A'), row('a3', 'A'), row('b1', 'B'), row('b2', 'B')];
  const predicted = new Map([['a1', 'p1'], ['a2', 'p1'], ['a3', 'p2'], ['b1', 'p1'], ['b2', 'p3']]);
  const errors = storyErrors(rows, predicted);

  it('lists each split gold story and each mixed predicted story, largest part first', () => {
    expect(errors.split.map((s) => [s.gold, s.parts.map((p) => [p.story, p.rows.map((r) => r.id)])])).toEqual([
      ['A', [['p1', ['a1', 'a2']], ['p2', ['a3']]]],
      ['B', [['p1', ['b1']], ['p3', ['b2']]]],
    ]);
    expect(errors.merged.map((m) => [m.story, m.parts.map((p) => [p.story, p.rows.length])])).toEqual([['p1', [['A', 2], ['B', 1]]]]);
  });

  it('gives each error its share of the B-cubed loss, and the shares add up to it', () => {
    const scores = bcubed(predicted, new Map(rows.map((r) => [r.id, r.story])));
    expect(errors.split.map((s) => s.recallLost)).toEqual([expect.closeTo((3 - 5 / 3) / 5, 9), expect.closeTo(0.2, 9)]);
    expect(errors.split.reduce((sum, s) => sum + s.recallLost, 0)).toBeCloseTo(1 - scores.recall, 9);
    expect(errors.merged.reduce((sum, m) => sum + m.precisionLost, 0)).toBeCloseTo(1 - scores.precision, 9);
  });
});

describe('eval:stories gold cut at time gaps', () => {
  it('cuts a gold story wherever consecutive dated articles are further apart than the gap, keeping undated ones with the first piece', () => {
    const dated = (id: string, story: string, published: string | null): GoldRow => ({ ...row(id, story), published });
    const rows = [
      dated('a2', 'A', '2020-03-10T00:00:00Z'),
      dated('a1', 'A', '2020-01-01T00:00:00Z'),
      dated('a3', 'A', '2020-03-20T00:00:00Z'),
      dated('a0', 'A', null),
      dated('b1', 'B', '2020-01-01T00:00:00Z'),
    ];
    expect(goldCutAtGaps(rows, 30)).toEqual(new Map([['a1', 'A#0'], ['a2', 'A#1'], ['a3', 'A#1'], ['a0', 'A#0'], ['b1', 'B#0']]));
    expect(new Set(goldCutAtGaps(rows, 90).values())).toEqual(new Set(['A#0', 'B#0']));
  });
});
