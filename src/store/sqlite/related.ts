/** SQLite related rails: one row per (article, rank), impact-ordered term postings, an entity index. */
import type { RailEntry } from '../../model.ts';
import { RelatedReasonSchema } from '../../model.ts';
import { NO_REASONS, type CandidateEntry, type CandidateHead, type EntityIndex, type EntityRef, type RailHead, type RelatedProfile, type RelatedRepository, type ScoredId, type WeightedTerm } from '../related.ts';
import { heaviestTerms, sumPostings } from '../postings.ts';
import { byScore } from '../related-working-set.ts';
import type { Migration } from '../migrations.ts';
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
    // set took over the profile cache: see related-working-set.ts).
    id: '012-related-read-paths',
    sql: `
      CREATE INDEX related_candidates_rank ON related_candidates(article_id, twin, score DESC, related_id);
      ALTER TABLE related_profiles ADD COLUMN stamp INTEGER NOT NULL DEFAULT 0;
    `,
  },
];

/** Rails and candidate lists point only at stored articles (a deleted article leaves both). */
export const relatedChecks = [
  {
    name: 'rail entries of missing articles',
    sql: 'SELECT count(*) AS n FROM related_rails r WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = r.related_id)',
  },
  {
    name: 'candidate-list entries of missing articles',
    sql: 'SELECT count(*) AS n FROM related_candidates c WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = c.related_id)',
  },
];

interface RailRow {
  article_id: string;
  rank: number;
  related_id: string;
  score: number;
  reasons: string;
}

function toEntry(r: RailRow): RailEntry {
  return { articleId: r.related_id, rank: r.rank, score: r.score, reasons: RelatedReasonSchema.parse(JSON.parse(r.reasons)) };
}


class SqliteEntityIndex implements EntityIndex {
  private readonly stmt;

  constructor(db: Db) {
    this.stmt = {
      of: db.prepare('SELECT article_id, entity, name FROM related_entities WHERE article_id IN (SELECT value FROM json_each(?))'),
      freq: db.prepare('SELECT entity, count(*) AS n FROM related_entities WHERE entity IN (SELECT value FROM json_each(?)) GROUP BY entity'),
      with: db.prepare(`SELECT article_id FROM related_entities WHERE entity IN (SELECT value FROM json_each(?))
          GROUP BY article_id ORDER BY count(*) DESC, article_id LIMIT ?`),
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

  async articlesWith(keys: readonly string[], limit: number): Promise<string[]> {
    if (!keys.length || limit <= 0) return [];
    return (this.stmt.with.all(JSON.stringify(keys), limit) as { article_id: string }[]).map((r) => r.article_id);
  }
}

export class SqliteRelated implements RelatedRepository {
  readonly entities: SqliteEntityIndex;
  private readonly stmt;

  constructor(private readonly db: Db) {
    this.entities = new SqliteEntityIndex(db);
    this.stmt = {
      rail: db.prepare('SELECT * FROM related_rails WHERE article_id = ? ORDER BY rank LIMIT ?'),
      deleteRail: db.prepare('DELETE FROM related_rails WHERE article_id = ?'),
      insert: db.prepare('INSERT INTO related_rails (article_id, rank, related_id, score, reasons) VALUES (?, ?, ?, ?, ?)'),
      insertFromList: db.prepare(`INSERT INTO related_rails (article_id, rank, related_id, score, reasons) VALUES (@holder, @rank, @related, @score,
          coalesce((SELECT reasons FROM related_candidates WHERE article_id = @holder AND related_id = @related), @none))`),
      containing: db.prepare('SELECT DISTINCT article_id FROM related_rails WHERE related_id = ? ORDER BY article_id'),
      heads: db.prepare('SELECT article_id, related_id, score FROM related_rails WHERE article_id IN (SELECT value FROM json_each(?)) ORDER BY article_id, rank'),
      raw: db.prepare('SELECT related_id, score, reasons FROM related_rails WHERE article_id = ? ORDER BY rank'),
      profiles: db.prepare('SELECT article_id, archive_size, terms, entities FROM related_profiles WHERE article_id IN (SELECT value FROM json_each(?))'),
      putProfile: db.prepare('INSERT OR REPLACE INTO related_profiles (article_id, archive_size, terms, entities) VALUES (?, ?, ?, ?)'),
      deleteProfile: db.prepare('DELETE FROM related_profiles WHERE article_id = ?'),
      deleteEntities: db.prepare('DELETE FROM related_entities WHERE article_id = ?'),
      insertEntity: db.prepare('INSERT OR IGNORE INTO related_entities (entity, article_id, name) VALUES (?, ?, ?)'),
      lists: db.prepare('SELECT article_id, related_id, score, twin FROM related_candidates WHERE article_id IN (SELECT value FROM json_each(?)) ORDER BY article_id, score DESC, related_id'),
      // One indexed read per list (related_candidates_rank): a window function over all the lists sorted
      // every entry of every list, twice the cost on the ingest path.
      listHead: db.prepare('SELECT related_id, score FROM related_candidates WHERE article_id = ? AND twin = 0 ORDER BY score DESC, related_id LIMIT ?'),
      listTwins: db.prepare('SELECT article_id, related_id, score FROM related_candidates WHERE twin = 1 AND article_id IN (SELECT value FROM json_each(?))'),
      putCand: db.prepare('INSERT OR REPLACE INTO related_candidates (article_id, related_id, score, twin, reasons) VALUES (?, ?, ?, ?, ?)'),
      delCand: db.prepare('DELETE FROM related_candidates WHERE article_id = ? AND related_id = ?'),
      delList: db.prepare('DELETE FROM related_candidates WHERE article_id = ?'),
      holders: db.prepare('SELECT article_id FROM related_candidates WHERE related_id = ?'),
      delHeld: db.prepare('DELETE FROM related_candidates WHERE related_id = ?'),
      dates: db.prepare('SELECT id, published_at FROM articles WHERE id IN (SELECT value FROM json_each(?)) AND published_at IS NOT NULL'),
      postings: db.prepare('SELECT article_id AS id, weight FROM related_postings WHERE term = ? ORDER BY weight DESC LIMIT ?'),
      deletePostings: db.prepare('DELETE FROM related_postings WHERE article_id = ?'),
      putPosting: db.prepare('INSERT INTO related_postings (term, weight, article_id) VALUES (?, ?, ?)'),
    };
  }

  async candidateLists(articleIds: readonly string[], head?: number): Promise<Map<string, CandidateHead[]>> {
    const out = new Map<string, CandidateHead[]>(articleIds.map((id) => [id, []]));
    if (!articleIds.length) return out;
    const ids = JSON.stringify(articleIds);
    if (head === undefined) {
      for (const r of this.stmt.lists.all(ids) as { article_id: string; related_id: string; score: number; twin: number }[]) {
        out.get(r.article_id)?.push({ articleId: r.related_id, score: r.score, twin: r.twin === 1 });
      }
      return out;
    }
    for (const [id, list] of out) {
      for (const r of this.stmt.listHead.all(id, head) as { related_id: string; score: number }[]) list.push({ articleId: r.related_id, score: r.score, twin: false });
    }
    const twins = this.stmt.listTwins.all(ids) as { article_id: string; related_id: string; score: number }[];
    for (const r of twins) out.get(r.article_id)?.push({ articleId: r.related_id, score: r.score, twin: true });
    if (twins.length) for (const list of out.values()) list.sort(byScore);
    return out;
  }

  async updateCandidates(holderId: string, add: readonly CandidateEntry[], remove: readonly string[] = []): Promise<void> {
    this.db.transaction(() => {
      for (const id of remove) this.stmt.delCand.run(holderId, id);
      for (const e of add) this.stmt.putCand.run(holderId, e.articleId, e.score, e.twin ? 1 : 0, JSON.stringify(e.reasons));
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
    return (this.stmt.rail.all(articleId, limit) as RailRow[]).map(toEntry);
  }

  async putRail(articleId: string, entries: readonly RailHead[]): Promise<void> {
    const none = JSON.stringify(NO_REASONS);
    this.db.transaction(() => {
      this.stmt.deleteRail.run(articleId);
      entries.forEach((e, rank) => this.stmt.insertFromList.run({ holder: articleId, rank, related: e.articleId, score: e.score, none }));
    })();
  }

  async railHeads(articleIds: readonly string[]): Promise<Map<string, RailHead[]>> {
    const out = new Map<string, RailHead[]>(articleIds.map((id) => [id, []]));
    if (!articleIds.length) return out;
    for (const r of this.stmt.heads.all(JSON.stringify(articleIds)) as RailRow[]) out.get(r.article_id)?.push({ articleId: r.related_id, score: r.score });
    return out;
  }

  async removeFromRail(holderId: string, relatedId: string): Promise<void> {
    this.rewrite(holderId, (rows) => rows.filter((r) => r.related_id !== relatedId));
  }

  /** Rewrites one rail from its raw rows (reasons stay serialised: nothing is parsed). */
  private rewrite(holderId: string, edit: (rows: Pick<RailRow, 'related_id' | 'score' | 'reasons'>[]) => Pick<RailRow, 'related_id' | 'score' | 'reasons'>[]): void {
    this.db.transaction(() => {
      const rows = edit(this.stmt.raw.all(holderId) as RailRow[]);
      this.stmt.deleteRail.run(holderId);
      rows.forEach((r, rank) => this.stmt.insert.run(holderId, rank, r.related_id, r.score, r.reasons));
    })();
  }

  async profiles(articleIds: readonly string[]): Promise<Map<string, RelatedProfile>> {
    if (!articleIds.length) return new Map();
    const rows = this.stmt.profiles.all(JSON.stringify(articleIds)) as { article_id: string; archive_size: number; terms: string; entities: string }[];
    return new Map(rows.map((r) => [r.article_id, { archiveSize: r.archive_size, terms: JSON.parse(r.terms), entities: JSON.parse(r.entities) }]));
  }

  async putProfile(articleId: string, profile: RelatedProfile, indexTerms: number): Promise<void> {
    this.db.transaction(() => {
      this.stmt.putProfile.run(articleId, profile.archiveSize, JSON.stringify(profile.terms), JSON.stringify(profile.entities));
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
    const read = (term: string) => this.stmt.postings.all(term, perTerm) as { id: string; weight: number }[];
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
