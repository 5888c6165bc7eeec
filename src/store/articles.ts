/** Articles: storage, lookup by id, URL and content hash, near-duplicate candidates, listing, full text. */
import type { Article } from '../model.ts';
import { bylineOf } from '../format.ts';

export interface ArticleSummary {
  id: string;
  headline: string;
  standfirst?: string;
  byline?: string;
  publisher?: string;
  section?: string;
  publishedAt?: string;
  url?: string;
  image?: Article['image'];
}

export interface ListOptions {
  limit: number;
  /** Only articles published (or, without a date, ingested) strictly before this time. */
  before?: string;
}

export interface ArticleCounts {
  articles: number;
  duplicates: number;
}

export interface ArticleRepository {
  get(id: string): Promise<Article | undefined>;
  getMany(ids: readonly string[]): Promise<Article[]>;
  summaries(ids: readonly string[]): Promise<ArticleSummary[]>;
  /** The id of the stored article with this canonical URL (or URL), if any. */
  idByUrl(url: string): Promise<string | undefined>;
  /** The id of the stored non-duplicate article with this content hash, if any. */
  idByContentHash(hash: string): Promise<string | undefined>;
  /** Articles sharing at least one LSH band key with the given keys, with their MinHash signatures. */
  nearDuplicateCandidates(bandKeys: readonly string[]): Promise<{ id: string; signature: Uint32Array }[]>;
  /**
   * Inserts the article, or replaces the stored one with the same id, together with its MinHash signature
   * and band keys. Duplicates (duplicateOf set) are stored but kept out of full text and listings.
   */
  put(article: Article, signature: Uint32Array, bandKeys: readonly string[]): Promise<void>;
  delete(id: string): Promise<boolean>;
  latest(options: ListOptions): Promise<ArticleSummary[]>;
  counts(): Promise<ArticleCounts>;
  /** Ids of every stored article (duplicates included), in ingest order. */
  allIds(): Promise<string[]>;
  /** Ids of the stored duplicates of an article. */
  duplicatesOf(id: string): Promise<string[]>;
}

/** The fields a list or rail shows. */
export function toSummary(a: Article): ArticleSummary {
  return {
    id: a.id,
    headline: a.headline,
    standfirst: a.standfirst,
    byline: bylineOf(a),
    publisher: a.publisher,
    section: a.section,
    publishedAt: a.publishedAt,
    url: a.canonicalUrl ?? a.url,
    image: a.image,
  };
}
