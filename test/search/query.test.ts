import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { parseQuery, QUERY_LIMITS } from '../../src/search/query.ts';
import { InputError } from '../../src/errors.ts';

const m = (q: string) => parseQuery(q)?.match;

describe('parseQuery', () => {
  it('quotes words and joins them with AND', () => {
    expect(m('ukraine talks')).toBe('("ukraine" AND "talks")');
    expect(m('Ukraine')).toBe('"ukraine"');
  });
  it('keeps phrases, OR, NOT, minus and grouping', () => {
    expect(m('"foreign minister" Lavrov')).toBe('("foreign minister" AND "lavrov")');
    expect(m('nato OR eu')).toBe('("nato" OR "eu")');
    expect(m('ukraine NOT crimea')).toBe('("ukraine" NOT "crimea")');
    expect(m('ukraine -crimea -donbas')).toBe('(("ukraine" NOT "crimea") NOT "donbas")');
    expect(m('(nato OR eu) AND summit')).toBe('(("nato" OR "eu") AND "summit")');
    expect(m('minist*')).toBe('"minist"*');
  });
  it('treats lower-case operators as words and splits punctuation like the tokenizer', () => {
    expect(m('war and peace')).toBe('("war" AND "and" AND "peace")');
    expect(m('e-mail')).toBe('"e mail"');
    expect(parseQuery('Nord Stream 2')?.words).toEqual(['nord', 'stream', '2']);
  });
  it('is lenient with unbalanced quotes and parentheses', () => {
    expect(m('"foreign minister')).toBe('"foreign minister"');
    expect(m('(nato OR eu')).toBe('("nato" OR "eu")');
    expect(m('nato) eu')).toBe('("nato" AND "eu")');
    expect(m('AND OR nato NOT')).toBe('"nato"');
  });
  it('returns undefined for nothing to search', () => {
    expect(parseQuery('')).toBeUndefined();
    expect(parseQuery('  !!! ?? "" ()')).toBeUndefined();
  });
  it('neutralises FTS5 syntax in user input', () => {
    expect(m('headline:putin')).toBe('"headline putin"');
    expect(m('NEAR(a b) ^start {col}')).toBe('("near" AND "a" AND "b" AND "start" AND "col")');
    expect(m('"a""b"')).toBe('("a" AND "b")');
  });
  it('rejects what cannot be expressed or is too big with InputError', () => {
    expect(() => parseQuery('NOT crimea')).toThrow(InputError);
    expect(() => parseQuery('-crimea')).toThrow(InputError);
    expect(() => parseQuery('a OR -b')).toThrow(InputError);
    expect(() => parseQuery('x'.repeat(QUERY_LIMITS.length + 1))).toThrow(InputError);
    expect(() => parseQuery(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '))).toThrow(InputError);
    expect(() => parseQuery('('.repeat(20) + 'a')).toThrow(InputError);
  });
  it('never throws anything but InputError, and its output is always valid FTS5', () => {
    const db = new Database(':memory:');
    db.exec("CREATE VIRTUAL TABLE t USING fts5(headline, standfirst, body, tokenize = 'porter unicode61 remove_diacritics 2')");
    db.prepare('INSERT INTO t VALUES (?, ?, ?)').run('Biden and Putin talks', 'Ukraine', 'The foreign minister met Nato');
    const search = db.prepare('SELECT count(*) FROM t WHERE t MATCH ?');
    const alphabet = fc.constantFrom(...'ab "()-*:^{}+|&NOTAROD\u201c\u00e9\u0301\u4e2d\u0000\\\''.split(''), ' AND ', ' OR ', ' NOT ', 'NEAR(');
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.array(alphabet, { maxLength: 40 }).map((a) => a.join(''))), (input) => {
        let parsed;
        try {
          parsed = parseQuery(input);
        } catch (err) {
          expect(err).toBeInstanceOf(InputError);
          return;
        }
        if (parsed) search.get(parsed.match);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 500) },
    );
  });
});
