/**
 * PostgreSQL search: the parsed query compiled to a tsquery built only from bound parameters
 * (phraseto_tsquery / to_tsquery per word, combined with && || !!), ranked by ts_rank over the weighted
 * tsvector (headline A, standfirst B, body C), highlighted with ts_headline on the returned page only.
 */
import type { Article } from '../../model.ts';
import type { Migration } from '../migrations.ts';
import type { QueryNode } from '../../search/query.ts';
import type { DayCount, Facet, SearchFilters, SearchHit, SearchRepository, SearchRequest, SearchResults } from '../search.ts';
import { HIGHLIGHT, markedToHtml, nextDay, summaryOf } from '../search.ts';
import type { Queryable } from './store.ts';

export const pgSearchMigrations: Migration[] = [
  {
    id: '006-search',
    sql: `
      CREATE TABLE article_contributors (
        name TEXT NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (name, article_id)
      );
      CREATE INDEX article_contributors_lower ON article_contributors(lower(name));
      CREATE INDEX article_contributors_article ON article_contributors(article_id);
      CREATE INDEX articles_publisher ON articles(lower(publisher)) WHERE duplicate_of IS NULL;
      CREATE INDEX articles_section ON articles(lower(section)) WHERE duplicate_of IS NULL;
      CREATE FUNCTION storyline_article_contributors() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM article_contributors WHERE article_id = NEW.id;
        IF NEW.duplicate_of IS NULL THEN
          INSERT INTO article_contributors (article_id, name)
            SELECT NEW.id, c->>'name' FROM jsonb_array_elements(NEW.data->'contributors') AS c
            WHERE c->>'name' IS NOT NULL ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER articles_contributors AFTER INSERT OR UPDATE OF data, duplicate_of ON articles
        FOR EACH ROW EXECUTE FUNCTION storyline_article_contributors();
    `,
  },
];

/** Compiles a query tree to SQL over bound parameters; user text never becomes tsquery syntax. */
export function compileTsQuery(node: QueryNode, params: unknown[]): string {
  const bind = (value: string) => {
    params.push(value);
    return `$${params.length}`;
  };
  switch (node.kind) {
    case 'term': {
      const words = node.words.map((w) => w.replace(/[^\p{L}\p{N}]/gu, '')).filter(Boolean);
      if (node.prefix && words.length === 1) return `to_tsquery('english', ${bind(`${words[0]}:*`)})`;
      return `phraseto_tsquery('english', ${bind(words.join(' '))})`;
    }
    case 'phrase':
      return `phraseto_tsquery('english', ${bind(node.words.join(' '))})`;
    case 'and':
      return `(${node.children.map((c) => compileTsQuery(c, params)).join(' && ')})`;
    case 'or':
      return `(${node.children.map((c) => compileTsQuery(c, params)).join(' || ')})`;
    case 'not':
      return `(!! ${compileTsQuery(node.child, params)})`;
  }
}

const DATE = 'a.sort_time';
const HEADLINE_OPTS = `StartSel=${HIGHLIGHT.open}, StopSel=${HIGHLIGHT.close}, HighlightAll=true`;
const SNIPPET_OPTS = `StartSel=${HIGHLIGHT.open}, StopSel=${HIGHLIGHT.close}, MaxWords=30, MinWords=12, MaxFragments=1, FragmentDelimiter=" … "`;

export class PgSearch implements SearchRepository {
  constructor(private readonly db: Queryable) {}

  private where(request: Pick<SearchRequest, 'query'> & SearchFilters, params: unknown[]): { where: string; tsquery?: string } {
    const clauses = ['a.duplicate_of IS NULL'];
    let tsquery: string | undefined;
    const bind = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (request.query) {
      tsquery = compileTsQuery(request.query.ast, params);
      clauses.push(`a.tsv @@ ${tsquery}`);
    }
    if (request.from) clauses.push(`${DATE} >= ${bind(`${request.from}T00:00:00.000Z`)}`);
    if (request.to) clauses.push(`${DATE} < ${bind(nextDay(request.to))}`);
    if (request.before) clauses.push(`${DATE} < ${bind(request.before)}`);
    if (request.publisher) clauses.push(`lower(a.publisher) = lower(${bind(request.publisher)})`);
    if (request.section) clauses.push(`lower(a.section) = lower(${bind(request.section)})`);
    if (request.contributor) clauses.push(`a.id IN (SELECT article_id FROM article_contributors WHERE lower(name) = lower(${bind(request.contributor)}))`);
    if (request.dated) clauses.push('a.published_at IS NOT NULL');
    if (request.articleIds) clauses.push(`a.id = ANY(${bind(request.articleIds)})`);
    return { where: clauses.join(' AND '), tsquery };
  }

  async search(request: SearchRequest): Promise<SearchResults> {
    const params: unknown[] = [];
    const { where, tsquery } = this.where(request, params);
    const order = tsquery && request.sort === 'relevance' ? `ts_rank(a.tsv, ${tsquery}) DESC, a.seq DESC` : `${DATE} DESC, a.seq DESC`;
    const countParams = [...params];
    params.push(request.limit, request.offset);
    const page = `SELECT a.data, a.headline, a.body_text FROM articles a WHERE ${where} ORDER BY ${order} LIMIT $${params.length - 1} OFFSET $${params.length}`;
    const sql = tsquery
      ? `SELECT p.data, ts_headline('english', p.headline, ${tsquery}, '${HEADLINE_OPTS}') AS headline_marked,
           ts_headline('english', p.body_text, ${tsquery}, '${SNIPPET_OPTS}') AS snippet_marked FROM (${page}) p`
      : page;
    const { rows } = await this.db.query<{ data: Article; headline_marked?: string; snippet_marked?: string }>(sql, params);
    const total = (await this.db.query<{ total: number }>(`SELECT count(*)::int AS total FROM articles a WHERE ${where}`, countParams)).rows[0]!.total;
    const hits = rows.map((row): SearchHit => {
      const hit: SearchHit = summaryOf(row.data);
      if (row.headline_marked != null) hit.headlineHtml = markedToHtml(row.headline_marked);
      if (row.snippet_marked) hit.snippetHtml = markedToHtml(row.snippet_marked);
      return hit;
    });
    return { total, hits };
  }

  async perDay(request: Pick<SearchRequest, 'query'> & SearchFilters): Promise<DayCount[]> {
    const params: unknown[] = [];
    const { where } = this.where(request, params);
    const { rows } = await this.db.query<DayCount>(
      `SELECT substr(${DATE}, 1, 10) AS day, count(*)::int AS count FROM articles a WHERE ${where} GROUP BY day ORDER BY day`,
      params,
    );
    return rows;
  }

  async facets(limit: number): Promise<{ publishers: Facet[]; sections: Facet[] }> {
    const facet = async (column: 'publisher' | 'section') =>
      (
        await this.db.query<Facet>(
          `SELECT min(${column}) AS name, count(*)::int AS count FROM articles
           WHERE duplicate_of IS NULL AND ${column} IS NOT NULL GROUP BY lower(${column}) ORDER BY count DESC, name LIMIT $1`,
          [limit],
        )
      ).rows;
    return { publishers: await facet('publisher'), sections: await facet('section') };
  }

  async contributor(name: string): Promise<{ name: string; articles: number } | undefined> {
    const { rows } = await this.db.query<{ name: string | null; articles: number }>(
      'SELECT min(name) AS name, count(*)::int AS articles FROM article_contributors WHERE lower(name) = lower($1)',
      [name],
    );
    return rows[0]?.name ? { name: rows[0].name, articles: rows[0].articles } : undefined;
  }

  async contributors(limit: number): Promise<Facet[]> {
    return (
      await this.db.query<Facet>(
        'SELECT min(name) AS name, count(*)::int AS count FROM article_contributors GROUP BY lower(name) ORDER BY count DESC, name LIMIT $1',
        [limit],
      )
    ).rows;
  }

  async cards(articleIds: readonly string[]): Promise<SearchHit[]> {
    if (!articleIds.length) return [];
    const { rows } = await this.db.query<{ data: Article }>('SELECT data FROM articles WHERE duplicate_of IS NULL AND id = ANY($1)', [articleIds]);
    const byId = new Map(rows.map((r) => summaryOf(r.data)).map((c) => [c.id, c]));
    return articleIds.flatMap((id) => byId.get(id) ?? []);
  }

  async stamp(articleId: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ stamp: string }>(
      `SELECT seq || ':' || content_hash || ':' || coalesce(duplicate_of, '') AS stamp FROM articles WHERE id = $1`,
      [articleId],
    );
    return rows[0]?.stamp;
  }
}
