/** SQLite related rails: one row per rail (entries as JSON), candidate lists, impact-ordered term postings, an entity index. */
import type { RailEntry } from '../../model.ts';
import { RelatedReasonSchema } from '../../model.ts';
import { NO_REASONS, vectorJson, type CandidateChange, type CandidateEntry, type CandidateHead, type EntityIndex, type EntityRef, type RailHead, type RelatedProfile, type RelatedRepository, type ScoredId, type WeightedTerm } from '../related.ts';
import { heaviestTerms, rankPostings, sumPostings } from '../postings.ts';
import { postingsReader } from './postings.ts';
import { headOf } from '../working-set.ts';
import type { Migration } from '../migrations.ts';
import { rebuildAsRowidTable } from './rowid-tables.ts';
import type { Db } from './store.ts';

export const relatedMigrations: Migration[] = [
  {
    id: '005-related',
    sql: `
      CREATE TABLE related_rails (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        rank INTEGER NOT NULL,
        related_id TEXT NOT NULL,
        score REAL NOT NULL,
        reasons TEXT NOT NULL,
        PRIMARY KEY (article_id, rank)
      ) WITHOUT ROWID;
      CREATE INDEX related_rails_related ON related_rails(related_id);
      CREATE TABLE related_entities (
        entity TEXT NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        PRIMARY KEY (entity, article_id)
      ) WITHOUT ROWID;
      CREATE INDEX related_entities_article ON related_entities(article_id);
      CREATE TABLE related_profiles (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        archive_size INTEGER NOT NULL,
        terms TEXT NOT NULL,
        entities TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    id: '008-related-candidates',
    sql: `
      CREATE TABLE related_candidates (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        related_id TEXT NOT NULL,
        score REAL NOT NULL,
        twin INTEGER NOT NULL,
        reasons TEXT NOT NULL,
        PRIMARY KEY (article_id, related_id)
      ) WITHOUT ROWID;
      CREATE INDEX related_candidates_related ON related_candidates(related_id);
    `,
  },
  {
    // Impact-ordered postings (term, weight) of each article's 40 heaviest profile terms (RELATED.indexTerms
    // when this was written), filled here from the stored profiles.
    id: '010-related-postings',
    sql: `
      CREATE TABLE related_postings (
        term TEXT NOT NULL,
        weight REAL NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (term, weight, article_id)
      ) WITHOUT ROWID;
      CREATE INDEX related_postings_article ON related_postings(article_id);
      INSERT INTO related_postings (term, weight, article_id)
        SELECT key, value, article_id FROM (
          SELECT p.article_id, j.key, j.value, row_number() OVER (PARTITION BY p.article_id ORDER BY j.value DESC, j.key) AS r
          FROM related_profiles p, json_each(p.terms) j
        ) WHERE r <= 40;
    `,
  },
  {
    // The head of a candidate list (its best non-twin entries) read straight from an index; a stamp per
    // profile, rewritten with it, so parsed profiles could be cached (unused since the store's working
    // set took over the profile cache: see working-set.ts).
    id: '012-related-read-paths',
    sql: `
      CREATE INDEX related_candidates_rank ON related_candidates(article_id, twin, score DESC, related_id);
      ALTER TABLE related_profiles ADD COLUMN stamp INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    // A rail as one row (was one row per entry): each new article rewrites 10-40 rails, and one row is a
    // third of the write. Reasons are no longer copied into it: a rail's entries come from its holder's
    // candidate list, whose reasons are joined when the rail is read.
    id: '013-related-rail-rows',
    sql: `
      ALTER TABLE related_rails RENAME TO related_rail_entries;
      CREATE TABLE related_rails (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        entries TEXT NOT NULL
      ) WITHOUT ROWID;
      INSERT INTO related_rails (article_id, entries)
        SELECT article_id, json_group_array(json_array(related_id, score) ORDER BY rank) FROM related_rail_entries GROUP BY article_id;
      DROP TABLE related_rail_entries;
    `,
  },
  {
    // Profile vectors as [key, weight] pairs, heaviest first (were JSON objects: see vectorJson).
    id: '014-related-profile-pairs',
    sql: `
      UPDATE related_profiles SET
        terms = (SELECT json_group_array(json_array(key, value) ORDER BY value DESC, key) FROM json_each(related_profiles.terms)),
        entities = (SELECT json_group_array(json_array(key, value) ORDER BY value DESC, key) FROM json_each(related_profiles.entities));
    `,
  },
  {
    // Articles per entity, kept by triggers (so cascades from deleted articles count too): every arrival
    // asks for the frequency of each of its entities, and counting index entries grew with the archive
    // (12 ms per arrival at 100k articles). Two statements in the insert trigger, not an upsert: the
    // INSERT OR IGNORE that fires it would override the upsert's conflict clause.
    id: '015-related-entity-counts',
    sql: `
      CREATE TABLE related_entity_df (entity TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
      INSERT INTO related_entity_df (entity, n) SELECT entity, count(*) FROM related_entities GROUP BY entity;
      CREATE TRIGGER related_entity_counted AFTER INSERT ON related_entities BEGIN
        INSERT OR IGNORE INTO related_entity_df (entity, n) VALUES (NEW.entity, 0);
        UPDATE related_entity_df SET n = n + 1 WHERE entity = NEW.entity;
      END;
      CREATE TRIGGER related_entity_uncounted AFTER DELETE ON related_entities BEGIN
        UPDATE related_entity_df SET n = n - 1 WHERE entity = OLD.entity;
      END;
    `,
  },
  {
    // Every arrival reads its candidates' publication dates (the time factor). From the articles table
    // that is one page of a large row per candidate, scattered over the whole file; this index answers
    // from a few small pages (at 100k articles, just opened: 2.99 -> 0.66 ms of each arrival).
    id: '018-related-article-dates',
    sql: 'CREATE INDEX articles_id_published ON articles(id, published_at)',
  },
  {
    // A profile is a few KB (up to 200 terms and 32 entities): an ordinary table, not WITHOUT ROWID (see
    // rowid-tables.ts). The unused stamp column of 012 is left behind.
    id: '021-related-profiles-rowid',
    sql: rebuildAsRowidTable(
      'related_profiles',
      `article_id TEXT PRIMARY KEY NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
       archive_size INTEGER NOT NULL, terms TEXT NOT NULL, entities TEXT NOT NULL`,
      'article_id, archive_size, terms, entities',
    ),
  },
];

/** Rails and candidate lists point only at stored articles (a deleted article leaves both). */
export const relatedChecks = [
  {
    name: 'rail entries of missing articles',
    sql: `SELECT count(*) AS n FROM related_rails r, json_each(r.entries) j WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = j.value ->> 0)`,
  },
  {
    // containing() finds rails through candidate lists: a rail must never hold what its list does not.
    name: "rail entries outside their holder's candidate list",
    sql: `SELECT count(*) AS n FROM related_rails r, json_each(r.entries) j
          WHERE NOT EXISTS (SELECT 1 FROM related_candidates c WHERE c.article_id = r.article_id AND c.related_id = j.value ->> 0)`,
  },
  {
    name: 'entity counts out of step with the entity index',
    sql: `SELECT (SELECT count(*) FROM (SELECT entity, count(*) AS c FROM related_entities GROUP BY entity) e
                   LEFT JOIN related_entity_df d ON d.entity = e.entity WHERE d.n IS NOT e.c)
          + (SELECT count(*) FROM related_entity_df d WHERE d.n <> 0 AND NOT EXISTS (SELECT 1 FROM related_entities e WHERE e.entity = d.entity)) AS n`,
  },
  {
    name: 'candidate-list entries of missing articles',
    sql: 'SELECT count(*) AS n FROM related_candidates c WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = c.related_id)',
  },
];

interface RailRow {
  rank: number;
  related_id: string;
  score: number;
  reasons: string;
}

function toEntry(r: RailRow): RailEntry {
  return { articleId: r.related_id, rank: r.rank, score: r.score, reasons: RelatedReasonSchema.parse(JSON.parse(r.reasons)) };
}

/** A stored rail's entries: [related id, score] pairs in rank order. */
type RailJson = [string, number][];

function toHeads(entries: string): RailHead[] {
  return (JSON.parse(entries) as RailJson).map(([articleId, score]) => ({ articleId, score }));
}

class SqliteEntityIndex implements EntityIndex {
  private readonly stmt;

  constructor(db: Db) {
    this.stmt = {
      of: db.prepare('SELECT article_id, entity, name FROM related_entities WHERE article_id IN (SELECT value FROM json_each(?))'),
      freq: db.prepare('SELECT entity, n FROM related_entity_df WHERE entity IN (SELECT value FROM json_each(?))'),
      // SQLite has no LATERAL join: one bounded read per key, counted in JavaScript (a handful of keys).
      with: db.prepare('SELECT article_id FROM related_entities WHERE entity = ? ORDER BY article_id LIMIT ?').pluck(),
    };
  }

  async of(articleIds: readonly string[]): Promise<Map<string, EntityRef[]>> {
    const out = new Map<string, EntityRef[]>();
    if (!articleIds.length) return out;
    for (const r of this.stmt.of.all(JSON.stringify(articleIds)) as { article_id: string; entity: string; name: string }[]) {
      let list = out.get(r.article_id);
      if (!list) out.set(r.article_id, (list = []));
      list.push({ key: r.entity, name: r.name });
    }
    return out;
  }

  async frequencies(keys: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>(keys.map((k) => [k, 0]));
    if (!keys.length) return out;
    for (const r of this.stmt.freq.all(JSON.stringify(keys)) as { entity: string; n: number }[]) out.set(r.entity, r.n);
    return out;
  }

  async articlesWith(keys: readonly string[], limit: number, perKey: number): Promise<string[]> {
    if (!keys.length || limit <= 0) return [];
    // Each key read counts one for each of its articles: ranked like postings (most keys first, ties by id).
    const hits = [...new Set(keys)].flatMap((key) => (this.stmt.with.all(key, perKey) as string[]).map((id) => ({ id, score: 1 })));
    return rankPostings(hits, limit).map((h) => h.id);
  }
}

export class SqliteRelated implements RelatedRepository {
  readonly entities: SqliteEntityIndex;
  private readonly stmt;
  private readonly postings;

  constructor(private readonly db: Db) {
    this.entities = new SqliteEntityIndex(db);
    this.postings = postingsReader(db, 'related_postings', 'article_id');
    this.stmt = {
      // Each entry's reasons are those its holder's candidate list holds (the same leaf pages: the list is
      // keyed by holder first).
      rail: db.prepare(`SELECT j.key AS rank, j.value ->> 0 AS related_id, j.value ->> 1 AS score, coalesce(c.reasons, @none) AS reasons
          FROM related_rails r, json_each(r.entries) j
          LEFT JOIN related_candidates c ON c.article_id = r.article_id AND c.related_id = j.value ->> 0
          WHERE r.article_id = @id ORDER BY j.key LIMIT @limit`),
      deleteRail: db.prepare('DELETE FROM related_rails WHERE article_id = ?'),
      putRail: db.prepare('INSERT OR REPLACE INTO related_rails (article_id, entries) VALUES (?, ?)'),
      railOf: db.prepare('SELECT entries FROM related_rails WHERE article_id = ?').pluck(),
      // Rails holding an article, found through the candidate lists holding it (a rail is drawn from its
      // holder's list, which check() verifies).
      containing: db.prepare(`SELECT c.article_id FROM related_candidates c JOIN related_rails r ON r.article_id = c.article_id
          WHERE c.related_id = ? AND EXISTS (SELECT 1 FROM json_each(r.entries) j WHERE j.value ->> 0 = c.related_id) ORDER BY c.article_id`),
      heads: db.prepare('SELECT article_id, entries FROM related_rails WHERE article_id IN (SELECT value FROM json_each(?))'),
      profiles: db.prepare('SELECT article_id, archive_size, terms, entities FROM related_profiles WHERE article_id IN (SELECT value FROM json_each(?))'),
      putProfile: db.prepare('INSERT OR REPLACE INTO related_profiles (article_id, archive_size, terms, entities) VALUES (?, ?, ?, ?)'),
      deleteProfile: db.prepare('DELETE FROM related_profiles WHERE article_id = ?'),
      deleteEntities: db.prepare('DELETE FROM related_entities WHERE article_id = ?'),
      insertEntity: db.prepare('INSERT OR IGNORE INTO related_entities (entity, article_id, name) VALUES (?, ?, ?)'),
      // One row per list, its entries gathered by SQLite as JSON: a row handed to JavaScript costs more
      // than its share of a JSON text (hundreds of lists of 40 are read per arrival).
      lists: db.prepare(`SELECT article_id, json_group_array(json_array(related_id, score, twin) ORDER BY score DESC, related_id) AS entries
          FROM related_candidates WHERE article_id IN (SELECT value FROM json_each(?)) GROUP BY article_id`),
      putCand: db.prepare('INSERT OR REPLACE INTO related_candidates (article_id, related_id, score, twin, reasons) VALUES (?, ?, ?, ?, ?)'),
      delCand: db.prepare('DELETE FROM related_candidates WHERE article_id = ? AND related_id = ?'),
      delList: db.prepare('DELETE FROM related_candidates WHERE article_id = ?'),
      holders: db.prepare('SELECT article_id FROM related_candidates WHERE related_id = ?'),
      delHeld: db.prepare('DELETE FROM related_candidates WHERE related_id = ?'),
      dates: db.prepare('SELECT id, published_at FROM articles WHERE id IN (SELECT value FROM json_each(?)) AND published_at IS NOT NULL'),
      deletePostings: db.prepare('DELETE FROM related_postings WHERE article_id = ?'),
      putPosting: db.prepare('INSERT INTO related_postings (term, weight, article_id) VALUES (?, ?, ?)'),
    };
  }

  async candidateLists(articleIds: readonly string[], head?: number): Promise<Map<string, CandidateHead[]>> {
    const out = new Map<string, CandidateHead[]>(articleIds.map((id) => [id, []]));
    if (!articleIds.length) return out;
    for (const r of this.stmt.lists.all(JSON.stringify(articleIds)) as { article_id: string; entries: string }[]) {
      if (out.has(r.article_id)) out.set(r.article_id, (JSON.parse(r.entries) as [string, number, number][]).map(([articleId, score, twin]) => ({ articleId, score, twin: twin === 1 })));
    }
    // The store's working set serves every read while it is valid, which in SQLite is always: a head is
    // cut from the whole list (read from the covering index, the same pages) rather than by its own query.
    if (head !== undefined) for (const [id, list] of out) out.set(id, headOf(list, head));
    return out;
  }

  async updateCandidates(changes: readonly CandidateChange[]): Promise<void> {
    this.db.transaction(() => {
      for (const { holderId, add, remove = [] } of changes) {
        for (const id of remove) this.stmt.delCand.run(holderId, id);
        for (const e of add) this.stmt.putCand.run(holderId, e.articleId, e.score, e.twin ? 1 : 0, JSON.stringify(e.reasons));
      }
    })();
  }

  async putCandidates(articleId: string, entries: readonly CandidateEntry[]): Promise<void> {
    this.db.transaction(() => {
      this.stmt.delList.run(articleId);
      for (const e of entries) this.stmt.putCand.run(articleId, e.articleId, e.score, e.twin ? 1 : 0, JSON.stringify(e.reasons));
    })();
  }

  async removeFromCandidates(articleId: string): Promise<string[]> {
    const holders = (this.stmt.holders.all(articleId) as { article_id: string }[]).map((r) => r.article_id);
    this.stmt.delHeld.run(articleId);
    return holders;
  }

  async rail(articleId: string, limit = 1000): Promise<RailEntry[]> {
    return (this.stmt.rail.all({ id: articleId, limit, none: JSON.stringify(NO_REASONS) }) as RailRow[]).map(toEntry);
  }

  async putRail(articleId: string, entries: readonly RailHead[]): Promise<void> {
    if (!entries.length) this.stmt.deleteRail.run(articleId);
    else this.stmt.putRail.run(articleId, JSON.stringify(entries.map((e): [string, number] => [e.articleId, e.score])));
  }

  async railHeads(articleIds: readonly string[]): Promise<Map<string, RailHead[]>> {
    const out = new Map<string, RailHead[]>(articleIds.map((id) => [id, []]));
    if (!articleIds.length) return out;
    for (const r of this.stmt.heads.all(JSON.stringify(articleIds)) as { article_id: string; entries: string }[]) out.set(r.article_id, toHeads(r.entries));
    return out;
  }

  async removeFromRail(holderId: string, relatedId: string): Promise<void> {
    const entries = this.stmt.railOf.get(holderId) as string | undefined;
    if (entries) await this.putRail(holderId, toHeads(entries).filter((e) => e.articleId !== relatedId));
  }

  async profiles(articleIds: readonly string[]): Promise<Map<string, RelatedProfile>> {
    if (!articleIds.length) return new Map();
    const rows = this.stmt.profiles.all(JSON.stringify(articleIds)) as { article_id: string; archive_size: number; terms: string; entities: string }[];
    return new Map(rows.map((r) => [r.article_id, { archiveSize: r.archive_size, terms: new Map(JSON.parse(r.terms)), entities: new Map(JSON.parse(r.entities)) }]));
  }

  async putProfile(articleId: string, profile: RelatedProfile, indexTerms: number): Promise<void> {
    this.db.transaction(() => {
      this.stmt.putProfile.run(articleId, profile.archiveSize, vectorJson(profile.terms), vectorJson(profile.entities));
      this.stmt.deletePostings.run(articleId);
      for (const p of heaviestTerms(profile.terms, indexTerms)) this.stmt.putPosting.run(p.term, p.weight, articleId);
    })();
  }

  async containing(articleId: string): Promise<string[]> {
    return (this.stmt.containing.all(articleId) as { article_id: string }[]).map((r) => r.article_id);
  }

  async remove(articleId: string): Promise<void> {
    this.db.transaction(() => {
      this.stmt.deleteRail.run(articleId);
      this.stmt.delList.run(articleId);
      this.stmt.deleteEntities.run(articleId);
      this.stmt.deleteProfile.run(articleId);
      this.stmt.deletePostings.run(articleId);
    })();
  }

  async similarByTerms(query: readonly WeightedTerm[], perTerm: number, limit: number, excludeId?: string): Promise<ScoredId[]> {
    if (limit <= 0) return [];
    const read = (term: string) => this.postings(term, perTerm);
    return sumPostings(query.map((q) => [q.term, q.weight] as const), read, limit, excludeId);
  }

  async publishedAt(articleIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (!articleIds.length) return out;
    for (const r of this.stmt.dates.all(JSON.stringify(articleIds)) as { id: string; published_at: string }[]) out.set(r.id, r.published_at);
    return out;
  }

  async putEntities(articleId: string, entities: readonly EntityRef[]): Promise<void> {
    this.db.transaction(() => {
      this.stmt.deleteEntities.run(articleId);
      for (const e of entities) this.stmt.insertEntity.run(e.key, articleId, e.name);
    })();
  }
}
