/** SQLite implementation of the article repository: one row per article, FTS5 index, LSH band index. */
import type { Article } from '../../model.ts';
import type { ArticleCounts, ArticleRepository, ArticleSummary, ListOptions } from '../articles.ts';
import { toSummary } from '../articles.ts';
import type { Migration } from '../migrations.ts';
import type { Db } from './store.ts';

export const articleMigrations: Migration[] = [
  {
    id: '001-articles',
    sql: `
      CREATE TABLE articles (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        url TEXT,
        canonical_url TEXT,
        headline TEXT NOT NULL,
        published_at TEXT,
        ingested_at TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        duplicate_of TEXT,
        publisher TEXT,
        section TEXT,
        signature BLOB,
        data TEXT NOT NULL
      );
      CREATE INDEX articles_canonical_url ON articles(canonical_url);
      CREATE INDEX articles_url ON articles(url);
      CREATE INDEX articles_content_hash ON articles(content_hash);
      CREATE INDEX articles_published ON articles(coalesce(published_at, ingested_at)) WHERE duplicate_of IS NULL;
      CREATE TABLE article_bands (
        band TEXT NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (band, article_id)
      ) WITHOUT ROWID;
      CREATE INDEX article_bands_article ON article_bands(article_id);
      CREATE VIRTUAL TABLE articles_fts USING fts5(
        headline, standfirst, body, tokenize = 'porter unicode61 remove_diacritics 2'
      );
    `,
  },
];

export const articleChecks = [
  {
    name: 'articles missing from the full-text index',
    sql: `SELECT count(*) AS n FROM articles a WHERE a.duplicate_of IS NULL AND NOT EXISTS (SELECT 1 FROM articles_fts f WHERE f.rowid = a.seq)`,
  },
  {
    name: 'full-text rows without an article',
    sql: `SELECT count(*) AS n FROM articles_fts f WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.seq = f.rowid AND a.duplicate_of IS NULL)`,
  },
  {
    name: 'duplicates of missing articles',
    sql: `SELECT count(*) AS n FROM articles a WHERE a.duplicate_of IS NOT NULL AND NOT EXISTS (SELECT 1 FROM articles b WHERE b.id = a.duplicate_of)`,
  },
];

interface Row {
  data: string;
}

export class SqliteArticles implements ArticleRepository {
  private readonly stmt;

  constructor(private readonly db: Db) {
    this.stmt = {
      get: db.prepare('SELECT data FROM articles WHERE id = ?'),
      idByUrl: db.prepare('SELECT id FROM articles WHERE canonical_url = @url OR url = @url ORDER BY seq LIMIT 1'),
      idByHash: db.prepare('SELECT id FROM articles WHERE content_hash = ? AND duplicate_of IS NULL ORDER BY seq LIMIT 1'),
      seqOf: db.prepare('SELECT seq FROM articles WHERE id = ?'),
      insert: db.prepare(`INSERT INTO articles (id, url, canonical_url, headline, published_at, ingested_at,
          content_hash, duplicate_of, publisher, section, signature, data)
        VALUES (@id, @url, @canonical_url, @headline, @published_at, @ingested_at, @content_hash, @duplicate_of,
          @publisher, @section, @signature, @data)`),
      update: db.prepare(`UPDATE articles SET url = @url, canonical_url = @canonical_url, headline = @headline,
          published_at = @published_at, ingested_at = @ingested_at, content_hash = @content_hash,
          duplicate_of = @duplicate_of, publisher = @publisher, section = @section, signature = @signature,
          data = @data WHERE id = @id`),
      deleteBands: db.prepare('DELETE FROM article_bands WHERE article_id = ?'),
      insertBand: db.prepare('INSERT OR IGNORE INTO article_bands (band, article_id) VALUES (?, ?)'),
      deleteFts: db.prepare('DELETE FROM articles_fts WHERE rowid = ?'),
      insertFts: db.prepare('INSERT INTO articles_fts (rowid, headline, standfirst, body) VALUES (?, ?, ?, ?)'),
      delete: db.prepare('DELETE FROM articles WHERE id = ?'),
      latest: db.prepare(`SELECT data FROM articles WHERE duplicate_of IS NULL
          AND coalesce(published_at, ingested_at) < ?
          ORDER BY coalesce(published_at, ingested_at) DESC LIMIT ?`),
      counts: db.prepare(`SELECT count(*) FILTER (WHERE duplicate_of IS NULL) AS articles,
          count(*) FILTER (WHERE duplicate_of IS NOT NULL) AS duplicates FROM articles`),
      allIds: db.prepare('SELECT id FROM articles ORDER BY seq'),
    };
  }

  async get(id: string): Promise<Article | undefined> {
    const row = this.stmt.get.get(id) as Row | undefined;
    return row ? parse(row.data) : undefined;
  }

  async getMany(ids: readonly string[]): Promise<Article[]> {
    if (!ids.length) return [];
    const rows = this.db
      .prepare(`SELECT data FROM articles WHERE id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(ids)) as Row[];
    const byId = new Map(rows.map((r) => parse(r.data)).map((a) => [a.id, a]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async summaries(ids: readonly string[]): Promise<ArticleSummary[]> {
    return (await this.getMany(ids)).map(toSummary);
  }

  async idByUrl(url: string): Promise<string | undefined> {
    return (this.stmt.idByUrl.get({ url }) as { id: string } | undefined)?.id;
  }

  async idByContentHash(hash: string): Promise<string | undefined> {
    return (this.stmt.idByHash.get(hash) as { id: string } | undefined)?.id;
  }

  async nearDuplicateCandidates(bandKeys: readonly string[]): Promise<{ id: string; signature: Uint32Array }[]> {
    if (!bandKeys.length) return [];
    const rows = this.db
      .prepare(`SELECT a.id, a.signature FROM articles a WHERE a.duplicate_of IS NULL AND a.id IN
          (SELECT article_id FROM article_bands WHERE band IN (SELECT value FROM json_each(?)))`)
      .all(JSON.stringify(bandKeys)) as { id: string; signature: Buffer | null }[];
    return rows
      .filter((r) => r.signature)
      .map((r) => ({
        id: r.id,
        signature: new Uint32Array(r.signature!.buffer.slice(r.signature!.byteOffset, r.signature!.byteOffset + r.signature!.byteLength)),
      }));
  }

  async put(article: Article, signature: Uint32Array, bandKeys: readonly string[]): Promise<void> {
    const params = {
      id: article.id,
      url: article.url ?? null,
      canonical_url: article.canonicalUrl ?? null,
      headline: article.headline,
      published_at: article.publishedAt ?? null,
      ingested_at: article.ingestedAt,
      content_hash: article.contentHash,
      duplicate_of: article.duplicateOf ?? null,
      publisher: article.publisher ?? null,
      section: article.section ?? null,
      signature: Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength),
      data: JSON.stringify(article),
    };
    const write = this.db.transaction(() => {
      const existing = this.stmt.seqOf.get(article.id) as { seq: number } | undefined;
      let seq: number;
      if (existing) {
        this.stmt.update.run(params);
        seq = existing.seq;
        this.stmt.deleteFts.run(seq);
        this.stmt.deleteBands.run(article.id);
      } else {
        seq = Number(this.stmt.insert.run(params).lastInsertRowid);
      }
      if (article.duplicateOf) return;
      this.stmt.insertFts.run(seq, article.headline, article.standfirst ?? '', article.body.join('\n\n'));
      for (const band of bandKeys) this.stmt.insertBand.run(band, article.id);
    });
    write();
  }

  async delete(id: string): Promise<boolean> {
    const existing = this.stmt.seqOf.get(id) as { seq: number } | undefined;
    if (!existing) return false;
    this.db.transaction(() => {
      this.stmt.deleteFts.run(existing.seq);
      this.stmt.delete.run(id);
    })();
    return true;
  }

  async latest(options: ListOptions): Promise<ArticleSummary[]> {
    const rows = this.stmt.latest.all(options.before ?? '9999', options.limit) as Row[];
    return rows.map((r) => toSummary(parse(r.data)));
  }

  async counts(): Promise<ArticleCounts> {
    return this.stmt.counts.get() as ArticleCounts;
  }

  async allIds(): Promise<string[]> {
    return (this.stmt.allIds.all() as { id: string }[]).map((r) => r.id);
  }

  async duplicatesOf(id: string): Promise<string[]> {
    return (this.db.prepare('SELECT id FROM articles WHERE duplicate_of = ? ORDER BY seq').all(id) as { id: string }[]).map((r) => r.id);
  }
}

/** Rows were validated against the schema when written. */
function parse(data: string): Article {
  return JSON.parse(data) as Article;
}
