/** PostgreSQL term statistics: document frequencies and each article's term counts (jsonb). */
import type { TermRepository } from '../terms.ts';
import type { Migration } from '../migrations.ts';
import type { Queryable } from './store.ts';

export const pgTermMigrations: Migration[] = [
  {
    id: '002-terms',
    sql: `
      CREATE TABLE term_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL);
      CREATE TABLE article_terms (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        counts JSONB NOT NULL
      );
    `,
  },
  {
    // The N of idf is read for every article: a one-row counter kept by a trigger (so a cascade from a
    // deleted article counts too), not a count(*) that grows with the archive.
    id: '009-term-totals',
    sql: `
      CREATE TABLE term_totals (id INTEGER PRIMARY KEY CHECK (id = 1), documents INTEGER NOT NULL);
      INSERT INTO term_totals (id, documents) SELECT 1, count(*) FROM article_terms;
      CREATE FUNCTION count_article_terms() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE term_totals SET documents = documents + (CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END) WHERE id = 1;
        RETURN NULL;
      END $$;
      CREATE TRIGGER article_terms_counted AFTER INSERT OR DELETE ON article_terms
        FOR EACH ROW EXECUTE FUNCTION count_article_terms();
    `,
  },
];

export const pgTermChecks = [
  {
    name: 'articles without term counts',
    sql: `SELECT count(*)::int AS n FROM articles a WHERE a.duplicate_of IS NULL AND NOT EXISTS (SELECT 1 FROM article_terms t WHERE t.article_id = a.id)`,
  },
  { name: 'negative document frequencies', sql: 'SELECT count(*)::int AS n FROM term_df WHERE df < 0' },
  {
    name: 'document count out of step with term counts',
    sql: 'SELECT count(*)::int AS n FROM term_totals WHERE documents <> (SELECT count(*) FROM article_terms)',
  },
];

export class PgTerms implements TermRepository {
  constructor(private readonly db: Queryable) {}

  async documentCount(): Promise<number> {
    return (await this.db.query<{ n: number }>('SELECT documents AS n FROM term_totals WHERE id = 1')).rows[0]!.n;
  }

  async documentFrequencies(terms: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>(terms.map((t) => [t, 0]));
    const { rows } = await this.db.query<{ term: string; df: number }>('SELECT term, df FROM term_df WHERE term = ANY($1)', [terms]);
    for (const row of rows) out.set(row.term, row.df);
    return out;
  }

  async put(articleId: string, counts: ReadonlyMap<string, number>): Promise<Map<string, number>> {
    const changed = await this.remove(articleId);
    await this.db.query('INSERT INTO article_terms (article_id, counts) VALUES ($1, $2)', [articleId, JSON.stringify(Object.fromEntries(counts))]);
    // Sorted, so that concurrent writers take the row locks in the same order and cannot deadlock.
    const { rows } = await this.db.query<{ term: string; df: number }>(
      `INSERT INTO term_df (term, df) SELECT t, 1 FROM unnest($1::text[]) AS t ORDER BY t
       ON CONFLICT (term) DO UPDATE SET df = term_df.df + 1 RETURNING term, df`,
      [[...counts.keys()].sort()],
    );
    for (const r of rows) changed.set(r.term, r.df);
    return changed;
  }

  async remove(articleId: string): Promise<Map<string, number>> {
    const changed = new Map<string, number>();
    const { rows } = await this.db.query<{ counts: Record<string, number> }>('DELETE FROM article_terms WHERE article_id = $1 RETURNING counts', [articleId]);
    if (!rows[0]) return changed;
    const updated = await this.db.query<{ term: string; df: number }>('UPDATE term_df SET df = df - 1 WHERE term = ANY($1) RETURNING term, df', [Object.keys(rows[0].counts).sort()]);
    for (const r of updated.rows) changed.set(r.term, r.df);
    return changed;
  }

  async counts(articleIds: readonly string[]): Promise<Map<string, Map<string, number>>> {
    const out = new Map<string, Map<string, number>>();
    if (!articleIds.length) return out;
    const { rows } = await this.db.query<{ article_id: string; counts: Record<string, number> }>(
      'SELECT article_id, counts FROM article_terms WHERE article_id = ANY($1)',
      [articleIds],
    );
    for (const row of rows) out.set(row.article_id, new Map(Object.entries(row.counts)));
    return out;
  }
}
