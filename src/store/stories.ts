/**
 * Stories: the clustering state of each developing story (its centroid and the inverted index over its
 * top centroid terms), its members, and what readers see (the Story summary and its timeline).
 */
import { StorySchema, type Story } from '../model.ts';

/** Sparse vector: term -> weight. */
export type WeightMap = Map<string, number>;

/** Everything the clusterer keeps about one story. */
export interface StoryState {
  story: Story;
  /** Sum of the members' unit term vectors (sublinear tf), truncated to the top terms. */
  terms: WeightMap;
  /** Sum of the members' unit name/entity vectors, truncated. */
  names: WeightMap;
  /** Display form of each kept name key ("Lohan" for "lohan"). */
  nameForms: Record<string, string>;
  /** Entity type of name keys that came from mentions. */
  nameTypes: Record<string, string>;
  /**
   * Articles of the story whose names hold each kept name key: the count key entities show. Undefined
   * for stories formed before it was kept (their key entities keep the centroid weight as their count).
   */
  nameCounts?: Record<string, number>;
  /** Articles per publisher. */
  sourceCounts: Record<string, number>;
  /** Number and sum of the members' join scores (the opener has none): how tight the story is. */
  joins: { n: number; sum: number };
  /**
   * The story's time on the stream: its last publication date, or, for a story of undated articles, the
   * newest date the archive had seen when it last grew. Dormancy is judged on it.
   */
  activeAt?: string;
}

/** One article in one story, with the vectors it added to the centroid (to take them out again). */
export interface StoryMember {
  articleId: string;
  storyId: string;
  headline: string;
  publisher?: string;
  publishedAt?: string;
  /** Its score against the story when it joined; undefined for the article that opened the story. */
  similarity?: number;
  terms: WeightMap;
  names: WeightMap;
}

/** One line of a story's timeline. */
export interface TimelineEntry {
  articleId: string;
  headline: string;
  publisher?: string;
  publishedAt?: string;
  /** Score when it joined; undefined for the article that opened the story. */
  similarity?: number;
}

export interface StoryListOptions {
  limit: number;
  /** Only active stories. */
  active?: boolean;
}

export interface StoryRepository {
  /**
   * Candidate stories for an article, from the inverted index over the stories' top centroid terms:
   * for each query term its `perTerm` heaviest postings (impact-ordered, truncated: see postings.ts),
   * summed per story, best first. Never a scan; the cost does not grow with the number of stories.
   */
  candidates(query: ReadonlyMap<string, number>, limit: number, perTerm: number): Promise<string[]>;
  /** Clustering state of the given stories (missing ids are left out). */
  states(ids: readonly string[]): Promise<StoryState[]>;
  /** Inserts or replaces a story's state and its index terms (term -> weight). */
  save(state: StoryState, indexTerms: ReadonlyMap<string, number>): Promise<void>;
  /** Deletes a story, its index terms and its memberships. */
  delete(id: string): Promise<void>;
  /** Adds (or moves) an article to a story. */
  addMember(member: StoryMember): Promise<void>;
  /** Takes an article out of its story; returns the membership it had. */
  removeMember(articleId: string): Promise<StoryMember | undefined>;
  /** Members with their vectors: the most recent first, at most limit (title and span recomputation). */
  members(storyId: string, limit: number): Promise<StoryMember[]>;
  /** First and last publication times and member count, from the members themselves. */
  span(storyId: string): Promise<{ first?: string; last?: string; count: number }>;
  /** The newest activity time of any story: the stream's "now". */
  latestActivity(): Promise<string | undefined>;
  /** Marks active stories whose activity time is before the given time dormant; returns how many. */
  markDormant(before: string): Promise<number>;
  /** Marks dormant stories whose activity time is at or after the given time active; returns how many. */
  wake(since: string): Promise<number>;
  /** The archive's quiet period (days without an article before a story goes dormant), if one was set. */
  quietDays(): Promise<number | undefined>;
  setQuietDays(days: number): Promise<void>;

  get(id: string): Promise<Story | undefined>;
  /** Stories, most recently active first. */
  list(options: StoryListOptions): Promise<Story[]>;
  /** A story's articles in publication order (undated ones last, in the order they joined). */
  timeline(id: string): Promise<TimelineEntry[]>;
  /** The story of each given article that belongs to one. */
  storyIdsOf(articleIds: readonly string[]): Promise<Map<string, string>>;
  /** How many stories there are (only active ones with `active`). */
  count(options?: { active?: boolean }): Promise<number>;
}

/** Four significant decimals are plenty for weights and keep the JSON small. */
export function toObject(v: ReadonlyMap<string, number>): Record<string, number> {
  const o: Record<string, number> = {};
  for (const [k, w] of v) o[k] = Math.round(w * 1e4) / 1e4;
  return o;
}

export function toMap(o: Record<string, number> | undefined): WeightMap {
  return new Map(Object.entries(o ?? {}));
}

export interface StateJson {
  terms: Record<string, number>;
  names: Record<string, number>;
  nameForms: Record<string, string>;
  nameTypes: Record<string, string>;
  nameCounts?: Record<string, number>;
  sourceCounts: Record<string, number>;
  joins?: { n: number; sum: number };
}

/** The clustering state as both backends store it (the story summary is stored beside it). */
export function toStateJson(state: StoryState): StateJson {
  return {
    terms: toObject(state.terms),
    names: toObject(state.names),
    nameForms: state.nameForms,
    nameTypes: state.nameTypes,
    ...(state.nameCounts ? { nameCounts: state.nameCounts } : {}),
    sourceCounts: state.sourceCounts,
    joins: state.joins,
  };
}

export interface StoryRow {
  /** JSON text (SQLite) or already parsed (PostgreSQL jsonb). */
  story: string | Story;
  state: string | StateJson;
  active_at: string | null;
}

export interface MemberRow {
  article_id: string;
  story_id: string;
  published_at: string | null;
  headline: string;
  publisher: string | null;
  similarity: number | null;
  /** JSON text (SQLite) or already parsed (PostgreSQL jsonb). */
  vectors: string | { terms: Record<string, number>; names: Record<string, number> };
}

export function toMember(r: MemberRow): StoryMember {
  const v = typeof r.vectors === 'string' ? (JSON.parse(r.vectors) as { terms: Record<string, number>; names: Record<string, number> }) : r.vectors;
  return {
    articleId: r.article_id,
    storyId: r.story_id,
    headline: r.headline,
    publisher: r.publisher ?? undefined,
    publishedAt: r.published_at ?? undefined,
    similarity: r.similarity ?? undefined,
    terms: toMap(v.terms),
    names: toMap(v.names),
  };
}

/** A timeline row as both stores select it. */
export type TimelineRow = Omit<MemberRow, 'story_id' | 'vectors'>;

export function toTimelineEntry(r: TimelineRow): TimelineEntry {
  return {
    articleId: r.article_id,
    headline: r.headline,
    publisher: r.publisher ?? undefined,
    publishedAt: r.published_at ?? undefined,
    similarity: r.similarity ?? undefined,
  };
}

export function parseStory(json: string | Story): Story {
  return StorySchema.parse(typeof json === 'string' ? JSON.parse(json) : json);
}

export function toState(row: StoryRow): StoryState {
  const s = typeof row.state === 'string' ? (JSON.parse(row.state) as StateJson) : row.state;
  return {
    // Our own rows, written by save(): no need to validate again on the hot path.
    story: typeof row.story === 'string' ? (JSON.parse(row.story) as Story) : row.story,
    terms: toMap(s.terms),
    names: toMap(s.names),
    nameForms: s.nameForms,
    nameTypes: s.nameTypes,
    ...(s.nameCounts ? { nameCounts: s.nameCounts } : {}),
    sourceCounts: s.sourceCounts,
    joins: s.joins ?? { n: 0, sum: 0 },
    activeAt: row.active_at ?? undefined,
  };
}

/**
 * Parsed states by story id, kept with the JSON text they were parsed from: a row read again with the
 * same text (the story has not changed since) is not parsed again. The text is the version, so a change
 * by another process or a rolled-back transaction can never be served stale. Each read gets a copy (the
 * clusterer changes the state it is given). Bounded: least recently used entries go first.
 */
export class ParsedStates {
  private readonly entries = new Map<string, { story: string; state: string; activeAt: string | null; parsed: StoryState }>();
  constructor(private readonly max = 4096) {}

  get(row: StoryRow & { story: string; state: string }, id: string): StoryState {
    const hit = this.entries.get(id);
    if (hit && hit.state === row.state && hit.story === row.story && hit.activeAt === row.active_at) {
      this.entries.delete(id);
      this.entries.set(id, hit);
      return copyState(hit.parsed);
    }
    const parsed = toState(row);
    this.entries.delete(id);
    this.entries.set(id, { story: row.story, state: row.state, activeAt: row.active_at, parsed });
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return copyState(parsed);
  }
}

function copyState(s: StoryState): StoryState {
  return {
    story: { ...s.story, keyEntities: [...s.story.keyEntities], keyTerms: [...s.story.keyTerms], sources: [...s.story.sources] },
    terms: new Map(s.terms),
    names: new Map(s.names),
    nameForms: { ...s.nameForms },
    nameTypes: { ...s.nameTypes },
    ...(s.nameCounts ? { nameCounts: { ...s.nameCounts } } : {}),
    sourceCounts: { ...s.sourceCounts },
    joins: { ...s.joins },
    activeAt: s.activeAt,
  };
}
