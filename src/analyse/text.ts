/**
 * Text analysis shared by dedupe, related content and stories: tokenising, stop words, stemming and
 * the article's term counts (headline counted twice, as the related-content baseline specifies).
 */
import { stemmer } from 'stemmer';
import { eng } from 'stopword';

/** English stop words: the stopword package's list plus news-page function words it lacks. */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  ...eng,
  ...['a', 'i', 'it', 'its', 'he', 'she', 'his', 'her', 'they', 'them', 'their', 'we', 'our', 'you', 'your',
    'said', 'says', 'say', 'would', 'could', 'should', 'will', 'can', 'may', 'might', 'must', 'also', 'one',
    'two', 'new', 'mr', 'mrs', 'ms', 'us', 'than', 'then', 'there', 'these', 'those', 'this', 'that', 'who',
    'whom', 'which', 'what', 'when', 'where', 'why', 'how', 'not', 'no', 'nor', 'so', 'if', 'or', 'of', 'on',
    'in', 'to', 'the', 'is', 'was', 'were', 'be', 'by', 'for', 'from', 'with', 'as', 'at', 'an', 'and', 'has',
    'had', 'have', 'do', 'does', 'did', 'been', 'being', 'its', 'into', 'over', 'out', 'up', 'about', 'after',
    'more', 'most', 'other', 'some', 'such', 'only', 'own', 'same', 'just', 'now', 'year', 'years', 'time',
    'told', 'like', 'very', 'still', 'even', 'last', 'first', 'get', 'got', 'made', 'make', 'many', 'much'],
]);

/** Lower-cased word tokens: runs of letters and digits (Unicode-aware), apostrophes dropped. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().replace(/['’]/g, '').match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * Stems of tokens seen so far. News vocabulary repeats heavily, and stemming is the costliest step of
 * term counting; the cache is bounded so a hostile stream of unique tokens cannot grow it forever.
 */
const stemCache = new Map<string, string>();
const STEM_CACHE_MAX = 200_000;

function stem(token: string): string {
  let s = stemCache.get(token);
  if (s === undefined) {
    s = stemmer(token);
    if (stemCache.size >= STEM_CACHE_MAX) stemCache.clear();
    stemCache.set(token, s);
  }
  return s;
}

/** Content terms: tokens that are not stop words, not bare numbers shorter than 4 digits, stemmed. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const token of tokenize(text)) {
    if (token.length < 2 || STOP_WORDS.has(token)) continue;
    if (token.length < 4 && /^\d+$/.test(token)) continue;
    out.push(stem(token));
  }
  return out;
}

export interface TextFields {
  headline: string;
  standfirst?: string;
  body: readonly string[];
}

/** Raw term counts of an article; headline terms count twice. */
export function termCounts(article: TextFields): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (text: string, weight: number) => {
    for (const t of terms(text)) counts.set(t, (counts.get(t) ?? 0) + weight);
  };
  add(article.headline, 2);
  if (article.standfirst) add(article.standfirst, 1);
  for (const paragraph of article.body) add(paragraph, 1);
  return counts;
}

/**
 * The stored article's term counts, computed once per article object however many stages ask (the
 * terms, stories and related stages all need them on the ingest hot path). Read-only: callers share it.
 */
const countsOfArticle = new WeakMap<TextFields, ReadonlyMap<string, number>>();
export function articleTermCounts(article: TextFields): ReadonlyMap<string, number> {
  let counts = countsOfArticle.get(article);
  if (!counts) countsOfArticle.set(article, (counts = termCounts(article)));
  return counts;
}

/** Sublinear term frequency, 1 + ln(tf). */
export function sublinearTf(tf: number): number {
  return tf > 0 ? 1 + Math.log(tf) : 0;
}
