/**
 * PostgreSQL entity repository (tables: see ../entities.ts). Storing an article's mentions is two round
 * trips (three when counts drop to zero): its old rows are deleted and returned, then one statement
 * upserts the entities, their keys, the mentions and the day counts. The pipeline holds lockAnalysis()
 * around resolution and writing, so writers are serialised; the upserts still use ON CONFLICT, in id order,
 * so that a writer outside it converges instead of failing.
 */
import type { EntityType } from '../../model.ts';
import type { ArticleRef, EntityDay, EntityListOptions, EntityRecord, EntityRepository, MentioningArticle, OldMention, StoredMention } from '../entities.ts';
import {
  ENTITY_COLUMNS, MENTION_SELECT, aliasKeyRows, articleTime, findByNameVia, groupByArticle, groupByKey, mentionDeltas, mergeByEntity,
  orderMentions, toEntityRecord, toStoredMention, type EntityRow, type MentionRow,
} from '../entities.ts';
import type { Migration } from '../migrations.ts';
import type { Queryable } from './store.ts';

export const pgEntityMigrations: Migration[] = [
  {
    id: '003-entities',
    sql: `
      CREATE TABLE entities (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        type TEXT NOT NULL CHECK (type IN ('person', 'organisation', 'place', 'contributor')),
        aliases JSONB NOT NULL DEFAULT '[]',
        article_count INTEGER NOT NULL DEFAULT 0
      );
      -- One index for the listings (by type, most articles first); every new mention updates it, so
      -- there is no second one for the listing of all types (a top-N sort of the entities).
      CREATE INDEX entities_by_type_count ON entities(type, article_count DESC);
      CREATE TABLE entity_aliases (
        key TEXT NOT NULL,
        entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        PRIMARY KEY (key, entity_id)
      );
      CREATE INDEX entity_aliases_entity ON entity_aliases(entity_id);
      CREATE TABLE article_entities (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        entity_id TEXT NOT NULL REFERENCES entities(id),
        count INTEGER NOT NULL,
        first_position INTEGER NOT NULL,
        surfaces JSONB NOT NULL,
        day TEXT,
        time TEXT NOT NULL,
        PRIMARY KEY (article_id, entity_id)
      );
      CREATE INDEX article_entities_entity ON article_entities(entity_id, time DESC, article_id);
      CREATE TABLE entity_days (
        entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        day TEXT NOT NULL,
        mentions INTEGER NOT NULL,
        PRIMARY KEY (entity_id, day)
      );
    `,
  },
];

export const pgEntityChecks = [
  {
    name: 'entity mentions of missing or duplicate articles',
    sql: `SELECT count(*)::int AS n FROM article_entities m WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = m.article_id AND a.duplicate_of IS NULL)`,
  },
  {
    name: 'entity mentions of missing entities',
    sql: `SELECT count(*)::int AS n FROM article_entities m WHERE NOT EXISTS (SELECT 1 FROM entities e WHERE e.id = m.entity_id)`,
  },
  {
    name: 'entity article counts out of step with their mentions',
    sql: `SELECT count(*)::int AS n FROM entities e WHERE e.article_count <> (SELECT count(*) FROM article_entities m WHERE m.entity_id = e.id)`,
  },
  { name: 'entities mentioned in no article', sql: 'SELECT count(*)::int AS n FROM entities WHERE article_count <= 0' },
  {
    name: 'entity mentions per day out of step with their mentions',
    sql: `SELECT count(*)::int AS n FROM entity_days d FULL JOIN
        (SELECT entity_id, day, sum(count)::int AS mentions FROM article_entities WHERE day IS NOT NULL GROUP BY entity_id, day) m
        ON m.entity_id = d.entity_id AND m.day = d.day
      WHERE d.mentions IS DISTINCT FROM m.mentions`,
  },
  {
    name: 'entities not indexed under their name',
    sql: `SELECT count(*)::int AS n FROM entities e WHERE NOT EXISTS (SELECT 1 FROM entity_aliases k WHERE k.entity_id = e.id)`,
  },
];

/**
 * One statement: entities created or updated (count delta, new surface forms appended), their keys, the
 * mention rows, the day counts, and the count decrements of entities the article no longer mentions.
 * $1 article id, $2 day, $3 time, $4 mentions, $5 keys, $6 day deltas, $7 dropped entities (all jsonb).
 */
const WRITE_MENTIONS = `
  WITH m AS (
    SELECT * FROM jsonb_to_recordset($4::jsonb) AS x(id text, name text, type text, aliases jsonb, delta int, count int, pos int)
  ), upserted AS (
    INSERT INTO entities AS e (id, name, type, aliases, article_count)
    SELECT id, name, type, aliases, delta FROM m ORDER BY id
    ON CONFLICT (id) DO UPDATE SET
      article_count = e.article_count + EXCLUDED.article_count,
      aliases = e.aliases || coalesce((SELECT jsonb_agg(a) FROM jsonb_array_elements(EXCLUDED.aliases) a WHERE NOT e.aliases @> jsonb_build_array(a)), '[]')
    WHERE EXCLUDED.article_count <> 0 OR NOT e.aliases @> EXCLUDED.aliases
    RETURNING 1
  ), keys AS (
    INSERT INTO entity_aliases (key, entity_id)
    SELECT k ->> 0, k ->> 1 FROM jsonb_array_elements($5::jsonb) k ORDER BY 1, 2
    ON CONFLICT DO NOTHING
    RETURNING 1
  ), days AS (
    INSERT INTO entity_days (entity_id, day, mentions)
    SELECT d ->> 0, d ->> 1, (d ->> 2)::int FROM jsonb_array_elements($6::jsonb) d ORDER BY 1, 2
    ON CONFLICT (entity_id, day) DO UPDATE SET mentions = entity_days.mentions + EXCLUDED.mentions
    RETURNING 1
  ), dropped AS (
    UPDATE entities e SET article_count = e.article_count + (d ->> 1)::int
    FROM jsonb_array_elements($7::jsonb) d WHERE e.id = d ->> 0
    RETURNING 1
  )
  INSERT INTO article_entities (article_id, entity_id, count, first_position, surfaces, day, time)
  SELECT $1, id, count, pos, aliases, $2, $3 FROM m`;

export class PgEntities implements EntityRepository {
  constructor(private readonly db: Queryable) {}

  async lookup(key: string): Promise<EntityRecord[]> {
    return (await this.lookupMany([key])).get(key) ?? [];
  }

  async lookupMany(keys: readonly string[]): Promise<Map<string, EntityRecord[]>> {
    if (!keys.length) return new Map();
    const { rows } = await this.db.query<EntityRow & { key: string }>(
      `SELECT k.key, ${ENTITY_COLUMNS} FROM entity_aliases k JOIN entities e ON e.id = k.entity_id WHERE k.key = ANY($1)`,
      [keys],
    );
    return groupByKey(rows);
  }

  async putMentions(article: ArticleRef, mentions: readonly StoredMention[]): Promise<void> {
    const { day, time } = articleTime(article);
    await this.replace(article.id, day, time, mergeByEntity(mentions));
  }

  async removeArticle(articleId: string): Promise<void> {
    await this.replace(articleId, null, '', []);
  }

  private async replace(articleId: string, day: string | null, time: string, next: StoredMention[]): Promise<void> {
    const old = await this.takeMentions(articleId);
    const { articleDelta, dayDelta } = mentionDeltas(old, next, day);
    const kept = new Set(next.map((m) => m.entityId));
    const dropped = [...articleDelta].filter(([id, d]) => d !== 0 && !kept.has(id));
    if (next.length || dayDelta.size || dropped.length) {
      await this.db.query(WRITE_MENTIONS, [
        articleId,
        day,
        time,
        JSON.stringify(next.map((m) => ({ id: m.entityId, name: m.name, type: m.type, aliases: m.aliases, delta: articleDelta.get(m.entityId) ?? 0, count: m.count, pos: m.firstPosition }))),
        JSON.stringify(aliasKeyRows(next)),
        JSON.stringify([...dayDelta.values()].map((d) => [d.entityId, d.day, d.delta])),
        JSON.stringify(dropped),
      ]);
    }
    await this.deleteEmpty(dropped.map(([id]) => id), [...dayDelta.values()].filter((d) => d.delta < 0).map((d) => d.entityId));
  }

  /** Deletes the article's mention rows and returns them. */
  private async takeMentions(articleId: string): Promise<OldMention[]> {
    const { rows } = await this.db.query<{ entity_id: string; count: number; day: string | null }>(
      'DELETE FROM article_entities WHERE article_id = $1 RETURNING entity_id, count, day',
      [articleId],
    );
    return rows.map((r) => ({ entityId: r.entity_id, count: r.count, day: r.day }));
  }

  /** Removes day rows that fell to zero and entities no article mentions any more (their keys and days cascade). */
  private async deleteEmpty(droppedEntities: string[], shrunkDays: string[]): Promise<void> {
    if (!droppedEntities.length && !shrunkDays.length) return;
    await this.db.query(
      `WITH d AS (DELETE FROM entity_days WHERE mentions <= 0 AND entity_id = ANY($2) RETURNING 1)
       DELETE FROM entities WHERE article_count <= 0 AND id = ANY($1)`,
      [droppedEntities, [...new Set(shrunkDays)]],
    );
  }

  async forArticle(articleId: string): Promise<StoredMention[]> {
    const { rows } = await this.db.query<MentionRow>(`${MENTION_SELECT} WHERE m.article_id = $1`, [articleId]);
    return orderMentions(rows.map(toStoredMention));
  }

  async forArticles(articleIds: readonly string[]): Promise<Map<string, StoredMention[]>> {
    if (!articleIds.length) return new Map();
    const { rows } = await this.db.query<MentionRow>(`${MENTION_SELECT} WHERE m.article_id = ANY($1)`, [articleIds]);
    return groupByArticle(rows);
  }

  async get(id: string): Promise<EntityRecord | undefined> {
    const { rows } = await this.db.query<EntityRow>(`SELECT ${ENTITY_COLUMNS} FROM entities e WHERE e.id = $1`, [id]);
    return rows[0] ? toEntityRecord(rows[0]) : undefined;
  }

  async findByName(nameOrAlias: string, type?: EntityType): Promise<EntityRecord[]> {
    return findByNameVia((keys) => this.lookupMany(keys), nameOrAlias, type);
  }

  async list(options: EntityListOptions): Promise<EntityRecord[]> {
    const min = Math.max(1, options.minArticles ?? 1);
    const { rows } = options.type
      ? await this.db.query<EntityRow>(
          `SELECT ${ENTITY_COLUMNS} FROM entities e WHERE e.type = $1 AND e.article_count >= $2
           ORDER BY e.article_count DESC, e.name LIMIT $3 OFFSET $4`,
          [options.type, min, options.limit, options.offset ?? 0],
        )
      : await this.db.query<EntityRow>(
          `SELECT ${ENTITY_COLUMNS} FROM entities e WHERE e.article_count >= $1
           ORDER BY e.article_count DESC, e.name LIMIT $2 OFFSET $3`,
          [min, options.limit, options.offset ?? 0],
        );
    return rows.map(toEntityRecord);
  }

  async count(): Promise<number> {
    return (await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM entities WHERE article_count > 0')).rows[0]!.n;
  }

  async articles(entityId: string, options: { limit: number; before?: string }): Promise<MentioningArticle[]> {
    const { rows } = await this.db.query<{ article_id: string; time: string; count: number; first_position: number }>(
      `SELECT article_id, time, count, first_position FROM article_entities
       WHERE entity_id = $1 AND time < $2 ORDER BY time DESC, article_id LIMIT $3`,
      [entityId, options.before ?? '9999', options.limit],
    );
    return rows.map((r) => ({ articleId: r.article_id, time: r.time, count: r.count, firstPosition: r.first_position }));
  }

  async mentionsPerDay(entityId: string): Promise<EntityDay[]> {
    const { rows } = await this.db.query<EntityDay>('SELECT day, mentions FROM entity_days WHERE entity_id = $1 ORDER BY day', [entityId]);
    return rows;
  }

  async articleIdsSharing(entityIds: readonly string[], limit: number): Promise<string[]> {
    if (!entityIds.length || limit <= 0) return [];
    // One index range per entity (its latest `limit` articles), merged: never a scan of a common entity.
    const { rows } = await this.db.query<{ article_id: string }>(
      `SELECT x.article_id FROM unnest($1::text[]) AS q(id)
       CROSS JOIN LATERAL (SELECT article_id, time FROM article_entities WHERE entity_id = q.id ORDER BY time DESC LIMIT $2) x
       GROUP BY x.article_id ORDER BY max(x.time) DESC, x.article_id LIMIT $2`,
      [[...new Set(entityIds)], limit],
    );
    return rows.map((r) => r.article_id);
  }

  async documentFrequency(entityIds: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>(entityIds.map((id) => [id, 0]));
    if (!entityIds.length) return out;
    const { rows } = await this.db.query<{ id: string; article_count: number }>('SELECT id, article_count FROM entities WHERE id = ANY($1)', [entityIds]);
    for (const r of rows) out.set(r.id, r.article_count);
    return out;
  }
}
