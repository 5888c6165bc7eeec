/**
 * SQLite entity repository (tables: see ../entities.ts). Each write is a handful of prepared statements
 * per article, whatever its number of mentions: the rows travel as one JSON array, unpacked by json_each.
 */
import type { EntityType } from '../../model.ts';
import type { ArticleRef, EntityDay, EntityListOptions, EntityRecord, EntityRepository, MentioningArticle, OldMention, StoredMention } from '../entities.ts';
import {
  ENTITY_COLUMNS, MENTION_SELECT, aliasKeyRows, articleTime, findByNameVia, groupByArticle, groupByKey, mentionDeltas, mergeByEntity,
  orderMentions, toEntityRecord, toStoredMention, type EntityRow, type MentionRow,
} from '../entities.ts';
import type { Migration } from '../migrations.ts';
import type { Db } from './store.ts';

export const entityMigrations: Migration[] = [
  {
    id: '003-entities',
    sql: `
      CREATE TABLE entities (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        type TEXT NOT NULL CHECK (type IN ('person', 'organisation', 'place', 'contributor')),
        aliases TEXT NOT NULL DEFAULT '[]',
        article_count INTEGER NOT NULL DEFAULT 0
      ) WITHOUT ROWID;
      -- One index for the listings (by type, most articles first); every new mention updates it, so
      -- there is no second one for the listing of all types (a top-N sort of the entities).
      CREATE INDEX entities_by_type_count ON entities(type, article_count DESC);
      CREATE TABLE entity_aliases (
        key TEXT NOT NULL,
        entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        PRIMARY KEY (key, entity_id)
      ) WITHOUT ROWID;
      CREATE INDEX entity_aliases_entity ON entity_aliases(entity_id);
      CREATE TABLE article_entities (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        entity_id TEXT NOT NULL REFERENCES entities(id),
        count INTEGER NOT NULL,
        first_position INTEGER NOT NULL,
        surfaces TEXT NOT NULL,
        day TEXT,
        time TEXT NOT NULL,
        PRIMARY KEY (article_id, entity_id)
      ) WITHOUT ROWID;
      CREATE INDEX article_entities_entity ON article_entities(entity_id, time DESC, article_id);
      CREATE TABLE entity_days (
        entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        day TEXT NOT NULL,
        mentions INTEGER NOT NULL,
        PRIMARY KEY (entity_id, day)
      ) WITHOUT ROWID;
    `,
  },
];

export const entityChecks = [
  {
    name: 'entity mentions of missing or duplicate articles',
    sql: `SELECT count(*) AS n FROM article_entities m WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = m.article_id AND a.duplicate_of IS NULL)`,
  },
  {
    name: 'entity mentions of missing entities',
    sql: `SELECT count(*) AS n FROM article_entities m WHERE NOT EXISTS (SELECT 1 FROM entities e WHERE e.id = m.entity_id)`,
  },
  {
    name: 'entity article counts out of step with their mentions',
    sql: `SELECT count(*) AS n FROM entities e WHERE e.article_count <> (SELECT count(*) FROM article_entities m WHERE m.entity_id = e.id)`,
  },
  { name: 'entities mentioned in no article', sql: 'SELECT count(*) AS n FROM entities WHERE article_count <= 0' },
  {
    name: 'entity mentions per day out of step with their mentions',
    sql: `SELECT count(*) AS n FROM entity_days d FULL JOIN
        (SELECT entity_id, day, sum(count) AS mentions FROM article_entities WHERE day IS NOT NULL GROUP BY entity_id, day) m
        ON m.entity_id = d.entity_id AND m.day = d.day
      WHERE d.mentions IS NOT m.mentions`,
  },
  {
    name: 'entities not indexed under their name',
    sql: `SELECT count(*) AS n FROM entities e WHERE NOT EXISTS (SELECT 1 FROM entity_aliases k WHERE k.entity_id = e.id)`,
  },
];

export class SqliteEntities implements EntityRepository {
  private readonly stmt;

  constructor(private readonly db: Db) {
    this.stmt = {
      lookup: db.prepare(`SELECT k.key, ${ENTITY_COLUMNS} FROM entity_aliases k JOIN entities e ON e.id = k.entity_id
          WHERE k.key IN (SELECT value FROM json_each(?))`),
      deleteMentions: db.prepare('DELETE FROM article_entities WHERE article_id = ? RETURNING entity_id, count, day'),
      // New entities are created; existing ones get their article-count delta and any new surface forms
      // appended (the row is left alone when neither changes).
      currentAliases: db.prepare('SELECT id, aliases FROM entities WHERE id IN (SELECT value FROM json_each(?))'),
      // New entities are created; existing ones get their article-count delta and their aliases (merged
      // in putMentions); a row is left alone when neither changes.
      upsertEntities: db.prepare(`INSERT INTO entities (id, name, type, aliases, article_count)
          SELECT value ->> 0, value ->> 1, value ->> 2, value -> 3, value ->> 4 FROM json_each(?) WHERE true
          ON CONFLICT (id) DO UPDATE SET article_count = article_count + excluded.article_count, aliases = excluded.aliases
          WHERE excluded.article_count <> 0 OR excluded.aliases <> entities.aliases`),
      adjustCounts: db.prepare(`UPDATE entities SET article_count = article_count + d.value ->> 1
          FROM json_each(?) d WHERE entities.id = d.value ->> 0`),
      deleteUnmentioned: db.prepare('DELETE FROM entities WHERE article_count <= 0 AND id IN (SELECT value FROM json_each(?))'),
      insertKeys: db.prepare('INSERT OR IGNORE INTO entity_aliases (key, entity_id) SELECT value ->> 0, value ->> 1 FROM json_each(?)'),
      insertMentions: db.prepare(`INSERT INTO article_entities (article_id, entity_id, count, first_position, surfaces, day, time)
          SELECT ?, value ->> 0, value ->> 1, value ->> 2, value -> 3, ?, ? FROM json_each(?)`),
      addDays: db.prepare(`INSERT INTO entity_days (entity_id, day, mentions)
          SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?) WHERE true
          ON CONFLICT (entity_id, day) DO UPDATE SET mentions = mentions + excluded.mentions`),
      deleteEmptyDays: db.prepare('DELETE FROM entity_days WHERE mentions <= 0 AND entity_id IN (SELECT value FROM json_each(?))'),
      forArticle: db.prepare(`${MENTION_SELECT} WHERE m.article_id = ?`),
      forArticles: db.prepare(`${MENTION_SELECT} WHERE m.article_id IN (SELECT value FROM json_each(?))`),
      get: db.prepare(`SELECT ${ENTITY_COLUMNS} FROM entities e WHERE e.id = ?`),
      list: db.prepare(`SELECT ${ENTITY_COLUMNS} FROM entities e WHERE e.article_count >= ?
          ORDER BY e.article_count DESC, e.name LIMIT ? OFFSET ?`),
      listType: db.prepare(`SELECT ${ENTITY_COLUMNS} FROM entities e WHERE e.type = ? AND e.article_count >= ?
          ORDER BY e.article_count DESC, e.name LIMIT ? OFFSET ?`),
      count: db.prepare('SELECT count(*) AS n FROM entities WHERE article_count > 0'),
      articles: db.prepare(`SELECT article_id, time, count, first_position FROM article_entities
          WHERE entity_id = ? AND time < ? ORDER BY time DESC, article_id LIMIT ?`),
      days: db.prepare('SELECT day, mentions FROM entity_days WHERE entity_id = ? ORDER BY day'),
      latestIds: db.prepare('SELECT article_id, time FROM article_entities WHERE entity_id = ? ORDER BY time DESC LIMIT ?'),
      df: db.prepare('SELECT id, article_count FROM entities WHERE id IN (SELECT value FROM json_each(?))'),
    };
  }

  async lookup(key: string): Promise<EntityRecord[]> {
    return (await this.lookupMany([key])).get(key) ?? [];
  }

  async lookupMany(keys: readonly string[]): Promise<Map<string, EntityRecord[]>> {
    if (!keys.length) return new Map();
    return groupByKey(this.stmt.lookup.all(JSON.stringify(keys)) as (EntityRow & { key: string })[]);
  }

  async putMentions(article: ArticleRef, mentions: readonly StoredMention[]): Promise<void> {
    const next = mergeByEntity(mentions);
    const { day, time } = articleTime(article);
    this.db.transaction(() => {
      const old = this.takeMentions(article.id);
      const { articleDelta, dayDelta } = mentionDeltas(old, next, day);
      if (next.length) {
        // The stored aliases of the entities, so that only new surface forms are appended and indexed.
        const current = new Map((this.stmt.currentAliases.all(JSON.stringify(next.map((m) => m.entityId))) as { id: string; aliases: string }[]).map((r) => [r.id, JSON.parse(r.aliases) as string[]]));
        const rows: unknown[] = [];
        const toIndex: StoredMention[] = [];
        for (const m of next) {
          const stored = current.get(m.entityId);
          const added = stored ? m.aliases.filter((a) => !stored.includes(a)) : m.aliases;
          rows.push([m.entityId, m.name, m.type, stored ? [...stored, ...added] : m.aliases, articleDelta.get(m.entityId) ?? 0]);
          if (!stored || added.length) toIndex.push({ ...m, aliases: added });
        }
        this.stmt.upsertEntities.run(JSON.stringify(rows));
        if (toIndex.length) this.stmt.insertKeys.run(JSON.stringify(aliasKeyRows(toIndex)));
        this.stmt.insertMentions.run(article.id, day, time, JSON.stringify(next.map((m) => [m.entityId, m.count, m.firstPosition, m.aliases])));
      }
      this.applyDeltas(articleDelta, dayDelta, new Set(next.map((m) => m.entityId)));
    })();
  }

  async removeArticle(articleId: string): Promise<void> {
    this.db.transaction(() => {
      const { articleDelta, dayDelta } = mentionDeltas(this.takeMentions(articleId), [], null);
      this.applyDeltas(articleDelta, dayDelta, new Set());
    })();
  }

  /** Deletes the article's mention rows and returns them. */
  private takeMentions(articleId: string): OldMention[] {
    return (this.stmt.deleteMentions.all(articleId) as { entity_id: string; count: number; day: string | null }[]).map((r) => ({ entityId: r.entity_id, count: r.count, day: r.day }));
  }

  /** Applies what `putMentions` did not: count decrements of entities no longer mentioned, and the days. */
  private applyDeltas(articleDelta: Map<string, number>, dayDelta: ReturnType<typeof mentionDeltas>['dayDelta'], upserted: Set<string>): void {
    const dropped = [...articleDelta].filter(([id, d]) => d !== 0 && !upserted.has(id));
    if (dayDelta.size) {
      this.stmt.addDays.run(JSON.stringify([...dayDelta.values()].map((d) => [d.entityId, d.day, d.delta])));
      const shrunk = [...new Set([...dayDelta.values()].filter((d) => d.delta < 0).map((d) => d.entityId))];
      if (shrunk.length) this.stmt.deleteEmptyDays.run(JSON.stringify(shrunk));
    }
    if (dropped.length) {
      this.stmt.adjustCounts.run(JSON.stringify(dropped));
      this.stmt.deleteUnmentioned.run(JSON.stringify(dropped.map(([id]) => id)));
    }
  }

  async forArticle(articleId: string): Promise<StoredMention[]> {
    return orderMentions((this.stmt.forArticle.all(articleId) as MentionRow[]).map(toStoredMention));
  }

  async forArticles(articleIds: readonly string[]): Promise<Map<string, StoredMention[]>> {
    if (!articleIds.length) return new Map();
    return groupByArticle(this.stmt.forArticles.all(JSON.stringify(articleIds)) as MentionRow[]);
  }

  async get(id: string): Promise<EntityRecord | undefined> {
    const row = this.stmt.get.get(id) as EntityRow | undefined;
    return row ? toEntityRecord(row) : undefined;
  }

  async findByName(nameOrAlias: string, type?: EntityType): Promise<EntityRecord[]> {
    return findByNameVia((keys) => this.lookupMany(keys), nameOrAlias, type);
  }

  async list(options: EntityListOptions): Promise<EntityRecord[]> {
    const min = Math.max(1, options.minArticles ?? 1);
    const rows = options.type
      ? this.stmt.listType.all(options.type, min, options.limit, options.offset ?? 0)
      : this.stmt.list.all(min, options.limit, options.offset ?? 0);
    return (rows as EntityRow[]).map(toEntityRecord);
  }

  async count(): Promise<number> {
    return (this.stmt.count.get() as { n: number }).n;
  }

  async articles(entityId: string, options: { limit: number; before?: string }): Promise<MentioningArticle[]> {
    const rows = this.stmt.articles.all(entityId, options.before ?? '9999', options.limit) as { article_id: string; time: string; count: number; first_position: number }[];
    return rows.map((r) => ({ articleId: r.article_id, time: r.time, count: r.count, firstPosition: r.first_position }));
  }

  async mentionsPerDay(entityId: string): Promise<EntityDay[]> {
    return this.stmt.days.all(entityId) as EntityDay[];
  }

  async articleIdsSharing(entityIds: readonly string[], limit: number): Promise<string[]> {
    // One index range per entity (its latest `limit` articles), merged: never a scan of a common entity.
    const latest = new Map<string, string>();
    for (const id of new Set(entityIds)) {
      for (const r of this.stmt.latestIds.all(id, limit) as { article_id: string; time: string }[]) latest.set(r.article_id, r.time);
    }
    return [...latest].sort((a, b) => (a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : a[0].localeCompare(b[0]))).slice(0, limit).map(([id]) => id);
  }

  async documentFrequency(entityIds: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>(entityIds.map((id) => [id, 0]));
    if (!entityIds.length) return out;
    for (const r of this.stmt.df.all(JSON.stringify(entityIds)) as { id: string; article_count: number }[]) out.set(r.id, r.article_count);
    return out;
  }
}
