/**
 * Related Content rails and the indexes that feed them: the stored rail of each article (its top k_max
 * related articles with scores and reasons, read with one indexed lookup), a "more like this" query
 * over impact-ordered postings of each article's strongest terms, and an entity index (entity key -> articles) used both to find
 * candidates sharing rare entities and to weight entity overlap by rarity.
 */
import type { RailEntry, RelatedReason } from '../model.ts';
import type { ScoredId, WeightedTerm } from './postings.ts';

export type { ScoredId, WeightedTerm } from './postings.ts';


/** An entity as the related engine sees it: a lookup key and a name to show. */
export interface EntityRef {
  key: string;
  name: string;
}

/**
 * Entity evidence by article and by entity. The related repository keeps one (fed by the related stage);
 * an entity extraction repository can offer the same interface later. Unit tests pass fakes.
 */
export interface EntityIndex {
  /** The entities of each given article. */
  of(articleIds: readonly string[]): Promise<Map<string, EntityRef[]>>;
  /** Number of articles mentioning each key (0 when unseen). */
  frequencies(keys: readonly string[]): Promise<Map<string, number>>;
  /**
   * Articles mentioning any of the keys (most shared keys first, ties by id), at most `limit`, reading at
   * most `perKey` articles of each key (the first by id): the cost stays bounded when a key is common.
   */
  articlesWith(keys: readonly string[], limit: number, perKey: number): Promise<string[]>;
}

/**
 * An article's related profile: its strongest terms and its entities as unit-length weighted vectors,
 * computed with the archive's idf when the archive had `archiveSize` articles (recomputed as it grows).
 * Reranking reads these instead of full term counts: one small row per candidate, no idf lookups.
 */
export interface RelatedProfile {
  archiveSize: number;
  terms: ReadonlyMap<string, number>;
  entities: ReadonlyMap<string, number>;
}

/**
 * A profile vector as stored: a JSON array of [key, weight] pairs, heaviest first. Not a JSON object:
 * a parsed object of 200 keys is a dictionary-mode object in V8, and walking one (for..in,
 * Object.entries) cost ~16x what walking a Map does, on every candidate of every arrival.
 */
export function vectorJson(v: ReadonlyMap<string, number>): string {
  // Read back with new Map(JSON.parse(text)).
  return JSON.stringify([...v]);
}

/** The reasons of a rail entry whose candidate-list entry is gone. */
export const NO_REASONS: RelatedReason = { entities: [], terms: [], sameStory: false };

/** A rail entry without its reasons: what reranking and rail updates need. */
export interface RailHead {
  articleId: string;
  score: number;
}

/**
 * One entry of an article's stored candidate list: a related article with its raw (symmetric) similarity
 * score, before neighbour re-ranking. `twin` marks a near-identical text: never shown, never a neighbour,
 * but kept so that two twins never share a rail.
 */
export interface CandidateHead {
  articleId: string;
  score: number;
  twin: boolean;
}

export interface CandidateEntry extends CandidateHead {
  reasons: RelatedReason;
}

/** Entries added to (or replaced in) one candidate list, and related ids removed from it. */
export interface CandidateChange {
  holderId: string;
  add: readonly CandidateEntry[];
  remove?: readonly string[];
}

export interface RelatedRepository {
  /**
   * Candidate lists of several articles (without reasons), best raw score first. With `head`, each list
   * holds only its first `head` non-twin entries and all its twin entries (what neighbour sets need).
   */
  candidateLists(articleIds: readonly string[], head?: number): Promise<Map<string, CandidateHead[]>>;
  /**
   * Changes several candidate lists at once (a new article enters the lists of its candidates: one
   * statement per kind of change in PostgreSQL, not a round trip per list). Each change adds (or replaces)
   * entries of its holder's list and removes the listed related ids from it.
   */
  updateCandidates(changes: readonly CandidateChange[]): Promise<void>;
  /** Replaces an article's whole candidate list. */
  putCandidates(articleId: string, entries: readonly CandidateEntry[]): Promise<void>;
  /** Takes an article out of every candidate list holding it; returns the holders. */
  removeFromCandidates(articleId: string): Promise<string[]>;

  /** The stored rail of an article in rank order (at most `limit` entries), with each entry's reasons. */
  rail(articleId: string, limit?: number): Promise<RailEntry[]>;
  /** The stored rails of several articles without reasons (cheap), in rank order. */
  railHeads(articleIds: readonly string[]): Promise<Map<string, RailHead[]>>;
  /** Removes one article from a stored rail, closing the gap. */
  removeFromRail(holderId: string, relatedId: string): Promise<void>;
  /**
   * Replaces an article's rail (one row); ranks are renumbered 0.. in the given order. Every entry must be
   * in the article's candidate list: a rail is read with the reasons the list holds for each entry
   * (NO_REASONS once the list no longer holds one), and containing() finds rails through the lists.
   */
  putRail(articleId: string, entries: readonly RailHead[]): Promise<void>;
  /** Ids of the articles whose rails contain the given article. */
  containing(articleId: string): Promise<string[]>;
  /** Deletes an article's rail, candidate list, profile and entity rows (its presence in other rails is the caller's). */
  remove(articleId: string): Promise<void>;
  /**
   * "More like this" over impact-ordered postings: for each query term, the `perTerm` articles that weigh
   * it most among their indexed terms (see putProfile), scored by the sum of query weight times posting
   * weight; best first, at most `limit`. Reads at most terms x perTerm index entries, whatever the size of
   * the archive (a full-text OR query reads every posting of every word, which grows with the archive).
   */
  similarByTerms(query: readonly WeightedTerm[], perTerm: number, limit: number, excludeId?: string): Promise<ScoredId[]>;
  /** Publication dates (ISO) of the given articles, for those that have one (an indexed column read). */
  publishedAt(articleIds: readonly string[]): Promise<Map<string, string>>;
  /** Stored profiles of the given articles. They may be shared with the store's working set (see working-set.ts): never mutate them. */
  profiles(articleIds: readonly string[]): Promise<Map<string, RelatedProfile>>;
  /**
   * Stores a profile and indexes its `indexTerms` heaviest terms as postings for similarByTerms. The
   * profile object may be kept by the store's working set: never mutate it afterwards.
   */
  putProfile(articleId: string, profile: RelatedProfile, indexTerms: number): Promise<void>;
  /** The entity index the related stage keeps. */
  readonly entities: EntityIndex;
  /** Replaces the entities recorded for an article. */
  putEntities(articleId: string, entities: readonly EntityRef[]): Promise<void>;
}
