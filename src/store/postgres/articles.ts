/** PostgreSQL article repository: one row per article, tsvector + GIN for full text, LSH band index. */
import type { Article } from '../../model.ts';
import type { ArticleCounts, ArticleRepository, ArticleSummary, ListOptions } from '../articles.ts';
import { toSummary } from '../articles.ts';
import type { Migration } from '../migrations.ts';
import type { Queryable } from './store.ts';

export const pgArticleMigrations: Migration[] = [
  {
    id: '001-articles',
    sql: `
      CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        seq BIGSERIAL NOT NULL,
        url TEXT,
        canonical_url TEXT,
        headline TEXT NOT NULL,
        standfirst TEXT NOT NULL DEFAULT '',
        body_text TEXT NOT NULL DEFAULT '',
        published_at TEXT,
        ingested_at TEXT NOT NULL,
        sort_time TEXT GENERATED ALWAYS AS (coalesce(published_at, ingested_at)) STORED,
        content_hash TEXT NOT NULL,
        duplicate_of TEXT,
        publisher TEXT,
        section TEXT,
        signature BYTEA,
        data JSONB NOT NULL,
        tsv TSVECTOR GENERATED ALWAYS AS (
          setweight(to_tsvector('english', headline), 'A') ||
          setweight(to_tsvector('english', standfirst), 'B') ||
          setweight(to_tsvector('english', body_text), 'C')
        ) STORED
      );
      CREATE INDEX articles_seq ON articles(seq);
      CREATE INDEX articles_canonical_url ON articles(canonical_url);
      CREATE INDEX articles_url ON articles(url);
      CREATE INDEX articles_content_hash ON articles(content_hash);
      CREATE INDEX articles_sort_time ON articles(sort_time) WHERE duplicate_of IS NULL;
      CREATE INDEX articles_tsv ON articles USING GIN (tsv);
      CREATE TABLE article_bands (
        band TEXT NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (band, article_id)
      );
      CREATE INDEX article_bands_article ON article_bands(article_id);
      -- Transaction-scoped advisory locks on hashed keys, taken in hash order so that two transactions
      -- sharing keys can never wait on each other in a cycle.
      CREATE FUNCTION storyline_lock_keys(space INTEGER, keys TEXT[]) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE h INTEGER;
      BEGIN
        FOR h IN SELECT DISTINCT hashtext(k) FROM unnest(keys) AS k ORDER BY 1 LOOP
          PERFORM pg_advisory_xact_lock(space, h);
        END LOOP;
      END $$;
    `,
  },
];

export const pgArticleChecks = [
  {
    name: 'duplicates of missing articles',
    sql: `SELECT count(*)::int AS n FROM articles a WHERE a.duplicate_of IS NOT NULL AND NOT EXISTS (SELECT 1 FROM articles b WHERE b.id = a.duplicate_of)`,
  },
];

export class PgArticles implements ArticleRepository {
  constructor(private readonly db: Queryable) {}

  async get(id: string): Promise<Article | undefined> {
    const { rows } = await this.db.query<{ data: Article }>('SELECT data FROM articles WHERE id = $1', [id]);
    return rows[0]?.data;
  }

  async getMany(ids: readonly string[]): Promise<Article[]> {
    if (!ids.length) return [];
    const { rows } = await this.db.query<{ data: Article }>('SELECT data FROM articles WHERE id = ANY($1)', [ids]);
    const byId = new Map(rows.map((r) => [r.data.id, r.data]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async summaries(ids: readonly string[]): Promise<ArticleSummary[]> {
    return (await this.getMany(ids)).map(toSummary);
  }

  async idByUrl(url: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ id: string }>(
      'SELECT id FROM articles WHERE canonical_url = $1 OR url = $1 ORDER BY seq LIMIT 1',
      [url],
    );
    return rows[0]?.id;
  }

  async idByContentHash(hash: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ id: string }>(
      'SELECT id FROM articles WHERE content_hash = $1 AND duplicate_of IS NULL ORDER BY seq LIMIT 1',
      [hash],
    );
    return rows[0]?.id;
  }

  async nearDuplicateCandidates(bandKeys: readonly string[]): Promise<{ id: string; signature: Uint32Array }[]> {
    if (!bandKeys.length) return [];
    const { rows } = await this.db.query<{ id: string; signature: Buffer | null }>(
      `SELECT a.id, a.signature FROM articles a WHERE a.duplicate_of IS NULL AND a.id IN
         (SELECT article_id FROM article_bands WHERE band = ANY($1))`,
      [bandKeys],
    );
    return rows.filter((r) => r.signature).map((r) => ({ id: r.id, signature: bytesToSignature(r.signature!) }));
  }

  async put(article: Article, signature: Uint32Array, bandKeys: readonly string[]): Promise<void> {
    const isDuplicate = Boolean(article.duplicateOf);
    await this.db.query(
      `INSERT INTO articles (id, url, canonical_url, headline, standfirst, body_text, published_at, ingested_at,
         content_hash, duplicate_of, publisher, section, signature, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (id) DO UPDATE SET url = EXCLUDED.url, canonical_url = EXCLUDED.canonical_url,
         headline = EXCLUDED.headline, standfirst = EXCLUDED.standfirst, body_text = EXCLUDED.body_text,
         published_at = EXCLUDED.published_at, ingested_at = EXCLUDED.ingested_at,
         content_hash = EXCLUDED.content_hash, duplicate_of = EXCLUDED.duplicate_of,
         publisher = EXCLUDED.publisher, section = EXCLUDED.section, signature = EXCLUDED.signature,
         data = EXCLUDED.data`,
      [
        article.id, article.url ?? null, article.canonicalUrl ?? null, article.headline,
        // Duplicates stay out of full text, as in the SQLite store.
        isDuplicate ? '' : (article.standfirst ?? ''), isDuplicate ? '' : article.body.join('\n\n'),
        article.publishedAt ?? null, article.ingestedAt, article.contentHash, article.duplicateOf ?? null,
        article.publisher ?? null, article.section ?? null,
        Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength), JSON.stringify(article),
      ],
    );
    await this.db.query('DELETE FROM article_bands WHERE article_id = $1', [article.id]);
    if (!isDuplicate && bandKeys.length) {
      await this.db.query(
        'INSERT INTO article_bands (band, article_id) SELECT b, $2 FROM unnest($1::text[]) AS b ON CONFLICT DO NOTHING',
        [bandKeys, article.id],
      );
    }
  }

  async delete(id: string): Promise<boolean> {
    const { rowCount } = await this.db.query('DELETE FROM articles WHERE id = $1', [id]);
    return (rowCount ?? 0) > 0;
  }

  async latest(options: ListOptions): Promise<ArticleSummary[]> {
    const { rows } = await this.db.query<{ data: Article }>(
      `SELECT data FROM articles WHERE duplicate_of IS NULL AND sort_time < $1 ORDER BY sort_time DESC LIMIT $2`,
      [options.before ?? '9999', options.limit],
    );
    return rows.map((r) => toSummary(r.data));
  }

  async counts(): Promise<ArticleCounts> {
    const { rows } = await this.db.query<ArticleCounts>(
      `SELECT (count(*) FILTER (WHERE duplicate_of IS NULL))::int AS articles,
              (count(*) FILTER (WHERE duplicate_of IS NOT NULL))::int AS duplicates FROM articles`,
    );
    return rows[0]!;
  }

  async allIds(): Promise<string[]> {
    return (await this.db.query<{ id: string }>('SELECT id FROM articles ORDER BY seq')).rows.map((r) => r.id);
  }

  async duplicatesOf(id: string): Promise<string[]> {
    return (await this.db.query<{ id: string }>('SELECT id FROM articles WHERE duplicate_of = $1 ORDER BY seq', [id])).rows.map((r) => r.id);
  }
}

function bytesToSignature(bytes: Buffer): Uint32Array {
  return new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}
