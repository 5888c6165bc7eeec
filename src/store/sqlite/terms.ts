/** SQLite term statistics: a document-frequency table and one JSON row of term counts per article. */
import type { TermRepository } from '../terms.ts';
import type { Migration } from '../migrations.ts';
import { rebuildAsRowidTable } from './rowid-tables.ts';
import type { Db } from './store.ts';

/** The triggers that keep term_totals' document count as article_terms gains and loses rows. */
const COUNTER_TRIGGERS = `
  CREATE TRIGGER article_terms_counted AFTER INSERT ON article_terms
    BEGIN UPDATE term_totals SET documents = documents + 1 WHERE id = 1; END;
  CREATE TRIGGER article_terms_uncounted AFTER DELETE ON article_terms
    BEGIN UPDATE term_totals SET documents = documents - 1 WHERE id = 1; END;`;

export const termMigrations: Migration[] = [
  {
    id: '002-terms',
    sql: `
      CREATE TABLE term_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE article_terms (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        counts TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    // The N of idf is read for every article: a one-row counter kept by triggers (so a cascade from a
    // deleted article counts too), not a count(*) that grows with the archive.
    id: '009-term-totals',
    sql: `
      CREATE TABLE term_totals (id INTEGER PRIMARY KEY CHECK (id = 1), documents INTEGER NOT NULL);
      INSERT INTO term_totals (id, documents) SELECT 1, count(*) FROM article_terms;
      ${COUNTER_TRIGGERS}
    `,
  },
  {
    // Term counts are a few KB per article: an ordinary table, not WITHOUT ROWID (see rowid-tables.ts).
    id: '019-article-terms-rowid',
    sql: rebuildAsRowidTable(
      'article_terms',
      'article_id TEXT PRIMARY KEY NOT NULL REFERENCES articles(id) ON DELETE CASCADE, counts TEXT NOT NULL',
      'article_id, counts',
      COUNTER_TRIGGERS,
    ),
  },
];

export const termChecks = [
  {
    name: 'articles without term counts',
    sql: `SELECT count(*) AS n FROM articles a WHERE a.duplicate_of IS NULL AND NOT EXISTS (SELECT 1 FROM article_terms t WHERE t.article_id = a.id)`,
  },
  { name: 'negative document frequencies', sql: 'SELECT count(*) AS n FROM term_df WHERE df < 0' },
  {
    name: 'document count out of step with term counts',
    sql: 'SELECT count(*) AS n FROM term_totals WHERE documents <> (SELECT count(*) FROM article_terms)',
  },
];

interface DfRow {
  term: string;
  df: number;
}

export class SqliteTerms implements TermRepository {
  private readonly stmt;

  constructor(private readonly db: Db) {
    this.stmt = {
      docCount: db.prepare('SELECT documents AS n FROM term_totals WHERE id = 1'),
      get: db.prepare('SELECT counts FROM article_terms WHERE article_id = ?'),
      put: db.prepare('INSERT INTO article_terms (article_id, counts) VALUES (?, ?)'),
      delete: db.prepare('DELETE FROM article_terms WHERE article_id = ?'),
      // One statement per article, not per term: the JSON array is unpacked inside SQLite.
      inc: db.prepare(`INSERT INTO term_df (term, df) SELECT value, 1 FROM json_each(?) WHERE true
          ON CONFLICT(term) DO UPDATE SET df = df + 1 RETURNING term, df`),
      dec: db.prepare('UPDATE term_df SET df = df - 1 WHERE term IN (SELECT value FROM json_each(?)) RETURNING term, df'),
      df: db.prepare('SELECT term, df FROM term_df WHERE term IN (SELECT value FROM json_each(?))'),
      many: db.prepare('SELECT article_id, counts FROM article_terms WHERE article_id IN (SELECT value FROM json_each(?))'),
    };
  }

  async documentCount(): Promise<number> {
    return (this.stmt.docCount.get() as { n: number }).n;
  }

  async documentFrequencies(terms: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>(terms.map((t) => [t, 0]));
    for (const row of this.stmt.df.all(JSON.stringify(terms)) as DfRow[]) out.set(row.term, row.df);
    return out;
  }

  async put(articleId: string, counts: ReadonlyMap<string, number>): Promise<Map<string, number>> {
    return this.db.transaction(() => {
      const changed = this.removeSync(articleId);
      this.stmt.put.run(articleId, JSON.stringify(Object.fromEntries(counts)));
      for (const r of this.stmt.inc.all(JSON.stringify([...counts.keys()])) as DfRow[]) changed.set(r.term, r.df);
      return changed;
    })();
  }

  async remove(articleId: string): Promise<Map<string, number>> {
    return this.db.transaction(() => this.removeSync(articleId))();
  }

  private removeSync(articleId: string): Map<string, number> {
    const changed = new Map<string, number>();
    const row = this.stmt.get.get(articleId) as { counts: string } | undefined;
    if (!row) return changed;
    for (const r of this.stmt.dec.all(JSON.stringify(Object.keys(JSON.parse(row.counts) as Record<string, number>))) as DfRow[]) changed.set(r.term, r.df);
    this.stmt.delete.run(articleId);
    return changed;
  }

  async counts(articleIds: readonly string[]): Promise<Map<string, Map<string, number>>> {
    const out = new Map<string, Map<string, number>>();
    if (!articleIds.length) return out;
    for (const row of this.stmt.many.all(JSON.stringify(articleIds)) as { article_id: string; counts: string }[]) {
      out.set(row.article_id, new Map(Object.entries(JSON.parse(row.counts) as Record<string, number>)));
    }
    return out;
  }
}
