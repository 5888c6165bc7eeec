/**
 * SQLite search: FTS5 MATCH with bm25 (headline weighted over standfirst over body), snippet() and
 * highlight() with private-use markers that become <mark> only after the text is HTML-escaped, filters
 * on indexed columns, and a contributor index kept by triggers (migration 006-search), so the article
 * repository needs no change. Statements are prepared once per shape of query and cached.
 */
import type { Statement } from 'better-sqlite3';
import type { Article } from '../../model.ts';
import type { Migration } from '../migrations.ts';
import type { DayCount, Facet, SearchFilters, SearchHit, SearchRepository, SearchRequest, SearchResults } from '../search.ts';
import type { Db } from './store.ts';
import { HIGHLIGHT, markedToHtml, nextDay, summaryOf } from '../search.ts';

const CONTRIBUTOR_ROWS = (row: string) => `
  SELECT ${row}.id, json_extract(c.value, '$.name') FROM json_each(${row}.data, '$.contributors') AS c
  WHERE ${row}.duplicate_of IS NULL AND json_extract(c.value, '$.name') IS NOT NULL`;

export const searchMigrations: Migration[] = [
  {
    id: '006-search',
    sql: `
      CREATE TABLE article_contributors (
        name TEXT NOT NULL COLLATE NOCASE,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (name, article_id)
      ) WITHOUT ROWID;
      CREATE INDEX article_contributors_article ON article_contributors(article_id);
      CREATE INDEX articles_publisher ON articles(publisher COLLATE NOCASE) WHERE duplicate_of IS NULL;
      CREATE INDEX articles_section ON articles(section COLLATE NOCASE) WHERE duplicate_of IS NULL;
      CREATE TRIGGER article_contributors_insert AFTER INSERT ON articles BEGIN
        INSERT OR IGNORE INTO article_contributors (article_id, name) ${CONTRIBUTOR_ROWS('new')};
      END;
      CREATE TRIGGER article_contributors_update AFTER UPDATE OF data, duplicate_of ON articles BEGIN
        DELETE FROM article_contributors WHERE article_id = old.id;
        INSERT OR IGNORE INTO article_contributors (article_id, name) ${CONTRIBUTOR_ROWS('new')};
      END;
      INSERT OR IGNORE INTO article_contributors (article_id, name)
        SELECT a.id, json_extract(c.value, '$.name') FROM articles AS a, json_each(a.data, '$.contributors') AS c
        WHERE a.duplicate_of IS NULL AND json_extract(c.value, '$.name') IS NOT NULL;
    `,
  },
];

const DATE = 'coalesce(a.published_at, a.ingested_at)';

interface HitRow {
  data: string;
  headline_marked?: string;
  snippet_marked?: string;
}

export class SqliteSearch implements SearchRepository {
  private readonly cache = new Map<string, Statement>();
  private readonly stmt;

  constructor(private readonly db: Db) {
    this.stmt = {
      facetPublishers: db.prepare(`SELECT publisher AS name, count(*) AS count FROM articles
          WHERE duplicate_of IS NULL AND publisher IS NOT NULL GROUP BY publisher COLLATE NOCASE ORDER BY count DESC, name LIMIT ?`),
      facetSections: db.prepare(`SELECT section AS name, count(*) AS count FROM articles
          WHERE duplicate_of IS NULL AND section IS NOT NULL GROUP BY section COLLATE NOCASE ORDER BY count DESC, name LIMIT ?`),
      contributor: db.prepare(`SELECT min(name) AS name, count(*) AS articles FROM article_contributors WHERE name = ?`),
      contributors: db.prepare(`SELECT name, count(*) AS count FROM article_contributors GROUP BY name ORDER BY count DESC, name LIMIT ?`),
      cards: db.prepare(`SELECT data FROM articles WHERE duplicate_of IS NULL AND id IN (SELECT value FROM json_each(?))`),
      // The pipeline rewrites a row only when its content hash changes, so seq + hash + duplicate verdict
      // identify a version without reading the (large) data column.
      stamp: db.prepare(`SELECT seq || ':' || content_hash || ':' || coalesce(duplicate_of, '') AS stamp
          FROM articles WHERE id = ?`),
    };
  }

  private prepared(sql: string): Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  /** FROM and WHERE for a request, with its parameters, shared by search, count and perDay. */
  private where(request: Pick<SearchRequest, 'query'> & SearchFilters): { from: string; where: string; params: unknown[] } {
    const clauses = ['a.duplicate_of IS NULL'];
    const params: unknown[] = [];
    let from = 'articles a';
    if (request.query) {
      from = 'articles_fts JOIN articles a ON a.seq = articles_fts.rowid';
      clauses.push('articles_fts MATCH ?');
      params.push(request.query.match);
    }
    if (request.from) {
      clauses.push(`${DATE} >= ?`);
      params.push(`${request.from}T00:00:00.000Z`);
    }
    if (request.to) {
      clauses.push(`${DATE} < ?`);
      params.push(nextDay(request.to));
    }
    if (request.before) {
      clauses.push(`${DATE} < ?`);
      params.push(request.before);
    }
    if (request.publisher) {
      clauses.push('a.publisher = ? COLLATE NOCASE');
      params.push(request.publisher);
    }
    if (request.section) {
      clauses.push('a.section = ? COLLATE NOCASE');
      params.push(request.section);
    }
    if (request.contributor) {
      clauses.push('a.id IN (SELECT article_id FROM article_contributors WHERE name = ?)');
      params.push(request.contributor);
    }
    if (request.dated) clauses.push('a.published_at IS NOT NULL');
    if (request.articleIds) {
      clauses.push('a.id IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(request.articleIds));
    }
    return { from, where: clauses.join(' AND '), params };
  }

  async search(request: SearchRequest): Promise<SearchResults> {
    const { from, where, params } = this.where(request);
    const highlight = request.query
      ? `, highlight(articles_fts, 0, '${HIGHLIGHT.open}', '${HIGHLIGHT.close}') AS headline_marked,
           snippet(articles_fts, 2, '${HIGHLIGHT.open}', '${HIGHLIGHT.close}', '…', 28) AS snippet_marked`
      : '';
    const order = request.query && request.sort === 'relevance' ? 'bm25(articles_fts, 10.0, 4.0, 1.0), a.seq DESC' : `${DATE} DESC, a.seq DESC`;
    const rows = this.prepared(`SELECT a.data${highlight} FROM ${from} WHERE ${where} ORDER BY ${order} LIMIT ? OFFSET ?`).all(
      ...params,
      request.limit,
      request.offset,
    ) as HitRow[];
    const { total } = this.prepared(`SELECT count(*) AS total FROM ${from} WHERE ${where}`).get(...params) as { total: number };
    const hits = rows.map((row): SearchHit => {
      const hit: SearchHit = summaryOf(JSON.parse(row.data) as Article);
      if (row.headline_marked != null) hit.headlineHtml = markedToHtml(row.headline_marked);
      if (row.snippet_marked) hit.snippetHtml = markedToHtml(row.snippet_marked);
      return hit;
    });
    return { total, hits };
  }

  async perDay(request: Pick<SearchRequest, 'query'> & SearchFilters): Promise<DayCount[]> {
    const { from, where, params } = this.where(request);
    return this.prepared(`SELECT substr(${DATE}, 1, 10) AS day, count(*) AS count FROM ${from} WHERE ${where} GROUP BY day ORDER BY day`).all(
      ...params,
    ) as DayCount[];
  }

  async facets(limit: number): Promise<{ publishers: Facet[]; sections: Facet[] }> {
    return {
      publishers: this.stmt.facetPublishers.all(limit) as Facet[],
      sections: this.stmt.facetSections.all(limit) as Facet[],
    };
  }

  async contributor(name: string): Promise<{ name: string; articles: number } | undefined> {
    const row = this.stmt.contributor.get(name) as { name: string | null; articles: number };
    return row.name ? { name: row.name, articles: row.articles } : undefined;
  }

  async contributors(limit: number): Promise<Facet[]> {
    return this.stmt.contributors.all(limit) as Facet[];
  }

  async cards(articleIds: readonly string[]): Promise<SearchHit[]> {
    if (!articleIds.length) return [];
    // The rows are the store's own JSON: parsed without re-validation, as listings are read-hot.
    const rows = this.stmt.cards.all(JSON.stringify(articleIds)) as { data: string }[];
    const byId = new Map(rows.map((r) => summaryOf(JSON.parse(r.data) as Article)).map((c) => [c.id, c]));
    return articleIds.flatMap((id) => byId.get(id) ?? []);
  }

  async stamp(articleId: string): Promise<string | undefined> {
    return (this.stmt.stamp.get(articleId) as { stamp: string } | undefined)?.stamp;
  }
}
