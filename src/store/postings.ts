/**
 * Impact-ordered, truncated postings (Anh & Moffat 2006), shared by related content and stories: each
 * indexed item (article, story) keeps its heaviest terms with their weights; a query reads, for each of
 * its terms, only the heaviest postings, so its cost is bounded by terms x postings per term whatever
 * the size of the archive. These helpers choose what to index and add up what a query read.
 */
/** An indexed item found by a query, with its summed score (larger is better). */
export interface ScoredId {
  id: string;
  score: number;
}

/** A query term with its weight in the querying vector. */
export interface WeightedTerm {
  term: string;
  weight: number;
}

/** The heaviest `n` terms of a weighted vector, heaviest first (ties by term). */
export function heaviestTerms(terms: Iterable<readonly [string, number]>, n: number): WeightedTerm[] {
  return [...terms]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, n)
    .map(([term, weight]) => ({ term, weight }));
}

/** Sums the weighted postings per id and keeps the best `limit`, best first (ties by id). */
export function rankPostings(hits: Iterable<{ id: string; score: number }>, limit: number, excludeId?: string): ScoredId[] {
  const sums = new Map<string, number>();
  for (const h of hits) if (h.id !== excludeId) sums.set(h.id, (sums.get(h.id) ?? 0) + h.score);
  return [...sums]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([id, score]) => ({ id, score }));
}


/**
 * A query run one term at a time: `read` returns a term's heaviest postings (each an [id, weight]
 * pair); the hits, weighted by the query term's own weight, are summed per id (rankPostings).
 */
export function sumPostings(
  query: Iterable<readonly [term: string, weight: number]>,
  read: (term: string) => readonly (readonly [id: string, weight: number])[],
  limit: number,
  excludeId?: string,
): ScoredId[] {
  const hits: ScoredId[] = [];
  for (const [term, w] of query) for (const [id, weight] of read(term)) hits.push({ id, score: w * weight });
  return rankPostings(hits, limit, excludeId);
}
