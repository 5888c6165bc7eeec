/**
 * Search and browsing of the archive's read side: full-text queries with filters and highlighted
 * snippets, listings by contributor, counts per day for charts, facets for the search form, and a cheap
 * change stamp per article for the server's caches.
 */
import type { Article } from '../model.ts';
import type { ArticleSummary } from './articles.ts';
import { toSummary } from './articles.ts';
import { escapeHtml } from '../format.ts';

export { escapeHtml };
import type { ParsedQuery } from '../search/query.ts';

export interface SearchFilters {
  /** Published on or after this day (YYYY-MM-DD, UTC). */
  from?: string;
  /** Published on or before this day (YYYY-MM-DD, UTC), inclusive. */
  to?: string;
  /** Published (or, without a date, ingested) strictly before this ISO time: a listing cursor. */
  before?: string;
  publisher?: string;
  section?: string;
  /** A contributor's name as stored (case-insensitive). */
  contributor?: string;
  /** Only articles with a publication date (charts over time leave undated ones out). */
  dated?: boolean;
  /** Only these articles (an entity's articles, resolved by the caller). */
  articleIds?: readonly string[];
}

export interface SearchRequest extends SearchFilters {
  /** A parsed search-box query (src/search/query.ts); each backend compiles it safely. None lists by date. */
  query?: ParsedQuery;
  sort: 'relevance' | 'date';
  limit: number;
  offset: number;
}

/** A listed article: its summary, contributors for links, and highlights when it matched a query. */
export interface SearchHit extends ArticleSummary {
  contributors: Article['contributors'];
  /** The headline as HTML: escaped text with <mark> around matched words (present for queries). */
  headlineHtml?: string;
  /** A passage of the body as HTML: escaped text with <mark> around matched words. */
  snippetHtml?: string;
}

export interface SearchResults {
  total: number;
  hits: SearchHit[];
}

export interface DayCount {
  /** YYYY-MM-DD */
  day: string;
  count: number;
}

export interface Facet {
  name: string;
  count: number;
}

export interface SearchRepository {
  search(request: SearchRequest): Promise<SearchResults>;
  /** Articles per publication day among the articles that match (oldest first). */
  perDay(request: Pick<SearchRequest, 'query'> & SearchFilters): Promise<DayCount[]>;
  /** The most frequent publishers and sections, for the search form. */
  facets(limit: number): Promise<{ publishers: Facet[]; sections: Facet[] }>;
  /** The stored spelling of a contributor's name and their article count, if they have articles. */
  contributor(name: string): Promise<{ name: string; articles: number } | undefined>;
  /** Contributors by article count. */
  contributors(limit: number): Promise<Facet[]>;
  /** Listing cards of the given non-duplicate articles, in the order given (absent ones left out). */
  cards(articleIds: readonly string[]): Promise<SearchHit[]>;
  /** A value that changes whenever the stored article changes (cache keys); undefined when absent. */
  stamp(articleId: string): Promise<string | undefined>;
}

/** Marks the backend puts around matched words: private-use characters, turned into <mark> after escaping. */
export const HIGHLIGHT = { open: '\uE000', close: '\uE001' } as const;


/** Escapes highlighted text and turns the markers into balanced <mark> elements. */
export function markedToHtml(text: string): string {
  let out = '';
  let open = false;
  for (const part of text.split(/([\uE000\uE001])/)) {
    if (part === HIGHLIGHT.open) {
      if (!open) out += '<mark>';
      open = true;
    } else if (part === HIGHLIGHT.close) {
      if (open) out += '</mark>';
      open = false;
    } else out += escapeHtml(part);
  }
  return open ? `${out}</mark>` : out;
}

/** A real calendar day written YYYY-MM-DD: not 2026-13-45, nor 2026-02-30 (which Date.parse rolls into March). */
export function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const t = Date.parse(`${value}T00:00:00.000Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === value;
}

/** The start of the day after `day` (YYYY-MM-DD), as an ISO time: the exclusive end of a date filter. */
export function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

export function summaryOf(a: Article): Omit<SearchHit, 'headlineHtml' | 'snippetHtml'> {
  return { ...toSummary(a), contributors: a.contributors };
}

