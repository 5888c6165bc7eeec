/**
 * How alike an article and a story are: cosine of idf-weighted term vectors, cosine of idf-weighted name
 * (entity) vectors when both sides have names, and a time penalty when both sides are dated. Pure
 * functions, so each feature can be tested with invented vectors.
 */
import type { Vector } from './features.ts';
import { NUMBER_PREFIX } from './features.ts';

export interface SimilarityConfig {
  /** Share of the score carried by the names/entities cosine when both sides have names. */
  namesWeight: number;
  /** Days over which the time penalty grows by one unit of timePenalty × ln 2. */
  timeScaleDays: number;
  /** Score lost per unit of ln(1 + gap / timeScaleDays). */
  timePenalty: number;
}

export const DAY_MS = 86_400_000;

/** Smoothed inverse document frequency, as in scikit-learn: ln((N + 1) / (df + 1)) + 1. */
export function idf(df: number, n: number): number {
  return Math.log((n + 1) / (df + 1)) + 1;
}

/** Term -> idf weight for an archive of n documents, from a df table (unknown terms count as unseen). */
export type IdfFn = (term: string) => number;

/**
 * The archive size idf is computed with: never below IDF_MIN_DOCS. In a young archive every word is
 * "rare" and raw idf barely tells a name from a function word, so early articles of one story score
 * low against each other; pretending the archive holds at least this many documents keeps the
 * contrast between a term seen once and a term seen everywhere.
 */
export const IDF_MIN_DOCS = 200;

export function idfFunction(df: ReadonlyMap<string, number>, archiveSize: number): IdfFn {
  const n = Math.max(archiveSize, IDF_MIN_DOCS);
  // Numbers ("4.4") have no document frequency of their own: weight them like a term in 1% of articles.
  const numberIdf = idf(Math.max(1, n / 100), n);
  return (term) => {
    if (term.startsWith(NUMBER_PREFIX)) return numberIdf;
    return idf(df.get(term) ?? 0, n);
  };
}

export function weigh(v: ReadonlyMap<string, number>, weight: IdfFn): Vector {
  const out: Vector = new Map();
  for (const [k, x] of v) out.set(k, x * weight(k));
  return out;
}

export function normOf(v: ReadonlyMap<string, number>): number {
  let s = 0;
  for (const x of v.values()) s += x * x;
  return Math.sqrt(s);
}

export function unit(v: ReadonlyMap<string, number>): Vector {
  const n = normOf(v);
  const out: Vector = new Map();
  if (n === 0) return out;
  for (const [k, x] of v) out.set(k, x / n);
  return out;
}

export function dot(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [k, x] of small) {
    const y = large.get(k);
    if (y !== undefined) s += x * y;
  }
  return s;
}

/**
 * The n largest entries of a vector (by weight × rank(term), default the weight itself); ties go to the
 * smaller key, so the result does not depend on the order the vector was built in (PostgreSQL's jsonb
 * gives a stored story state back with its keys reordered; SQLite keeps them as written).
 */
export function top(v: ReadonlyMap<string, number>, n: number, rank: IdfFn = () => 1): Vector {
  if (v.size <= n) return new Map(v);
  return new Map([...v].map(([k, x]) => [k, x, x * rank(k)] as const).sort((a, b) => b[2] - a[2] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, n).map(([k, x]) => [k, x]));
}

/** Days between a time and a [first, last] interval (0 inside it); undefined unless both are known. */
export function gapDays(time: number | undefined, first: number | undefined, last: number | undefined): number | undefined {
  if (time === undefined || first === undefined || last === undefined) return undefined;
  if (time < first) return (first - time) / DAY_MS;
  if (time > last) return (time - last) / DAY_MS;
  return 0;
}

export interface Side {
  /** idf-weighted unit term vector. */
  terms: Vector;
  /** idf-weighted unit names vector (empty when there are none). */
  names: Vector;
}

export interface Score {
  score: number;
  terms: number;
  names?: number;
  gapDays?: number;
}

/** What a time gap of `gap` days costs a score (nothing without a gap or without dates). */
export function timePenaltyOf(gap: number | undefined, config: SimilarityConfig): number {
  return gap !== undefined && gap > 0 ? config.timePenalty * Math.log1p(gap / config.timeScaleDays) : 0;
}

/**
 * The combined score. Names count only when both sides have some: an article without entities (or a
 * story without) is judged on its terms alone rather than punished. No date on either side: no time
 * penalty, because there is no evidence either way.
 */
export function combine(a: Side, s: Side, gap: number | undefined, config: SimilarityConfig): Score {
  const terms = dot(a.terms, s.terms);
  const names = a.names.size && s.names.size ? dot(a.names, s.names) : undefined;
  let score = names === undefined ? terms : (1 - config.namesWeight) * terms + config.namesWeight * names;
  score -= timePenaltyOf(gap, config);
  return { score, terms, names, gapDays: gap };
}

