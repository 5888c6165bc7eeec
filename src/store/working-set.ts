/**
 * The analysis working set: candidate lists, rail heads, parsed profiles and document frequencies kept
 * in memory, written through to the store, shared by both backends.
 *
 * Each new article re-ranks some 10-40 rails, and re-ranking reads the candidate lists of every neighbour
 * of each (hundreds of lists). Read from the store, those reads were the largest cost of ingest: at 100k
 * articles 43 of 130 ms per article (`npm run bench -- related`), almost all of it index pages missed
 * across a table of four million rows; parsing a 200-term profile costs about 50 µs, and 60-80 are read
 * per article. Document frequencies of the article's few hundred terms were read three times per
 * article (the related engine, its profile refreshes, the stories stage): 1.3 of 27 ms per article of
 * stories-dev. Lists, rails, profiles and frequencies change only through these repositories, so a
 * process that is the only writer can serve them from memory.
 *
 * Validity is the store's business: before each use it asks `usable()`, which answers whether nothing
 * but this process has written since the set was filled (SQLite: `PRAGMA data_version`; PostgreSQL: a
 * generation counter bumped under the analysis lock) and clears the set when something has. A rolled-
 * back transaction clears it too (the set had taken its writes). When `usable()` says no, reads go to
 * the store and writes clear the set. The bounds are lru-cache's; the validity protocol is ours: an LRU
 * alone cannot know that another process wrote a row.
 */
import { LRUCache } from 'lru-cache';
import type { RailEntry } from '../model.ts';
import type { TermRepository } from './terms.ts';
import type { CandidateChange, CandidateEntry, CandidateHead, EntityIndex, EntityRef, RailHead, RelatedProfile, RelatedRepository, ScoredId, WeightedTerm } from './related.ts';

/** Candidate-list order: best raw score first, ties by related id (as the stores' reads order them). */
function byScore(a: CandidateHead, b: CandidateHead): number {
  return b.score - a.score || (a.articleId < b.articleId ? -1 : a.articleId > b.articleId ? 1 : 0);
}

export class WorkingSet {
  /** Full candidate lists (heads only, no reasons), best first. */
  readonly lists: LRUCache<string, CandidateHead[]>;
  /** Rail heads in rank order. */
  readonly rails: LRUCache<string, RailHead[]>;
  /** Parsed profiles (shared with callers: never mutated). */
  readonly profiles: LRUCache<string, RelatedProfile>;
  /** Document frequency of each term, exactly as stored (the store reports every change it makes). */
  readonly df: LRUCache<string, number>;
  /** PostgreSQL: the analysis generation this set reflects (-1: unknown). */
  generation = -1;

  /**
   * About 50 bytes per list entry (1.5 kB per list of 30): the default holds the lists of a 100k-article
   * archive in some 150 MB; rails (12 entries) take 60 MB. About 10 kB per profile: 8,000 near 80 MB.
   * About 100 bytes per term: 500,000 terms (the vocabulary of some hundreds of thousands of articles)
   * near 50 MB.
   */
  constructor(capacity = { lists: 100_000, profiles: 8000, terms: 500_000 }) {
    this.lists = new LRUCache({ max: capacity.lists });
    this.rails = new LRUCache({ max: capacity.lists });
    this.profiles = new LRUCache({ max: capacity.profiles });
    this.df = new LRUCache({ max: capacity.terms });
  }

  clear(): void {
    this.lists.clear();
    this.rails.clear();
    this.profiles.clear();
    this.df.clear();
    this.generation = -1;
  }
}

/** The cached values of the keys, the missing ones read with one call of `load` and kept (absent when `load` has none). */
async function readThrough<V extends {}>(cache: LRUCache<string, V>, keys: readonly string[], load: (missing: string[]) => Promise<Map<string, V>>): Promise<Map<string, V>> {
  const out = new Map<string, V>();
  const missing: string[] = [];
  for (const key of keys) {
    const value = cache.get(key);
    if (value === undefined) missing.push(key);
    else out.set(key, value);
  }
  if (missing.length) {
    for (const [key, value] of await load(missing)) {
      cache.set(key, value);
      out.set(key, value);
    }
  }
  return out;
}

/** Of a full list, the first `head` non-twin entries and every twin (what a head read returns). */
export function headOf(list: readonly CandidateHead[], head: number): CandidateHead[] {
  const out: CandidateHead[] = [];
  let kept = 0;
  for (const e of list) {
    if (e.twin) out.push(e);
    else if (kept < head) {
      out.push(e);
      kept++;
    }
  }
  return out;
}

/**
 * A related repository that serves candidate lists and rail heads from the working set while `usable()`
 * allows, and otherwise passes everything to the store's own repository.
 */
export class CachedRelated implements RelatedRepository {
  constructor(
    private readonly inner: RelatedRepository,
    private readonly set: WorkingSet,
    private readonly usable: () => boolean,
  ) {}

  get entities(): EntityIndex {
    return this.inner.entities;
  }

  async candidateLists(articleIds: readonly string[], head?: number): Promise<Map<string, CandidateHead[]>> {
    if (!this.usable()) return this.inner.candidateLists(articleIds, head);
    // A miss reads the whole list (not only its head), so that later reads of any depth are served.
    const lists = await readThrough(this.set.lists, articleIds, (missing) => this.inner.candidateLists(missing));
    // In the order asked, as the stores return them; copies, which callers may change.
    return new Map(
      articleIds.map((id) => {
        const list = lists.get(id) ?? [];
        return [id, head === undefined ? list.slice() : headOf(list, head)];
      }),
    );
  }

  async updateCandidates(changes: readonly CandidateChange[]): Promise<void> {
    if (!this.usable()) this.set.clear();
    await this.inner.updateCandidates(changes);
    for (const { holderId, add, remove = [] } of changes) {
      const list = this.set.lists.get(holderId);
      if (!list) continue;
      const gone = new Set([...remove, ...add.map((e) => e.articleId)]);
      const next = list.filter((e) => !gone.has(e.articleId));
      for (const { articleId, score, twin } of add) next.push({ articleId, score, twin });
      this.set.lists.set(holderId, next.sort(byScore));
    }
  }

  async putCandidates(articleId: string, entries: readonly CandidateEntry[]): Promise<void> {
    if (!this.usable()) this.set.clear();
    await this.inner.putCandidates(articleId, entries);
    this.set.lists.set(articleId, entries.map(({ articleId: id, score, twin }) => ({ articleId: id, score, twin })).sort(byScore));
  }

  async removeFromCandidates(articleId: string): Promise<string[]> {
    if (!this.usable()) this.set.clear();
    const holders = await this.inner.removeFromCandidates(articleId);
    for (const holder of holders) {
      const list = this.set.lists.get(holder);
      if (list) this.set.lists.set(holder, list.filter((e) => e.articleId !== articleId));
    }
    return holders;
  }

  rail(articleId: string, limit?: number): Promise<RailEntry[]> {
    return this.inner.rail(articleId, limit);
  }

  async railHeads(articleIds: readonly string[]): Promise<Map<string, RailHead[]>> {
    if (!this.usable()) return this.inner.railHeads(articleIds);
    const rails = await readThrough(this.set.rails, articleIds, (missing) => this.inner.railHeads(missing));
    return new Map(articleIds.map((id) => [id, (rails.get(id) ?? []).slice()]));
  }

  async removeFromRail(holderId: string, relatedId: string): Promise<void> {
    if (!this.usable()) this.set.clear();
    await this.inner.removeFromRail(holderId, relatedId);
    const rail = this.set.rails.get(holderId);
    if (rail) this.set.rails.set(holderId, rail.filter((e) => e.articleId !== relatedId));
  }

  async putRail(articleId: string, entries: readonly RailHead[]): Promise<void> {
    if (!this.usable()) this.set.clear();
    await this.inner.putRail(articleId, entries);
    this.set.rails.set(articleId, entries.map(({ articleId: id, score }) => ({ articleId: id, score })));
  }

  containing(articleId: string): Promise<string[]> {
    return this.inner.containing(articleId);
  }

  async remove(articleId: string): Promise<void> {
    if (!this.usable()) this.set.clear();
    await this.inner.remove(articleId);
    this.set.lists.delete(articleId);
    this.set.rails.delete(articleId);
    this.set.profiles.delete(articleId);
  }

  similarByTerms(query: readonly WeightedTerm[], perTerm: number, limit: number, excludeId?: string): Promise<ScoredId[]> {
    return this.inner.similarByTerms(query, perTerm, limit, excludeId);
  }

  publishedAt(articleIds: readonly string[]): Promise<Map<string, string>> {
    return this.inner.publishedAt(articleIds);
  }

  async profiles(articleIds: readonly string[]): Promise<Map<string, RelatedProfile>> {
    if (!this.usable()) return this.inner.profiles(articleIds);
    return readThrough(this.set.profiles, articleIds, (missing) => this.inner.profiles(missing));
  }

  /** The profile written is kept: the next read serves it without parsing it back. */
  async putProfile(articleId: string, profile: RelatedProfile, indexTerms: number): Promise<void> {
    if (!this.usable()) this.set.clear();
    await this.inner.putProfile(articleId, profile, indexTerms);
    this.set.profiles.set(articleId, profile);
  }

  putEntities(articleId: string, entities: readonly EntityRef[]): Promise<void> {
    return this.inner.putEntities(articleId, entities);
  }
}

/**
 * A term repository that serves document frequencies from the working set while `usable()` allows, and
 * otherwise passes everything to the store's own repository. The store reports the new frequency of
 * every term a write changes, so the set never holds a frequency the store does not.
 */
export class CachedTerms implements TermRepository {
  constructor(
    private readonly inner: TermRepository,
    private readonly set: WorkingSet,
    private readonly usable: () => boolean,
  ) {}

  documentCount(): Promise<number> {
    return this.inner.documentCount();
  }

  async documentFrequencies(terms: readonly string[]): Promise<Map<string, number>> {
    if (!this.usable()) return this.inner.documentFrequencies(terms);
    const df = await readThrough(this.set.df, terms, (missing) => this.inner.documentFrequencies(missing));
    // In the order asked, as the stores return them.
    return new Map(terms.map((t) => [t, df.get(t) ?? 0]));
  }

  async put(articleId: string, counts: ReadonlyMap<string, number>): Promise<Map<string, number>> {
    if (!this.usable()) this.set.clear();
    return this.kept(await this.inner.put(articleId, counts));
  }

  async remove(articleId: string): Promise<Map<string, number>> {
    if (!this.usable()) this.set.clear();
    return this.kept(await this.inner.remove(articleId));
  }

  counts(articleIds: readonly string[]): Promise<Map<string, Map<string, number>>> {
    return this.inner.counts(articleIds);
  }

  private kept(changed: Map<string, number>): Map<string, number> {
    for (const [term, df] of changed) this.set.df.set(term, df);
    return changed;
  }
}
