/**
 * PostgreSQL related rails: one row per rail (entries as JSONB), candidate lists; impact-ordered term postings for "more like
 * this"; an entity index for rarity and candidates.
 */
import type { RailEntry } from '../../model.ts';
import { RelatedReasonSchema } from '../../model.ts';
import { NO_REASONS, vectorJson, type CandidateChange, type CandidateEntry, type CandidateHead, type EntityIndex, type EntityRef, type RailHead, type RelatedProfile, type RelatedRepository, type ScoredId, type WeightedTerm } from '../related.ts';
import { heaviestTerms } from '../postings.ts';
import type { Migration } from '../migrations.ts';
import type { Queryable } from './store.ts';

export const pgRelatedMigrations: Migration[] = [
  {
    id: '005-related',
    sql: `
      CREATE TABLE related_rails (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        rank INTEGER NOT NULL,
        related_id TEXT NOT NULL,
        score DOUBLE PRECISION NOT NULL,
        reasons JSONB NOT NULL,
        PRIMARY KEY (article_id, rank)
      );
      CREATE INDEX related_rails_related ON related_rails(related_id);
      CREATE TABLE related_entities (
        entity TEXT NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        PRIMARY KEY (entity, article_id)
      );
      CREATE INDEX related_entities_article ON related_entities(article_id);
      CREATE TABLE related_profiles (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        archive_size INTEGER NOT NULL,
        terms JSONB NOT NULL,
        entities JSONB NOT NULL
      );
    `,
  },
  {
    id: '008-related-candidates',
    sql: `
      CREATE TABLE related_candidates (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        related_id TEXT NOT NULL,
        score DOUBLE PRECISION NOT NULL,
        twin BOOLEAN NOT NULL,
        reasons JSONB NOT NULL,
        PRIMARY KEY (article_id, related_id)
      );
      CREATE INDEX related_candidates_related ON related_candidates(related_id);
    `,
  },
  {
    // Impact-ordered postings (term, weight) of each article's 40 heaviest profile terms (RELATED.indexTerms
    // when this was written), filled here from the stored profiles.
    id: '010-related-postings',
    sql: `
      CREATE TABLE related_postings (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        term TEXT NOT NULL,
        weight DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (article_id, term)
      );
      CREATE INDEX related_postings_term ON related_postings(term, weight DESC);
      INSERT INTO related_postings (article_id, term, weight)
        SELECT article_id, key, value FROM (
          SELECT p.article_id, j.key, j.value::float8 AS value, row_number() OVER (PARTITION BY p.article_id ORDER BY j.value::float8 DESC, j.key) AS r
          FROM related_profiles p, jsonb_each_text(p.terms) j
        ) x WHERE r <= 40;
    `,
  },
  {
    // The head of a candidate list (its best non-twin entries) read straight from an index; a stamp per
    // profile, rewritten with it, so parsed profiles could be cached (unused since the store's working
    // set took over the profile cache: see working-set.ts).
    id: '012-related-read-paths',
    sql: `
      CREATE INDEX related_candidates_rank ON related_candidates(article_id, twin, score DESC, related_id);
      ALTER TABLE related_profiles ADD COLUMN stamp BIGINT NOT NULL DEFAULT 0;
    `,
  },
  {
    // Bumped by every analysis transaction under the analysis lock: a process's in-memory working set of
    // candidate lists and rails is current while no other process has bumped it (see lockAnalysis).
    id: '013-analysis-generation',
    sql: `
      CREATE TABLE analysis_generation (id INTEGER PRIMARY KEY CHECK (id = 1), n BIGINT NOT NULL);
      INSERT INTO analysis_generation (id, n) VALUES (1, 0);
    `,
  },
  {
    // A rail as one row (was one row per entry): each new article rewrites 10-40 rails, and one row is a
    // third of the write. Reasons are no longer copied into it: a rail's entries come from its holder's
    // candidate list, whose reasons are joined when the rail is read.
    id: '014-related-rail-rows',
    sql: `
      ALTER TABLE related_rails RENAME TO related_rail_entries;
      CREATE TABLE related_rails (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        entries JSONB NOT NULL
      );
      INSERT INTO related_rails (article_id, entries)
        SELECT article_id, jsonb_agg(jsonb_build_array(related_id, score) ORDER BY rank) FROM related_rail_entries GROUP BY article_id;
      DROP TABLE related_rail_entries;
    `,
  },
  {
    // Profile vectors as [key, weight] pairs, heaviest first (were JSON objects: see vectorJson).
    id: '015-related-profile-pairs',
    sql: `
      UPDATE related_profiles SET
        terms = (SELECT coalesce(jsonb_agg(jsonb_build_array(key, value) ORDER BY value::float8 DESC, key), '[]') FROM jsonb_each(related_profiles.terms)),
        entities = (SELECT coalesce(jsonb_agg(jsonb_build_array(key, value) ORDER BY value::float8 DESC, key), '[]') FROM jsonb_each(related_profiles.entities));
    `,
  },
  {
    // Articles per entity, kept by a trigger (cascades from deleted articles count too): counting index
    // entries for every entity of every arrival grew with the archive (see the SQLite migration 015).
    id: '016-related-entity-counts',
    sql: `
      CREATE TABLE related_entity_df (entity TEXT PRIMARY KEY, n INTEGER NOT NULL);
      INSERT INTO related_entity_df (entity, n) SELECT entity, count(*) FROM related_entities GROUP BY entity;
      CREATE FUNCTION count_related_entities() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO related_entity_df (entity, n) VALUES (NEW.entity, 1)
            ON CONFLICT (entity) DO UPDATE SET n = related_entity_df.n + 1;
        ELSE
          UPDATE related_entity_df SET n = n - 1 WHERE entity = OLD.entity;
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER related_entities_counted AFTER INSERT OR DELETE ON related_entities
        FOR EACH ROW EXECUTE FUNCTION count_related_entities();
    `,
  },
];

/** Rails and candidate lists point only at stored articles (a deleted article leaves both). */
export const pgRelatedChecks = [
  {
    name: 'rail entries of missing articles',
    sql: `SELECT count(*)::int AS n FROM related_rails r, jsonb_array_elements(r.entries) e WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = e ->> 0)`,
  },
  {
    // containing() finds rails through candidate lists: a rail must never hold what its list does not.
    name: "rail entries outside their holder's candidate list",
    sql: `SELECT count(*)::int AS n FROM related_rails r, jsonb_array_elements(r.entries) e
          WHERE NOT EXISTS (SELECT 1 FROM related_candidates c WHERE c.article_id = r.article_id AND c.related_id = e ->> 0)`,
  },
  {
    name: 'entity counts out of step with the entity index',
    sql: `SELECT ((SELECT count(*) FROM (SELECT entity, count(*) AS c FROM related_entities GROUP BY entity) e
                   LEFT JOIN related_entity_df d ON d.entity = e.entity WHERE d.n IS DISTINCT FROM e.c)
          + (SELECT count(*) FROM related_entity_df d WHERE d.n <> 0 AND NOT EXISTS (SELECT 1 FROM related_entities e WHERE e.entity = d.entity)))::int AS n`,
  },
  {
    name: 'candidate-list entries of missing articles',
    sql: 'SELECT count(*)::int AS n FROM related_candidates c WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = c.related_id)',
  },
];

interface RailRow {
  rank: number;
  related_id: string;
  score: number;
  reasons: unknown;
}

function toEntry(r: RailRow): RailEntry {
  return { articleId: r.related_id, rank: r.rank, score: r.score, reasons: RelatedReasonSchema.parse(r.reasons) };
}

/** A stored rail's entries: [related id, score] pairs in rank order (JSONB arrives parsed). */
function toHeads(entries: [string, number][]): RailHead[] {
  return entries.map(([articleId, score]) => ({ articleId, score }));
}

class PgEntityIndex implements EntityIndex {
  constructor(private readonly db: Queryable) {}

  async of(articleIds: readonly string[]): Promise<Map<string, EntityRef[]>> {
    const out = new Map<string, EntityRef[]>();
    if (!articleIds.length) return out;
    const { rows } = await this.db.query<{ article_id: string; entity: string; name: string }>(
      'SELECT article_id, entity, name FROM related_entities WHERE article_id = ANY($1)',
      [articleIds],
    );
    for (const r of rows) {
      let list = out.get(r.article_id);
      if (!list) out.set(r.article_id, (list = []));
      list.push({ key: r.entity, name: r.name });
    }
    return out;
  }

  async frequencies(keys: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>(keys.map((k) => [k, 0]));
    if (!keys.length) return out;
    const { rows } = await this.db.query<{ entity: string; n: number }>(
      'SELECT entity, n FROM related_entity_df WHERE entity = ANY($1)',
      [keys],
    );
    for (const r of rows) out.set(r.entity, r.n);
    return out;
  }

  async articlesWith(keys: readonly string[], limit: number, perKey: number): Promise<string[]> {
    if (!keys.length || limit <= 0) return [];
    const { rows } = await this.db.query<{ article_id: string }>(
      `SELECT x.article_id FROM (SELECT DISTINCT unnest($1::text[]) AS entity) AS k
       CROSS JOIN LATERAL (SELECT article_id FROM related_entities r WHERE r.entity = k.entity ORDER BY article_id LIMIT $3) AS x
       GROUP BY x.article_id ORDER BY count(*) DESC, x.article_id COLLATE "C" LIMIT $2`,
      [keys, limit, perKey],
    );
    return rows.map((r) => r.article_id);
  }
}

export class PgRelated implements RelatedRepository {
  readonly entities: PgEntityIndex;

  constructor(private readonly db: Queryable) {
    this.entities = new PgEntityIndex(db);
  }

  async candidateLists(articleIds: readonly string[], head?: number): Promise<Map<string, CandidateHead[]>> {
    const out = new Map<string, CandidateHead[]>(articleIds.map((id) => [id, []]));
    if (!articleIds.length) return out;
    if (head === undefined) {
      // One row per list, its entries gathered as JSON in the server: a row costs the client more than
      // its share of a JSON text (hundreds of lists are read per arrival).
      const { rows } = await this.db.query<{ article_id: string; entries: [string, number, boolean][] }>(
        `SELECT article_id, jsonb_agg(jsonb_build_array(related_id, score, twin) ORDER BY score DESC, related_id) AS entries
         FROM related_candidates WHERE article_id = ANY($1) GROUP BY article_id`,
        [articleIds],
      );
      for (const r of rows) if (out.has(r.article_id)) out.set(r.article_id, r.entries.map(([articleId, score, twin]) => ({ articleId, score, twin })));
      return out;
    }
    const { rows } = await this.db.query<{ article_id: string; related_id: string; score: number; twin: boolean }>(
      // One indexed read per list (related_candidates_rank), not a window function sorting every entry.
      `SELECT h.article_id, h.related_id, h.score, h.twin FROM unnest($1::text[]) AS ids(id),
         LATERAL (SELECT * FROM related_candidates c WHERE c.article_id = ids.id AND NOT c.twin ORDER BY c.score DESC, c.related_id LIMIT $2) h
       UNION ALL SELECT article_id, related_id, score, twin FROM related_candidates WHERE article_id = ANY($1) AND twin
       ORDER BY article_id, score DESC, related_id`,
      [articleIds, head],
    );
    for (const r of rows) out.get(r.article_id)?.push({ articleId: r.related_id, score: r.score, twin: r.twin });
    return out;
  }

  async updateCandidates(changes: readonly CandidateChange[]): Promise<void> {
    // The changes folded in order into each (holder, related) pair's final state, as applying them one
    // by one would leave it: one DELETE and one INSERT then agree with that (and an INSERT ... ON
    // CONFLICT may not touch a row twice).
    const final = new Map<string, { holderId: string; relatedId: string; entry?: CandidateEntry }>();
    const pair = (holderId: string, relatedId: string) => `${holderId}\u0000${relatedId}`;
    for (const { holderId, add, remove = [] } of changes) {
      for (const relatedId of remove) final.set(pair(holderId, relatedId), { holderId, relatedId });
      for (const entry of add) final.set(pair(holderId, entry.articleId), { holderId, relatedId: entry.articleId, entry });
    }
    const removed = [...final.values()].filter((p) => !p.entry);
    if (removed.length) {
      await this.db.query(
        `DELETE FROM related_candidates c USING unnest($1::text[], $2::text[]) AS d(holder, related)
         WHERE c.article_id = d.holder AND c.related_id = d.related`,
        [removed.map((p) => p.holderId), removed.map((p) => p.relatedId)],
      );
    }
    const rows = [...final.values()].flatMap((p) => (p.entry ? [{ holderId: p.holderId, e: p.entry }] : []));
    if (!rows.length) return;
    await this.db.query(
      `INSERT INTO related_candidates (article_id, related_id, score, twin, reasons)
       SELECT h, id, s, t, re FROM unnest($1::text[], $2::text[], $3::float8[], $4::boolean[], $5::jsonb[]) AS x(h, id, s, t, re)
       ON CONFLICT (article_id, related_id) DO UPDATE SET score = EXCLUDED.score, twin = EXCLUDED.twin, reasons = EXCLUDED.reasons`,
      [rows.map((r) => r.holderId), rows.map((r) => r.e.articleId), rows.map((r) => r.e.score), rows.map((r) => r.e.twin), rows.map((r) => JSON.stringify(r.e.reasons))],
    );
  }

  async putCandidates(articleId: string, entries: readonly CandidateEntry[]): Promise<void> {
    await this.db.query('DELETE FROM related_candidates WHERE article_id = $1', [articleId]);
    await this.updateCandidates([{ holderId: articleId, add: entries }]);
  }

  async removeFromCandidates(articleId: string): Promise<string[]> {
    const { rows } = await this.db.query<{ article_id: string }>('DELETE FROM related_candidates WHERE related_id = $1 RETURNING article_id', [articleId]);
    return rows.map((r) => r.article_id);
  }

  async rail(articleId: string, limit = 1000): Promise<RailEntry[]> {
    // Each entry's reasons are those its holder's candidate list holds.
    const { rows } = await this.db.query<RailRow>(
      `SELECT (x.n - 1)::int AS rank, x.e ->> 0 AS related_id, (x.e ->> 1)::float8 AS score, coalesce(c.reasons, $3::jsonb) AS reasons
       FROM related_rails r CROSS JOIN LATERAL jsonb_array_elements(r.entries) WITH ORDINALITY AS x(e, n)
       LEFT JOIN related_candidates c ON c.article_id = r.article_id AND c.related_id = x.e ->> 0
       WHERE r.article_id = $1 ORDER BY x.n LIMIT $2`,
      [articleId, limit, JSON.stringify(NO_REASONS)],
    );
    return rows.map(toEntry);
  }

  async putRail(articleId: string, entries: readonly RailHead[]): Promise<void> {
    if (!entries.length) {
      await this.db.query('DELETE FROM related_rails WHERE article_id = $1', [articleId]);
      return;
    }
    await this.db.query(
      'INSERT INTO related_rails (article_id, entries) VALUES ($1, $2) ON CONFLICT (article_id) DO UPDATE SET entries = EXCLUDED.entries',
      [articleId, JSON.stringify(entries.map((e) => [e.articleId, e.score]))],
    );
  }

  async railHeads(articleIds: readonly string[]): Promise<Map<string, RailHead[]>> {
    const out = new Map<string, RailHead[]>(articleIds.map((id) => [id, []]));
    if (!articleIds.length) return out;
    const { rows } = await this.db.query<{ article_id: string; entries: [string, number][] }>(
      'SELECT article_id, entries FROM related_rails WHERE article_id = ANY($1)',
      [articleIds],
    );
    for (const r of rows) out.set(r.article_id, toHeads(r.entries));
    return out;
  }

  async removeFromRail(holderId: string, relatedId: string): Promise<void> {
    const { rows } = await this.db.query<{ entries: [string, number][] }>('SELECT entries FROM related_rails WHERE article_id = $1', [holderId]);
    if (rows[0]) await this.putRail(holderId, toHeads(rows[0].entries).filter((e) => e.articleId !== relatedId));
  }

  async profiles(articleIds: readonly string[]): Promise<Map<string, RelatedProfile>> {
    if (!articleIds.length) return new Map();
    const { rows } = await this.db.query<{ article_id: string; archive_size: number; terms: [string, number][]; entities: [string, number][] }>(
      'SELECT article_id, archive_size, terms, entities FROM related_profiles WHERE article_id = ANY($1)',
      [articleIds],
    );
    return new Map(rows.map((r) => [r.article_id, { archiveSize: r.archive_size, terms: new Map(r.terms), entities: new Map(r.entities) }]));
  }

  async putProfile(articleId: string, profile: RelatedProfile, indexTerms: number): Promise<void> {
    await this.db.query(
      `INSERT INTO related_profiles (article_id, archive_size, terms, entities) VALUES ($1, $2, $3, $4)
       ON CONFLICT (article_id) DO UPDATE SET archive_size = EXCLUDED.archive_size, terms = EXCLUDED.terms, entities = EXCLUDED.entities`,
      [articleId, profile.archiveSize, vectorJson(profile.terms), vectorJson(profile.entities)],
    );
    await this.db.query('DELETE FROM related_postings WHERE article_id = $1', [articleId]);
    const postings = heaviestTerms(profile.terms, indexTerms);
    if (!postings.length) return;
    await this.db.query(
      'INSERT INTO related_postings (article_id, term, weight) SELECT $1, t, w FROM unnest($2::text[], $3::float8[]) AS x(t, w)',
      [articleId, postings.map((p) => p.term), postings.map((p) => p.weight)],
    );
  }

  async containing(articleId: string): Promise<string[]> {
    const { rows } = await this.db.query<{ article_id: string }>(
      // Found through the candidate lists holding it: a rail is drawn from its holder's list (check() verifies it).
      `SELECT c.article_id FROM related_candidates c JOIN related_rails r ON r.article_id = c.article_id
       WHERE c.related_id = $1 AND EXISTS (SELECT 1 FROM jsonb_array_elements(r.entries) e WHERE e ->> 0 = c.related_id) ORDER BY c.article_id`,
      [articleId],
    );
    return rows.map((r) => r.article_id);
  }

  async remove(articleId: string): Promise<void> {
    await this.db.query('DELETE FROM related_rails WHERE article_id = $1', [articleId]);
    await this.db.query('DELETE FROM related_candidates WHERE article_id = $1', [articleId]);
    await this.db.query('DELETE FROM related_entities WHERE article_id = $1', [articleId]);
    await this.db.query('DELETE FROM related_profiles WHERE article_id = $1', [articleId]);
    await this.db.query('DELETE FROM related_postings WHERE article_id = $1', [articleId]);
  }

  async similarByTerms(query: readonly WeightedTerm[], perTerm: number, limit: number, excludeId?: string): Promise<ScoredId[]> {
    if (!query.length || limit <= 0) return [];
    // One round trip: for each query term, its perTerm heaviest postings (an index range on (term, weight)),
    // summed per article in the server: up to queryTerms x perTerm postings, but only `limit` rows back.
    const { rows } = await this.db.query<{ article_id: string; score: number }>(
      `SELECT p.article_id, sum(p.weight * q.w) AS score
       FROM unnest($1::text[], $2::float8[]) AS q(t, w)
       CROSS JOIN LATERAL (SELECT article_id, weight FROM related_postings WHERE term = q.t ORDER BY weight DESC LIMIT $3) p
       WHERE p.article_id IS DISTINCT FROM $4::text
       GROUP BY p.article_id ORDER BY score DESC, p.article_id COLLATE "C" LIMIT $5`,
      [query.map((q) => q.term), query.map((q) => q.weight), perTerm, excludeId ?? null, limit],
    );
    return rows.map((r) => ({ id: r.article_id, score: r.score }));
  }

  async publishedAt(articleIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (!articleIds.length) return out;
    const { rows } = await this.db.query<{ id: string; published_at: string }>(
      'SELECT id, published_at FROM articles WHERE id = ANY($1) AND published_at IS NOT NULL',
      [articleIds],
    );
    for (const r of rows) out.set(r.id, r.published_at);
    return out;
  }

  async putEntities(articleId: string, entities: readonly EntityRef[]): Promise<void> {
    await this.db.query('DELETE FROM related_entities WHERE article_id = $1', [articleId]);
    if (!entities.length) return;
    await this.db.query(
      `INSERT INTO related_entities (entity, article_id, name) SELECT k, $1, n FROM unnest($2::text[], $3::text[]) AS x(k, n)
       ON CONFLICT DO NOTHING`,
      [articleId, entities.map((e) => e.key), entities.map((e) => e.name)],
    );
  }
}
