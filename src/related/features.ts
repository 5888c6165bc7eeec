/**
 * What the related engine reads from an article's text besides the stored term counts: a readable
 * surface word for each stem (reasons show "Ukraine", not "ukrain"), and entity-like evidence until real
 * entity extraction lands: capitalised words away from a sentence start, and numbers ("4.6", "10").
 * Numbers and names are what tell two events of one kind apart (two earthquakes, two launches).
 */
import { stemmer } from 'stemmer';
import { STOP_WORDS, type TextFields } from '../analyse/text.ts';
import { TITLES } from '../analyse/lexicon/words.ts';
import type { EntityRef } from '../store/related.ts';

/** Words, and numbers with decimals ("4.6", also "4. 6" as some sources break it) or thousands ("1,200"). */
const WORD = /\d+(?:(?:\.\s?|,)\d+)*|[\p{L}\p{N}]+(?:['’]\p{L}+)?/gu;

const stemCache = new Map<string, string>();
function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = stemmer(word);
    if (stemCache.size > 50_000) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}

function texts(article: TextFields): string[] {
  return [article.headline, ...(article.standfirst ? [article.standfirst] : []), ...article.body];
}

/**
 * A word as reasons show it: without a possessive ("Russia's" is Russia), other apostrophes kept
 * ("O'Brien"). Keys stay those of the analysed text (apostrophes dropped), so lookups do not change.
 */
function shownForm(raw: string): string {
  return raw.replace(/['’]s$/i, '');
}

/**
 * Stem -> the word form most frequent in the article, case folded for counting ("talks" and "Talks" are
 * one form); shown capitalised when most of its occurrences are ("Ukraine", "Nato").
 */
export function surfaceForms(article: TextFields): Map<string, string> {
  const seen = new Map<string, { forms: Map<string, number>; capital: Map<string, number>; capitals: number; total: number }>();
  for (const text of texts(article)) {
    for (const m of text.matchAll(WORD)) {
      const word = m[0].replace(/['’]/g, '');
      const lower = word.toLowerCase();
      if (lower.length < 2 || STOP_WORDS.has(lower) || /^\d/.test(lower)) continue;
      const s = stem(lower);
      let entry = seen.get(s);
      if (!entry) seen.set(s, (entry = { forms: new Map(), capital: new Map(), capitals: 0, total: 0 }));
      entry.total++;
      const form = shownForm(m[0]);
      entry.forms.set(form.toLowerCase(), (entry.forms.get(form.toLowerCase()) ?? 0) + 1);
      if (/^\p{Lu}/u.test(word)) {
        entry.capitals++;
        entry.capital.set(form, (entry.capital.get(form) ?? 0) + 1);
      }
    }
  }
  const commonest = (counts: Map<string, number>) => [...counts].sort((a, b) => b[1] - a[1] || a[0].length - b[0].length || a[0].localeCompare(b[0]))[0]?.[0] ?? '';
  const out = new Map<string, string>();
  for (const [s, e] of seen) {
    const form = commonest(e.forms);
    const capitalised = [...e.capital].filter(([w]) => w.toLowerCase() === form);
    out.set(s, e.capitals * 2 > e.total && capitalised.length ? commonest(new Map(capitalised)) : form);
  }
  return out;
}

/**
 * The multi-word names each capitalised word belongs to in the text, those it occurs in at least as often
 * as alone, most frequent first: "Bramford" and "Cross" -> ["Bramford Cross"]. Reasons show such a name
 * once instead of its words apart when the entity extractor did not name it (invented places, unknown
 * bodies). A name is a run of capitalised words joined by a space, a hyphen or a plural possessive
 * ("Dockworkers' Union"), after its last title word ("Dr Noor Haddad-Lind" is "Noor Haddad-Lind") and
 * without leading or trailing stop words ("The"); a singular possessive ends it ("Valdoria's Central
 * Bank" is two names). Keys are pseudoEntities' keys.
 */
export function nameRuns(article: TextFields): Map<string, string[]> {
  const inRun = new Map<string, Map<string, number>>();
  const alone = new Map<string, number>();
  // The headline is left out, as in pseudoEntities: headline case capitalises every word.
  for (const text of texts(article).slice(1)) {
    let run: { word: string; sep: string; key: string; lower: string }[] = [];
    const flush = () => {
      let a = run.findLastIndex((w) => TITLES.has(w.lower)) + 1;
      let b = run.length;
      while (a < b && STOP_WORDS.has(run[a]!.lower)) a++;
      while (b > a && STOP_WORDS.has(run[b - 1]!.lower)) b--;
      const words = run.slice(a, b);
      if (words.length === 1) alone.set(words[0]!.key, (alone.get(words[0]!.key) ?? 0) + 1);
      if (words.length > 1) {
        const name = words.map((w, i) => (i ? w.sep : '') + shownForm(w.word)).join('');
        for (const { key } of words) {
          let names = inRun.get(key);
          if (!names) inRun.set(key, (names = new Map()));
          names.set(name, (names.get(name) ?? 0) + 1);
        }
      }
      run = [];
    };
    let end = -1;
    for (const m of text.matchAll(WORD)) {
      const raw = m[0];
      const sep = text.slice(end, m.index);
      const capital = /^\p{Lu}/u.test(raw);
      // A plural possessive stays inside a name ("Dockworkers' Union"), a singular one ends it.
      const joins = sep === ' ' || sep === '-' || (/^['’] $/.test(sep) && /s$/i.test(run[run.length - 1]?.word ?? ''));
      if (!capital || !joins || /['’]s$/i.test(run[run.length - 1]?.word ?? '')) flush();
      if (capital) {
        const lower = raw.replace(/['’]/g, '').toLowerCase();
        run.push({ word: raw, sep, key: stem(lower), lower });
      }
      end = m.index + raw.length;
    }
    flush();
  }
  const out = new Map<string, string[]>();
  for (const [key, names] of inRun) {
    const usual = [...names]
      .filter(([, count]) => count >= (alone.get(key) ?? 0))
      .sort((x, y) => y[1] - x[1] || y[0].length - x[0].length || x[0].localeCompare(y[0]))
      .map(([name]) => name);
    if (usual.length) out.set(key, usual);
  }
  return out;
}

/** A number as an entity key: "4. 6" (a tokeniser artefact in some sources) and "4,6" become "4.6". */
function numberKey(token: string): string {
  return token.replace(/\s/g, '').replace(/,(\d{3})(?!\d)/g, '$1').replace(',', '.');
}

/**
 * Entity-like evidence from the text alone: a word counts when most of its occurrences away from a
 * sentence start are capitalised (names, places, organisations), and every number counts. Keys are
 * lower-cased ("#" before numbers); names keep the commonest surface form.
 */
export function pseudoEntities(article: TextFields): EntityRef[] {
  const stats = new Map<string, { name: Map<string, number>; capital: number; total: number; number: boolean }>();
  // The headline is left out: headline case capitalises every word.
  for (const text of texts(article).slice(1)) {
    for (const m of text.matchAll(WORD)) {
      const raw = m[0];
      const isNumber = /^\d/.test(raw);
      const word = raw.replace(/['’]/g, '');
      const lower = word.toLowerCase();
      if (!isNumber && (lower.length < 2 || STOP_WORDS.has(lower))) continue;
      const before = text.slice(Math.max(0, m.index - 3), m.index);
      const sentenceStart = m.index === 0 || /[.!?"“:]\s*$/.test(before);
      if (sentenceStart && !isNumber) continue;
      const key = isNumber ? `#${numberKey(word)}` : stem(lower);
      let s = stats.get(key);
      if (!s) stats.set(key, (s = { name: new Map(), capital: 0, total: 0, number: isNumber }));
      s.total++;
      if (isNumber || /^\p{Lu}/u.test(word)) s.capital++;
      const name = isNumber ? numberKey(word) : shownForm(raw);
      s.name.set(name, (s.name.get(name) ?? 0) + 1);
    }
  }
  const out: EntityRef[] = [];
  for (const [key, s] of stats) {
    if (!s.number && s.capital * 2 <= s.total) continue;
    const name = [...s.name].sort((a, b) => b[1] - a[1])[0]![0];
    out.push({ key, name });
  }
  return out;
}
