/**
 * Entities across the archive: the people, organisations, places and contributors articles mention, the
 * keys they are found under (for `resolveCanonical`), each article's mentions, and mentions per day.
 *
 * Tables (both backends):
 *  - entities          id, canonical name, type, surface forms seen (aliases), article count
 *  - entity_aliases    lookup key -> entity id: the keys of `archiveKeys` (name, aliases, "surname:...")
 *  - article_entities  one row per article and entity: count, first position, the article's surface
 *                      forms, its day and sort time (so "latest articles of an entity" is an index range)
 *  - entity_days       entity, day (YYYY-MM-DD of publication), mentions: the chart of an entity page
 *
 * The counts (entities.article_count, entity_days.mentions) are kept in step by `putMentions` and
 * `removeArticle`, which apply the difference between an article's old and new mentions; `check()` on the
 * store verifies them.
 */
import { createHash } from 'node:crypto';
import type { Article, EntityType, Mention } from '../model.ts';
import { archiveKeys, surnameKey, type ArchiveEntity } from '../analyse/entity-archive.ts';
import { entityKey } from '../analyse/entities.ts';

/** An entity as the archive holds it: `aliases` are the surface forms seen, `articleCount` its articles. */
export type EntityRecord = ArchiveEntity;

/** A mention ready to store: resolved to an entity id (an existing one, or `entityIdOf` for a new one). */
export interface StoredMention extends Mention {
  entityId: string;
}

/** The article fields the entity tables keep: its id, and its date for days and ordering. */
export type ArticleRef = Pick<Article, 'id' | 'publishedAt' | 'ingestedAt'>;

export interface EntityListOptions {
  type?: EntityType;
  limit: number;
  offset?: number;
  /** Only entities mentioned in at least this many articles (default 1). */
  minArticles?: number;
}

export interface MentioningArticle {
  articleId: string;
  /** Publication time, or the ingest time of an undated article. */
  time: string;
  count: number;
  firstPosition: number;
}

export interface EntityDay {
  day: string;
  mentions: number;
}

export interface EntityRepository {
  /** The entities indexed under one key (an index probe). */
  lookup(key: string): Promise<EntityRecord[]>;
  /** The entities indexed under each of the keys, in one query; keys without any are absent. */
  lookupMany(keys: readonly string[]): Promise<Map<string, EntityRecord[]>>;
  /**
   * Replaces the article's mentions with these: counts and days of the old ones are taken back, entities
   * not stored yet are created (by id: `entityIdOf`), new aliases and their keys are added, and entities
   * no article mentions any more are removed. Call inside the article's transaction, after lockAnalysis.
   */
  putMentions(article: ArticleRef, mentions: readonly StoredMention[]): Promise<void>;
  /** Takes the article's mentions out of every count (before deleting an article). */
  removeArticle(articleId: string): Promise<void>;
  /** The article's mentions, the entity's canonical name and type, most mentioned first, contributors last. */
  forArticle(articleId: string): Promise<StoredMention[]>;
  /** Mentions of several articles in one query. */
  forArticles(articleIds: readonly string[]): Promise<Map<string, StoredMention[]>>;
  get(id: string): Promise<EntityRecord | undefined>;
  /** Entities whose name or an alias has the key of `nameOrAlias` (else people of that surname), most articles first, then the one of that very name. */
  findByName(nameOrAlias: string, type?: EntityType): Promise<EntityRecord[]>;
  /** Entities by article count (descending), then name. */
  list(options: EntityListOptions): Promise<EntityRecord[]>;
  /** Number of entities mentioned in at least one article. */
  count(): Promise<number>;
  /** The articles mentioning the entity, latest first; `before` as in ArticleRepository.latest. */
  articles(entityId: string, options: { limit: number; before?: string }): Promise<MentioningArticle[]>;
  /** Mentions per publication day, oldest first (undated articles are not counted). */
  mentionsPerDay(entityId: string): Promise<EntityDay[]>;
  /**
   * Candidates for related content: the latest articles mentioning any of the entities (at most `limit`
   * per entity read from the index, so never a scan), most recent first, at most `limit`.
   */
  articleIdsSharing(entityIds: readonly string[], limit: number): Promise<string[]>;
  /** In how many articles each entity is mentioned (0 when unknown): rarity weights. */
  documentFrequency(entityIds: readonly string[]): Promise<Map<string, number>>;
}

/**
 * The id of an entity created from a mention: derived from its type and the key of its canonical name,
 * so two writers creating the same entity converge on one row, and an unresolved mention whose name
 * is an existing entity's name joins it.
 */
export function entityIdOf(type: EntityType, name: string): string {
  return createHash('sha256').update(`${type}\u0000${entityKey(name)}`).digest('hex').slice(0, 16);
}

/** Day and sort time of an article, as the entity tables store them. */
export function articleTime(article: ArticleRef): { day: string | null; time: string } {
  return { day: article.publishedAt?.slice(0, 10) ?? null, time: article.publishedAt ?? article.ingestedAt };
}

/** An old mention row, as putMentions reads it back to take it out of the counts. */
export interface OldMention {
  entityId: string;
  count: number;
  day: string | null;
}

/**
 * What replacing an article's mentions changes: per entity the article-count delta (-1, 0 or +1), per
 * entity and day the mentions delta. Computed in one place for both backends, so each writes only
 * what changed (an unchanged entity set costs no count updates at all).
 */
export function mentionDeltas(
  old: readonly OldMention[],
  next: readonly StoredMention[],
  day: string | null,
): { articleDelta: Map<string, number>; dayDelta: Map<string, { entityId: string; day: string; delta: number }> } {
  const articleDelta = new Map<string, number>();
  const dayDelta = new Map<string, { entityId: string; day: string; delta: number }>();
  const addDay = (entityId: string, d: string | null, delta: number) => {
    if (d === null || delta === 0) return;
    const k = `${entityId}\u0000${d}`;
    const cur = dayDelta.get(k);
    if (cur) cur.delta += delta;
    else dayDelta.set(k, { entityId, day: d, delta });
  };
  for (const o of old) {
    articleDelta.set(o.entityId, (articleDelta.get(o.entityId) ?? 0) - 1);
    addDay(o.entityId, o.day, -o.count);
  }
  for (const m of next) {
    articleDelta.set(m.entityId, (articleDelta.get(m.entityId) ?? 0) + 1);
    addDay(m.entityId, day, m.count);
  }
  for (const [k, v] of dayDelta) if (v.delta === 0) dayDelta.delete(k);
  return { articleDelta, dayDelta };
}

/** Merges mentions that landed on one entity id (sums counts, earliest position, union of aliases). */
export function mergeByEntity(mentions: readonly StoredMention[]): StoredMention[] {
  const byId = new Map<string, StoredMention>();
  for (const m of mentions) {
    const prev = byId.get(m.entityId);
    if (!prev) {
      byId.set(m.entityId, { ...m, aliases: [...m.aliases] });
      continue;
    }
    prev.count += m.count;
    prev.firstPosition = Math.min(prev.firstPosition, m.firstPosition);
    for (const a of m.aliases) if (!prev.aliases.includes(a)) prev.aliases.push(a);
  }
  return [...byId.values()];
}

/** Orders an article's mentions: text entities by count then position, contributors last. */
export function orderMentions<T extends Mention>(mentions: T[]): T[] {
  return mentions.sort((x, y) => Number(x.type === 'contributor') - Number(y.type === 'contributor') || y.count - x.count || x.firstPosition - y.firstPosition || x.name.localeCompare(y.name));
}

/** The (key, entity id) rows that index the mentions' entities: `archiveKeys` of name and aliases. */
export function aliasKeyRows(mentions: readonly StoredMention[]): [string, string][] {
  const rows: [string, string][] = [];
  for (const m of mentions) for (const key of archiveKeys(m)) rows.push([key, m.entityId]);
  return rows;
}

/** `findByName` for any backend, by key probes: the name's key, else (people) the surname's. */
export async function findByNameVia(
  lookup: (keys: readonly string[]) => Promise<Map<string, EntityRecord[]>>,
  nameOrAlias: string,
  type?: EntityType,
): Promise<EntityRecord[]> {
  const key = entityKey(nameOrAlias);
  if (!key) return [];
  const surname = type === undefined || type === 'person' ? surnameKey(nameOrAlias) : undefined;
  const found = await lookup(surname ? [key, surname] : [key]);
  const ofType = (list: EntityRecord[] | undefined) => (list ?? []).filter((e) => type === undefined || e.type === type);
  let hits = ofType(found.get(key));
  if (hits.length === 0 && surname) hits = ofType(found.get(surname)).filter((e) => e.type === 'person');
  // Most articles first ("Putin" is Vladimir Putin before a stray one-article "Putin"), then the exact name.
  return hits.sort((a, b) => b.articleCount - a.articleCount || Number(entityKey(b.name) === key) - Number(entityKey(a.name) === key) || a.name.localeCompare(b.name));
}

// ---------------------------------------------------------------------------------------------------
// Rows, as both backends read them (aliases and surfaces: JSON text in SQLite, jsonb in PostgreSQL)

export const ENTITY_COLUMNS = 'e.id, e.name, e.type, e.aliases, e.article_count';
export const MENTION_SELECT = `SELECT m.article_id, m.entity_id, e.name, e.type, m.count, m.first_position, m.surfaces
  FROM article_entities m JOIN entities e ON e.id = m.entity_id`;

export interface EntityRow {
  id: string;
  name: string;
  type: EntityType;
  aliases: string | string[];
  article_count: number;
}

export interface MentionRow {
  article_id: string;
  entity_id: string;
  name: string;
  type: EntityType;
  count: number;
  first_position: number;
  surfaces: string | string[];
}

const strings = (v: string | string[]): string[] => (typeof v === 'string' ? (JSON.parse(v) as string[]) : v);

export function toEntityRecord(row: EntityRow): EntityRecord {
  return { id: row.id, name: row.name, type: row.type, aliases: strings(row.aliases), articleCount: row.article_count };
}

export function toStoredMention(row: MentionRow): StoredMention {
  return { entityId: row.entity_id, name: row.name, type: row.type, count: row.count, firstPosition: row.first_position, aliases: strings(row.surfaces) };
}

/** Entities by the key they were found under (lookupMany's answer). */
export function groupByKey(rows: readonly (EntityRow & { key: string })[]): Map<string, EntityRecord[]> {
  return groupRows(rows, (r) => r.key, toEntityRecord);
}

/** Mentions by article, each article's in display order (forArticles' answer). */
export function groupByArticle(rows: readonly MentionRow[]): Map<string, StoredMention[]> {
  const out = groupRows(rows, (r) => r.article_id, toStoredMention);
  for (const list of out.values()) orderMentions(list);
  return out;
}

function groupRows<R, T>(rows: readonly R[], keyOf: (row: R) => string, map: (row: R) => T): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const list = out.get(keyOf(row));
    if (list) list.push(map(row));
    else out.set(keyOf(row), [map(row)]);
  }
  return out;
}
