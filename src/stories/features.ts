/**
 * What story clustering sees of an article: a term vector (sublinear tf, weighted by idf when compared),
 * a "names" vector (the entity feature), and its date and publisher.
 *
 * The names vector is the hook for the entities branch: given the article's Mention[] it is built from
 * them; until then it is built from the text itself, cheaply, from capitalised tokens that do not open
 * a sentence ("Lohan", "Betty", "Ford", "Healdsburg") and decimal numbers ("4.4", "5.2"): the words
 * that tell two look-alike events apart (two earthquakes, two rehab stays).
 */
import type { Article, Mention } from '../model.ts';
import { STOP_WORDS, articleTermCounts, sublinearTf, terms } from '../analyse/text.ts';

/** Sparse vector: term -> weight. */
export type Vector = Map<string, number>;

export interface ArticleFeatures {
  id: string;
  headline: string;
  publisher?: string;
  /** Milliseconds since the epoch, or undefined for an undated article. */
  time?: number;
  /** Sublinear term frequencies (1 + ln tf), not yet idf-weighted. */
  terms: Vector;
  /** Entity (or name-like token) frequencies, sublinear, keyed like terms ("lohan", "betti", "#4.4"). */
  names: Vector;
  /** Display form of each name key, for key entities. */
  nameForms: Map<string, string>;
  /** Entity type of each name key, when the names came from mentions. */
  nameTypes?: Map<string, Mention['type']>;
}

/** Capitalised but not names: days, months, and the like, which every event shares. */
const CALENDAR = new Set(
  ('monday tuesday wednesday thursday friday saturday sunday january february march april may june july august ' +
    'september october november december jan feb mar apr jun jul aug sep sept oct nov dec today yesterday ' +
    'gmt bst est edt pst pdt utc am pm updated posted published').split(' '),
);

/** Prefix of number keys in the names vector; numbers have no document frequency of their own. */
export const NUMBER_PREFIX = '#';

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’.-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu;

/**
 * Name-like tokens of a text: capitalised words that do not open a sentence, and decimal numbers.
 * Paragraphs written in capitals (wire slugs, shouted headlines) carry no signal and are skipped.
 */
export function nameTokens(paragraphs: readonly string[]): { key: string; form: string }[] {
  const out: { key: string; form: string }[] = [];
  for (const paragraph of paragraphs) {
    const letters = paragraph.replace(/[^\p{L}]/gu, '');
    if (letters.length > 8 && letters === letters.toUpperCase()) continue;
    if (isTitleCase(paragraph)) continue;
    for (const m of paragraph.matchAll(WORD)) {
      const word = m[0];
      if (/^\d+\.\d+$/.test(word)) {
        out.push({ key: `${NUMBER_PREFIX}${word}`, form: word });
        continue;
      }
      if (!/^\p{Lu}/u.test(word)) continue;
      const before = paragraph.slice(Math.max(0, m.index - 3), m.index);
      if (m.index === 0 || /[.!?:;"“‘(\-–—]\s*$/.test(before)) continue; // opens a sentence or a quote
      for (const part of word.split(/[-.'’]/)) {
        const lower = part.toLowerCase();
        if (part.length < 2 || STOP_WORDS.has(lower) || CALENDAR.has(lower) || !/^\p{Lu}/u.test(part)) continue;
        const [key] = terms(lower);
        if (key) out.push({ key, form: part });
      }
    }
  }
  return out;
}

/**
 * The words of a headline that can say what it is about, as term keys: no calendar words or numbers
 * (a dateline extracted as the headline, "Updated: November 11, 2011 20:09 IST", says nothing).
 */
export function headlineKeys(headline: string): Set<string> {
  const words = headline.match(WORD) ?? [];
  return new Set(terms(words.filter((w) => !CALENDAR.has(w.toLowerCase()) && !/\d/.test(w)).join(' ')));
}

/** Numbers that tell events apart: decimals ("4.4"), years ("2005") and counts of two digits or more ("23"). */
export function numberTokens(paragraphs: readonly string[]): { key: string; form: string }[] {
  const out: { key: string; form: string }[] = [];
  for (const paragraph of paragraphs) {
    for (const m of paragraph.matchAll(NUMBER)) out.push({ key: `${NUMBER_PREFIX}${m[0]}`, form: m[0] });
  }
  return out;
}

const NUMBER = /(?<![\p{L}\d.,])(?:\d+\.\d+|\d{2,4})(?![\p{L}\d]|[.,]\d)/gu;

/**
 * "Lohan Checks Into Betty Ford Center": a title-case line, where capitals say nothing. Told by its
 * capitalised function words ("Into", "For") among mostly capitalised words, or by capitals throughout.
 */
function isTitleCase(text: string): boolean {
  const words = (text.match(/\p{L}{2,}/gu) ?? []).slice(1);
  if (words.length < 3) return false;
  const capitalised = words.filter((w) => /^\p{Lu}/u.test(w));
  const share = capitalised.length / words.length;
  if (share === 1 && words.length >= 4) return true;
  return share > 0.6 && capitalised.some((w) => STOP_WORDS.has(w.toLowerCase()));
}

function sublinear(counts: ReadonlyMap<string, number>): Vector {
  const v: Vector = new Map();
  for (const [k, c] of counts) v.set(k, sublinearTf(c));
  return v;
}

export function parseTime(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : undefined;
}

/**
 * The article's features. With mentions (from the entities stage), the names vector is built from them
 * (key: the lower-cased entity name); without, from name-like tokens of the text.
 */
export function articleFeatures(article: Article, mentions?: readonly Mention[]): ArticleFeatures {
  const names = new Map<string, number>();
  const nameForms = new Map<string, string>();
  let nameTypes: Map<string, Mention['type']> | undefined;
  if (mentions) {
    nameTypes = new Map();
    for (const m of mentions) {
      const key = m.name.toLowerCase();
      names.set(key, (names.get(key) ?? 0) + m.count);
      nameForms.set(key, m.name);
      nameTypes.set(key, m.type);
    }
    // Mentions carry no numbers; the magnitudes, tolls, ages and years of the text are event evidence too.
    for (const { key, form } of numberTokens([article.headline, ...(article.standfirst ? [article.standfirst] : []), ...article.body])) {
      names.set(key, (names.get(key) ?? 0) + 1);
      nameForms.set(key, form);
    }
  } else {
    const formCounts = new Map<string, Map<string, number>>();
    const text = [article.headline, ...(article.standfirst ? [article.standfirst] : []), ...article.body];
    for (const { key, form } of nameTokens(text)) {
      names.set(key, (names.get(key) ?? 0) + 1);
      const forms = formCounts.get(key) ?? new Map<string, number>();
      forms.set(form, (forms.get(form) ?? 0) + 1);
      formCounts.set(key, forms);
    }
    for (const [key, forms] of formCounts) nameForms.set(key, [...forms].sort((a, b) => b[1] - a[1])[0]![0]);
  }
  return {
    id: article.id,
    headline: article.headline,
    publisher: article.publisher,
    time: parseTime(article.publishedAt),
    terms: sublinear(articleTermCounts(article)),
    names: sublinear(names),
    nameForms,
    nameTypes,
  };
}
