/**
 * Entity extraction: people, organisations and places mentioned in one article, with the names an
 * article uses for the same entity merged ("Joe Biden", "Biden", "President Biden" -> "Joe Biden").
 *
 * Why not a library: measured on the reference page, compromise found only some of the names, typed
 * "state Antony" as a place and needed ~25 ms for 600 words (five times the budget); wink-nlp's English
 * model has no person or organisation types. So this is a small rule system, in the spirit of the
 * classic gazetteer + context taggers:
 *
 *  1. tokenise         words, numbers, dotted acronyms ("U.S."), punctuation; sentence starts marked
 *  2. spans            runs of capitalised words, joined by "of"/"de"/"al"... and small numbers
 *                      ("Nord Stream 2"); days, months, "The", titles and demonyms cut or stripped
 *  3. classify         lexicon (places, organisations) > head words ("... Ministry", "... Street") >
 *                      context (titles before, "said"/age after, prepositions) > given-name lexicon >
 *                      aliases of names already typed > shape fallback
 *  4. merge            surnames into full names, acronyms into their expansions, short org names
 *                      into longer ones; canonical name = fullest form
 *
 * Positions: the text is headline, standfirst and body paragraphs joined by "\n\n"; `firstPosition` is
 * a character offset into that string.
 *
 * Contributors (bylines) are a kind of their own: `contributorMentions()` makes them, and a byline
 * paragraph in the body (the reference page ends with "Andrew Roth in Moscow and Julian Borger in
 * Washington") is skipped, so a contributor is a person mention only when the text really names them.
 */
import type { EntityType, Mention } from '../model.ts';
import { ORGANISATIONS, ORG_HEADS, ORG_OF_HEADS, NON_ENTITY_ACRONYMS } from './lexicon/organisations.ts';
import { PLACES } from './lexicon/places.ts';
import { FIRST_NAMES } from './lexicon/names.ts';
import { ABBREVIATIONS, DAYS_MONTHS, DESCRIPTIVE_TITLES, FUNCTION_WORDS, HONORIFICS, NAME_SUFFIXES, TITLES } from './lexicon/words.ts';

export interface EntityArticle {
  headline: string;
  standfirst?: string;
  body: string[];
  contributors?: { name: string }[];
}

/** The three kinds found in text (contributors come from bylines, never from text). */
export type TextEntityType = Exclude<EntityType, 'contributor'>;

// ---------------------------------------------------------------------------------------------------
// Keys

const FOLD: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ł: 'l', ı: 'i', þ: 'th' };

/**
 * The lookup key of an entity name: lower case, diacritics folded, apostrophes dropped, other
 * punctuation a space, runs of single letters joined ("U. S." -> "us"), a leading "the" dropped.
 * "NATO" and "Nato", "Süddeutsche" and "Suddeutsche", "U.S." and "US" share a key.
 */
export function entityKey(name: string): string {
  let key = keyCache.get(name);
  if (key === undefined) {
    if (keyCache.size > 50_000) keyCache.clear();
    key = computeKey(name);
    keyCache.set(name, key);
  }
  return key;
}
const keyCache = new Map<string, string>();

function computeKey(name: string): string {
  const folded = (/^[\x20-\x7e]*$/.test(name) ? name : name.normalize('NFKD').replace(/\p{M}+/gu, ''))
    .toLowerCase()
    .replace(/[ßæœøđłıþ]/g, (c) => FOLD[c] ?? c)
    .replace(/['’‘`´]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  const out: string[] = [];
  let joining = false;
  for (const w of folded.split(' ')) {
    if (w.length === 1 && /\p{L}/u.test(w)) {
      if (joining) out[out.length - 1] += w;
      else out.push(w);
      joining = true;
    } else {
      out.push(w);
      joining = false;
    }
  }
  if (out[0] === 'the' && out.length > 1) out.shift();
  return out.join(' ');
}

// ---------------------------------------------------------------------------------------------------
// Lexicon indexes (built once)

interface LexEntry { type: TextEntityType; canonical: string }
const LEXICON = new Map<string, LexEntry>();
/** Demonym key -> the place it is evidence for. */
const DEMONYMS = new Map<string, string>();
for (const p of PLACES) {
  for (const n of [p.canonical, ...p.aliases]) LEXICON.set(entityKey(n), { type: 'place', canonical: p.canonical });
  for (const d of p.demonyms) DEMONYMS.set(entityKey(d), p.canonical);
}
for (const o of ORGANISATIONS) {
  for (const n of [o.canonical, ...o.aliases]) {
    const k = entityKey(n);
    if (!LEXICON.has(k)) LEXICON.set(k, { type: 'organisation', canonical: o.canonical });
  }
}

/** Last words that make a capitalised span a place ("117th Street", "Sonoma County"). */
const PLACE_HEADS = new Set(`Street St Road Rd Avenue Ave Boulevard Blvd Square Lane Drive Highway Freeway Motorway Bridge
Tunnel River Lake Mountain Mountains Hills Hill Valley Bay Sea Ocean Gulf Island Islands Isle Peninsula Coast Beach Park
Canyon Desert Forest Glacier Falls Strait Channel Harbor Harbour County Province Region District Territory Village City
Town Airport Station Pier Prefecture Oblast Towers Tower Stadium Arena Plaza Corridor Reef Delta Basin Heights Springs
Creek Point Cape Bivvy Wharf Quay Marsh Moor`.split(/\s+/));
/** First words that make a span a place ("Mount Sefton", "Gulf of Aden", "Stade de Suisse"). */
const PLACE_FIRST = new Set(`Mount Mt Lake Fort Port Cape Isle Gulf Sea Bay Stade Lac Rio Camp Sierra Santa San Los Las River Upper Lower`.split(/\s+/));
/** First words of sports clubs' names ("Sporting Aldeira", "Real Betis", "Dynamo Kyiv"): organisations. */
const ORG_FIRST = new Set(`Sporting Athletic Atletico Atlético Dynamo Dinamo Olympique Racing Real`.split(/\s+/));
const COMPASS = new Set(`north south east west northern southern eastern western central northeast northwest southeast
southwest northeastern northwestern southeastern southwestern upper lower greater`.split(/\s+/));
/** Lower-case words allowed inside a name: "Gulf of Aden", "Stade de Suisse", "Bashar al-Assad". */
const CONNECTORS = new Set(['of', 'de', 'du', 'da', 'del', 'della', 'der', 'den', 'van', 'von', 'bin', 'ibn', 'al', 'el', 'la', 'le', 'di', 'y', '&']);
const SAID = new Set(['said', 'says', 'told', 'added', 'wrote', 'explained', 'insisted', 'tweeted', 'stated', 'recalled', 'admitted', 'argued', 'noted', 'warned', 'replied', 'confirmed', 'announced']);
const PERSON_PASSIVE = new Set(['arrested', 'charged', 'sentenced', 'killed', 'born', 'elected', 'jailed', 'convicted', 'injured', 'married', 'died']);
const PLACE_PREPS = new Set(['in', 'near', 'outside', 'from', 'across', 'towards', 'toward']);
const BYLINE_WORDS = new Set(`in and by reporting additional editing contributed correspondent writes with from the staff agencies
reporter editor political diplomatic chief senior international foreign affairs economics economic security defence defense
science health world europe us our at for`.split(/\s+/));

const isUpperInitial = (s: string) => /^\p{Lu}/u.test(s);
const lexOf = (key: string) => LEXICON.get(key);

// ---------------------------------------------------------------------------------------------------
// Tokens

interface Tok {
  text: string;
  start: number;
  end: number;
  /** w: word, a: dotted acronym ("U.S."), n: number, p: punctuation */
  kind: 'w' | 'a' | 'n' | 'p';
  lower: string;
  cap: boolean;
  /** All letters upper case and at least two of them: an acronym, or shouting. */
  upper: boolean;
  /** First word of a sentence (or of a quotation): its capital says nothing. */
  sent: boolean;
  /** "Russia's": the possessive is cut off `text` and ends a span. */
  poss: boolean;
  /** "Stockholm-based": the lower-case hyphen part is cut off and ends a span. */
  hyphenCut: string;
  /** Headline in title case, or a run of all-caps words: capitals say nothing here. */
  restricted: boolean;
  seg: number;
}

const TOKEN_RE = /((?:\p{Lu}\.\s?){2,}(?!\p{L}))|([\p{L}\p{M}][\p{L}\p{M}\p{N}]*(?:['’\-][\p{L}\p{M}\p{N}]+)*)|(\p{N}+(?:[.,:]\p{N}+)*(?:st|nd|rd|th)?)|(\S)/gu;
const HYPHEN_CUT = /^(\p{Lu}[\p{L}\p{M}\p{N}'’-]*\p{L}{3,})-(\p{Ll}[\p{Ll}-]*)$/u;
const OPEN_QUOTES = new Set(['“', '"', '‘', "'", '(', '[', '«']);
const SENTENCE_END = new Set(['.', '!', '?', ':', ';', '—', '–', '|']);

function tokenise(text: string, base: number, seg: number, restricted: boolean, out: Tok[]): void {
  let atStart = true;
  let afterQuote = false;
  for (const m of text.matchAll(TOKEN_RE)) {
    let raw = m[0];
    const start = base + (m.index ?? 0);
    if (m[1] !== undefined) {
      raw = raw.trimEnd();
      out.push({ text: raw, start, end: start + raw.length, kind: 'a', lower: raw.toLowerCase(), cap: true, upper: true, sent: false, poss: false, hyphenCut: '', restricted, seg });
      atStart = false;
      afterQuote = false;
      continue;
    }
    if (m[2] !== undefined) {
      let poss = false;
      let hyphenCut = '';
      const n = raw.length;
      if (n > 3 && raw.charCodeAt(n - 1) === 115 /* s */ && (raw[n - 2] === "'" || raw[n - 2] === '’')) {
        raw = raw.slice(0, -2);
        poss = true;
      }
      if (raw.includes('-')) {
        const hm = HYPHEN_CUT.exec(raw);
        // "Stockholm-based", "Britain-who" are cut; "Geun-hye", "Ki-moon" (short lower-case parts of names) are not.
        if (hm && hm[1] && hm[2] && (hm[2].length >= 4 || FUNCTION_WORDS.has(hm[2]))) {
          hyphenCut = hm[2];
          raw = hm[1];
        }
      }
      const c0 = raw[0]!;
      const cap = c0 !== c0.toLowerCase();
      const upper = cap && raw.length >= 2 && raw === raw.toUpperCase() && /\p{L}.*\p{L}/u.test(raw);
      out.push({ text: raw, start, end: start + raw.length, kind: 'w', lower: raw.toLowerCase(), cap, upper, sent: atStart || afterQuote, poss, hyphenCut, restricted, seg });
      atStart = false;
      afterQuote = false;
      continue;
    }
    if (m[3] !== undefined) {
      out.push({ text: raw, start, end: start + raw.length, kind: 'n', lower: raw.toLowerCase(), cap: false, upper: false, sent: atStart, poss: false, hyphenCut: '', restricted, seg });
      atStart = false;
      afterQuote = false;
      continue;
    }
    // Punctuation.
    const prev = out[out.length - 1];
    let ends = SENTENCE_END.has(raw);
    // "Lt. Gregg Hastings", "Richard M. Nixon", "Calif.": the full stop of an abbreviation or initial.
    if (raw === '.' && prev && prev.seg === seg && prev.end === start && prev.kind === 'w' && (ABBREVIATIONS.has(prev.lower) || /^\p{Lu}$/u.test(prev.text))) ends = false;
    // "Dockworkers’ Union": the apostrophe of a plural possessive, like "’s", belongs to the word before.
    if ((raw === '’' || raw === "'") && prev?.kind === 'w' && prev.cap && prev.end === start && prev.lower.endsWith('s') && /\s/.test(text[(m.index ?? 0) + 1] ?? '')) {
      prev.poss = true;
      continue;
    }
    out.push({ text: raw, start, end: start + 1, kind: 'p', lower: raw, cap: false, upper: false, sent: false, poss: false, hyphenCut: '', restricted, seg });
    if (ends) atStart = true;
    afterQuote = OPEN_QUOTES.has(raw);
  }
}

/** A headline or standfirst in Title Case: its capitals carry no information. */
function isTitleCase(text: string): boolean {
  const words = text.match(/\p{L}[\p{L}'’-]*/gu) ?? [];
  const long = words.slice(1).filter((w) => w.length >= 4);
  if (long.length < 3) return false;
  return long.filter((w) => isUpperInitial(w)).length / long.length >= 0.75;
}

/** Mark runs of all-caps words ("MARFIN EGNATIA BANK", "DIED IN A BLAZE", "NEW YORK —") as shouting, not acronyms. */
function markShouting(toks: Tok[]): void {
  const caps = (t: Tok | undefined) => t !== undefined && t.kind === 'w' && t.cap && t.text === t.text.toUpperCase();
  let i = 0;
  while (i < toks.length) {
    if (!caps(toks[i])) {
      i++;
      continue;
    }
    let j = i + 1;
    while (caps(toks[j]) && toks[j]!.seg === toks[i]!.seg) j++;
    const run = toks.slice(i, j).filter((t) => t.text.length >= 2);
    if (run.length >= 2 && run.some((t) => t.text.length >= 3)) {
      for (const t of run) {
        t.restricted = true;
        t.upper = false;
      }
    }
    i = j;
  }
}

// ---------------------------------------------------------------------------------------------------
// Spans: runs of capitalised words

const isCapWord = (t: Tok | undefined): t is Tok => t !== undefined && (t.kind === 'w' || t.kind === 'a') && t.cap;
/**
 * The title word at i as a title, not as the first word of a name: a descriptive one ("star", "actor")
 * only in lower case, where capitals say nothing (a sentence start, a Title Case headline, shouting) or
 * before what is a name by itself ("Star Emma Stone", "Actress Amber Heard"; but "Star Wars").
 */
function isTitle(toks: readonly Tok[], i: number, loneCaps?: ReadonlySet<string>): boolean {
  const t = toks[i]!;
  if (!TITLES.has(t.lower)) return false;
  if (!t.cap || t.sent || t.restricted || !DESCRIPTIVE_TITLES.has(t.lower)) return true;
  // Before a name of two capitalised words it is still a title ("Actress Amber Heard" in a caption), and
  // before one word the text also names alone ("Singer Rihanna" where "Rihanna" stands by itself too).
  const [n1, n2] = [toks[i + 1], toks[i + 2]];
  const opensName = (n: Tok | undefined) => n !== undefined && n.seg === t.seg && isCapWord(n);
  if (!opensName(n1)) return false;
  if (FIRST_NAMES.has(n1!.text) || loneCaps?.has(entityKey(n1!.text))) return true;
  return opensName(n2) && !TITLES.has(n2!.lower);
}
/** A capitalised title word: "Minister", "Deputy", "Foreign". */
const isTitleWord = (toks: readonly Tok[], i: number): boolean => {
  const t = toks[i];
  return t !== undefined && t.kind === 'w' && t.cap && isTitle(toks, i);
};
/** An acronym that names something ("FSB", "U.S."); "TV" or "CEO" are read as ordinary words. */
const isAcronym = (t: Tok) => (t.kind === 'a' || (t.upper && !t.restricted)) && !NON_ENTITY_ACRONYMS.has(t.text.replace(/[.\s]/g, ''));
const breaksSpan = (t: Tok) => DAYS_MONTHS.has(t.lower) || (t.lower === 'the' && !t.sent);
const sameSeg = (a: Tok | undefined, b: Tok) => a !== undefined && a.seg === b.seg;

/** Split the token stream into candidate spans (index ranges, end exclusive). */
function findSpans(toks: Tok[]): [number, number][] {
  const spans: [number, number][] = [];
  let i = 0;
  while (i < toks.length) {
    const t = toks[i]!;
    // "117th Street", "53rd Street": an ordinal opens a span when a place head follows.
    const ordinalStart = t.kind === 'n' && /\d(st|nd|rd|th)$/.test(t.text) && isCapWord(toks[i + 1]) && PLACE_HEADS.has(toks[i + 1]!.text);
    if (!(isCapWord(t) && !breaksSpan(t)) && !ordinalStart) {
      i++;
      continue;
    }
    let j = i + 1;
    let last = t;
    while (j < toks.length && !last.poss && !last.hyphenCut) {
      const n = toks[j]!;
      if (n.seg !== t.seg || n.start - last.end > 1) break;
      if (isCapWord(n) && !breaksSpan(n)) {
        // An acronym next to words is a name of its own ("CHP Officer Brad Baehr"), unless it is an
        // initial ("A. J. Smith") or the words end in an organisation head ("U.S. Marshals Service").
        if (last.kind !== 'n' && isAcronym(n) !== isAcronym(last)) {
          const initials = last.kind === 'a' && last.text.replace(/[.\s]/g, '').length <= 2 && !lexOf(last.lower.replace(/[.\s]/g, ''));
          if (!isAcronym(last) || !(initials || spanEndsInOrgHead(toks, j))) break;
        }
        last = n;
        j++;
        continue;
      }
      // "Richard M. Nixon": the full stop of an initial.
      if (n.text === '.' && last.kind === 'w' && /^\p{Lu}$/u.test(last.text) && isCapWord(toks[j + 1]) && sameSeg(toks[j + 1], t)) {
        last = toks[j + 1]!;
        j += 2;
        continue;
      }
      if (n.lower === 'of' && ORG_OF_HEADS.has(last.text) && toks[j + 1]?.kind === 'n' && /^\d{1,3}$/.test(toks[j + 1]!.text) && sameSeg(toks[j + 1], t)) {
        j += 2;
        break;
      }
      // "National Institute for Public Health", "Office for National Statistics": "for" after an
      // organisation head that names what the body is for.
      const connects = CONNECTORS.has(n.lower) || (n.lower === 'for' && ORG_OF_HEADS.has(last.text));
      if (n.kind === 'w' && connects && isCapWord(toks[j + 1]) && !breaksSpan(toks[j + 1]!) && sameSeg(toks[j + 1], t)) {
        last = toks[j + 1]!;
        j += 2;
        continue;
      }
      // "AT&T", "Procter & Gamble" (but not "EU & IMF": two names).
      const after = toks[j + 1];
      if (n.text === '&' && isCapWord(after) && sameSeg(after, t) && ((n.start === last.end && after.start === n.end) || (!isAcronym(last) && !isAcronym(after)))) {
        last = after;
        j += 2;
        continue;
      }
      // "Nord Stream 2", "Highway 175", "Group of 20": a small number closes a name (not a place's: "Japan 125").
      if (n.kind === 'n' && /^\d{1,3}$/.test(n.text) && !(after !== undefined && (after.kind === 'n' || isCapWord(after))) && lexOf(spanKey(toks, i, j))?.type !== 'place' && !PLACE_FIRST.has(t.text)) j++;
      break;
    }
    // "Sam's Club": a possessive followed by an organisation head is one name, unless the owner is a
    // known name itself ("Costa Rica's Ministry of Public Security").
    if (last.poss && isCapWord(toks[j]) && ORG_HEADS.has(toks[j]!.text) && sameSeg(toks[j], t) && !lexOf(spanKey(toks, i, j))) {
      spans.push([i, j + 1]);
      i = j + 1;
      continue;
    }
    pushSplit(toks, i, j, spans);
    i = j;
  }
  return spans;
}

/**
 * Split a span where it holds two names: at a title inside it ("Qeshm Governor Mehdi Irannejad"), and
 * at "of" before a known place when the words before are not an "X of Y" name ("Xi Jinping of China",
 * but "Gulf of Aden", "Ministry of Defence" stay whole), after a titled name ("Professor Ewan Stroud
 * of Kestrelford University"), or between a name of two words or more with no organisation word and an
 * organisation's name of two words or more ("Anika Sørensen of Tidewell Security"; but "Joint Chiefs of
 * Staff").
 */
function pushSplit(toks: Tok[], a: number, b: number, spans: [number, number][]): void {
  for (let k = a + 1; k < b - 1; k++) {
    const t = toks[k]!;
    if (isTitleWord(toks, k) && !ORG_HEADS.has(toks[b - 1]!.text) && !PLACE_HEADS.has(toks[b - 1]!.text) && !lexOf(spanKey(toks, a, b)) && !orgOfBefore(toks, a, k)) {
      spans.push([a, k]);
      pushSplit(toks, k, b, spans);
      return;
    }
    if (t.lower === 'of' && !ORG_OF_HEADS.has(toks[k - 1]!.text) && !ORG_OF_HEADS.has(toks[a]!.text) && !PLACE_FIRST.has(toks[a]!.text)
      && (lexOf(spanKey(toks, k + 1, b))?.type === 'place' || (TITLES.has(toks[a]!.lower) && k - a > 2) || (k - a > 1 && b - k > 2 && ORG_HEADS.has(toks[b - 1]!.text) && !toks.slice(a, k).some((w) => ORG_HEADS.has(w.text) || ORG_OF_HEADS.has(w.text))))
      && !lexOf(spanKey(toks, a, b))) {
      spans.push([a, k], [k + 1, b]);
      return;
    }
  }
  spans.push([a, b]);
}

/** "Ministry of" (an organisation head and "of") before position k in the span: "Ministry of Foreign Affairs" is one name. */
function orgOfBefore(toks: Tok[], a: number, k: number): boolean {
  for (let j = a + 1; j < k; j++) if (toks[j]!.lower === 'of' && ORG_OF_HEADS.has(toks[j - 1]!.text)) return true;
  return false;
}

function spanKey(toks: Tok[], a: number, b: number): string {
  let s = '';
  for (let k = a; k < b; k++) s += (k > a ? ' ' : '') + toks[k]!.text;
  return entityKey(s);
}

function spanEndsInOrgHead(toks: Tok[], from: number): boolean {
  let k = from;
  while (isCapWord(toks[k]) && !toks[k]!.poss && toks[k]!.seg === toks[from]!.seg) k++;
  const lastTok = toks[k - 1];
  return lastTok !== undefined && ORG_HEADS.has(lastTok.text);
}

// ---------------------------------------------------------------------------------------------------
// Classification of one span

interface Occurrence {
  key: string;
  surface: string;
  start: number;
  type: TextEntityType | null;
  /** 3 strong (lexicon, head word, title), 2 medium (given name, apposition), 1 weak (context), 0 none. */
  score: number;
  /** The lexicon entry's canonical name, when the lexicon knew the span. */
  canonical?: string;
  restricted: boolean;
  /** Words of the name, for alias matching. */
  words: string[];
  acronym: boolean;
  /** "(ICIJ)" right after a name: the acronym names the same entity. */
  expandsTo?: string;
}

interface Context {
  text: string;
  demonyms: Map<string, number>;
  /** Capitalised single words seen away from a sentence start: surnames used alone. */
  loneCaps: Set<string>;
  /** Words the article also writes in lower case: ordinary words when capitalised at a sentence start. */
  lowerWords: Set<string>;
}

function prevTok(toks: Tok[], i: number): Tok | undefined {
  const p = toks[i - 1];
  return p && p.seg === toks[i]!.seg ? p : undefined;
}

/** A title word right before the span: "President Biden", "foreign minister, Sergey Lavrov", "secretary of state, Antony Blinken". */
function titleBefore(toks: Tok[], i: number): boolean {
  let k = i - 1;
  const at = (x: number) => (x >= 0 && toks[x]!.seg === toks[i]!.seg ? toks[x] : undefined);
  if (at(k)?.text === ',') k--;
  const t1 = at(k);
  if (t1 === undefined || t1.kind !== 'w') return false;
  if (TITLES.has(t1.lower)) return true;
  const t2 = at(k - 1);
  const t3 = at(k - 2);
  return t2?.lower === 'of' && t3 !== undefined && TITLES.has(t3.lower) && !t1.cap;
}

/**
 * Whether the span ends where a title leading a name begins, in the same run of capitals: "Deputy Prime |
 * Minister Chrystia Freeland", "Deputy Emergency Situations | Minister Alexander Chupriyan", "Acting
 * Health | Minister Jane Doe". Such words qualify the title (a portfolio), so a title before them does not
 * make them a person. "Dr Jane Doe | Chief Executive" is not such a case: no name follows the title.
 */
function qualifiesTitle(toks: Tok[], b: number): boolean {
  const seg = toks[b - 1]!.seg;
  let k = b;
  while (isTitleWord(toks, k) && toks[k]!.seg === seg) k++;
  return k > b && isCapWord(toks[k]) && toks[k]!.seg === seg;
}

/** Nouns that say the name before them is an organisation ("the Mossack Fonseca firm") or a place. */
const ORG_NOUNS = new Set(`firm company group agency bank newspaper paper magazine network channel broadcaster airline carrier
website site party brand maker manufacturer retailer startup organisation organization team club charity union grocery
store chain studio label insurer lender publisher tabloid daily outlet`.split(/\s+/));
const SHOP_NOUNS = new Set(['grocery', 'store', 'shop', 'restaurant', 'bakery', 'pharmacy', 'pub', 'diner', 'cafe', 'bar']);
const PLACE_NOUNS = new Set(`area region province county city town village island residents resident man woman native suburb
neighborhood neighbourhood district airport national park peninsula coast border capital`.split(/\s+/));
const PLACE_OF = new Set(`town city village villages province state region county district port island capital suburb area
north south east west northeast northwest southeast southwest outskirts`.split(/\s+/));

/** The word as head-word lists spell it: "BANK" in an all-caps run is "Bank". */
const headWord = (t: Tok) => (t.restricted ? titleCaseWords(t.text) : t.text);

function classifySpan(toks: Tok[], a: number, b: number, cx: Context): Occurrence | null {
  const whole = spanKey(toks, a, b);
  const wholeLex = lexOf(whole);
  const endsInHead = ORG_HEADS.has(toks[b - 1]!.text) || PLACE_HEADS.has(toks[b - 1]!.text);
  let titled = false;
  /** A title stripped that is an office, not an honorific ("Deputy", "Senior", "General"; not "Dr", "Mr"). */
  let office = false;
  // Leading words that are not part of the name.
  while (a < b && !wholeLex) {
    const t = toks[a]!;
    if (t.kind === 'n' || t.kind === 'a') break;
    if (DAYS_MONTHS.has(t.lower) || t.lower === 'the' || CONNECTORS.has(t.lower)) { a++; continue; }
    const dem = DEMONYMS.get(t.lower);
    // "Indian Navy", "Russian Army", "British Parliament": before a lone organisation head the demonym is
    // part of the name (the head alone names nothing).
    if (dem !== undefined && !(b - a === 2 && ORG_HEADS.has(headWord(toks[a + 1]!)))) {
      cx.demonyms.set(dem, (cx.demonyms.get(dem) ?? 0) + 1);
      a++;
      continue;
    }
    if (isTitle(toks, a, cx.loneCaps) && b - a > 1 && !endsInHead) {
      titled = true;
      if (!HONORIFICS.has(t.lower)) office = true;
      a++;
      while (a < b && toks[a]!.text === '.') a++;
      continue;
    }
    if (t.sent && b - a > 1 && !FIRST_NAMES.has(t.text) && (FUNCTION_WORDS.has(t.lower) || cx.lowerWords.has(t.lower) || /(ing|ly|ed)$/.test(t.lower)) && !lexOf(spanKey(toks, a, b))) { a++; continue; }
    if (t.sent && b - a === 1 && FUNCTION_WORDS.has(t.lower)) { a++; continue; }
    // "Southern Iran": a compass word before a known place is not part of its name.
    if (COMPASS.has(t.lower) && b - a > 1 && lexOf(spanKey(toks, a + 1, b))?.type === 'place' && !lexOf(spanKey(toks, a, b))) { a++; continue; }
    break;
  }
  // Trailing words that are not part of the name: "Jr.", "QC".
  while (b > a && (NAME_SUFFIXES.has(toks[b - 1]!.lower) || CONNECTORS.has(toks[b - 1]!.lower) || toks[b - 1]!.text === '.')) b--;
  if (a >= b) return null;
  const beforeTitle = qualifiesTitle(toks, b);
  // Nothing but title words: left after an office ("Deputy Prime Minister", "General Manager", "Senior
  // Vice President": after an honorific the word is a surname, "Dr King", "Mr Major"), or cut off before
  // the rest of a title ("former Vice | Chairman Arvin Vohra"). An office, not a name.
  if ((office || beforeTitle) && toks.slice(a, b).every((t) => t.kind !== 'w' || TITLES.has(t.lower))) return null;
  const first = toks[a]!;
  const last = toks[b - 1]!;
  const single = b - a === 1;
  if (single && FUNCTION_WORDS.has(first.lower) && !first.upper) return null;
  if (single && first.upper && NON_ENTITY_ACRONYMS.has(first.text)) return null;
  const words: string[] = [];
  for (let k = a; k < b; k++) if (toks[k]!.kind !== 'p') words.push(toks[k]!.text);
  // "Hardester's grocery": before a business noun the possessive belongs to the name.
  const possName = last.poss && SHOP_NOUNS.has(toks[b]?.lower ?? '') && toks[b]!.seg === last.seg;
  const surface = cx.text.slice(first.start, possName ? last.end + 2 : last.end);
  const key = possName ? entityKey(surface) : spanKey(toks, a, b);
  if (key === '') return null;
  let restricted = false;
  for (let k = a; k < b; k++) if (toks[k]!.restricted) restricted = true;
  const occ: Occurrence = { key, surface, start: first.start, type: null, score: 0, restricted, words, acronym: single && isAcronym(first) };

  // Demonyms alone ("Ukrainian", "Russians") are evidence for a place, never a mention.
  const dem = DEMONYMS.get(key);
  if (dem !== undefined && !LEXICON.has(key)) {
    cx.demonyms.set(dem, (cx.demonyms.get(dem) ?? 0) + 1);
    return null;
  }
  const p1 = prevTok(toks, a);
  const p2 = p1 ? prevTok(toks, a - 1) : undefined;
  // Ticker symbols: "(nasdaq: MSFT".
  if (p1?.text === ':' && p2 && /^(nasdaq|nyse|lse|tsx|ftse)$/i.test(p2.text)) return null;
  // The plural of a role or unit acronym ("MPs", "Opposition MPs", "CEOs") is no name either.
  if (/^\p{Lu}{2,}s$/u.test(last.text) && NON_ENTITY_ACRONYMS.has(last.text.slice(0, -1))) return null;

  const lex = lexOf(key);
  if (lex) return { ...occ, type: lex.type, score: 3, canonical: lex.canonical };
  if (occ.acronym) {
    const letters = key.replace(/ /g, '');
    if (NON_ENTITY_ACRONYMS.has(letters.toUpperCase()) || letters.length > 6 || /\d/.test(letters)) return null;
    return { ...occ, type: 'organisation', score: 2 };
  }
  // Head words.
  let lastWordTok = last;
  for (let k = b - 1; k > a && toks[k]!.kind === 'n'; k--) lastWordTok = toks[k - 1]!;
  const lastWord = headWord(lastWordTok);
  if (!single && (ORG_HEADS.has(lastWord) || ORG_FIRST.has(headWord(first)))) return { ...occ, type: 'organisation', score: 3 };
  if (!single && !PLACE_HEADS.has(lastWord)) {
    // "Texas Instruments", "San Diego Chargers": a known place followed by other words is an organisation.
    for (let k = b - 1; k > a; k--) {
      if (toks[k - 1]!.kind !== 'p' && lexOf(spanKey(toks, a, k))?.type === 'place') return { ...occ, type: 'organisation', score: 2 };
    }
  }
  if (!single && (PLACE_HEADS.has(lastWord) || PLACE_FIRST.has(headWord(first)))) return { ...occ, type: 'place', score: 3 };
  const ofAt = words.findIndex((w) => w === 'of' || w === 'for');
  if (ofAt > 0 && ORG_OF_HEADS.has(words[ofAt - 1]!)) return { ...occ, type: 'organisation', score: 3 };

  // Context around the span.
  const sent = first.sent && single;
  const next = toks[b];
  const next2 = toks[b + 1];
  const nextWord = next && next.seg === first.seg && next.kind === 'w' ? next.lower : '';
  const appositiveAge = next?.text === ',' && sameSeg(next, first) && next2?.kind === 'n' && /^\d{1,3}$/.test(next2.text);
  const appositiveWho = next?.text === ',' && sameSeg(next, first) && next2?.lower === 'who';
  const saidAfter = SAID.has(nextWord);
  const passiveAfter = (nextWord === 'was' || nextWord === 'is' || nextWord === 'has' || nextWord === 'had') && next2 !== undefined && PERSON_PASSIVE.has(next2.lower);
  const theBefore = p1?.lower === 'the';
  const ofBefore = p1?.lower === 'of' && p2 !== undefined && (PLACE_OF.has(p2.lower) || /^(north|south|east|west)/.test(p2.lower));
  if ((titled || titleBefore(toks, a)) && !beforeTitle) return { ...occ, type: 'person', score: 3 };
  if (!single && FIRST_NAMES.has(first.text)) return { ...occ, type: 'person', score: 2 };
  // "Mannheim, Germany", "Santa Rosa, California": a place qualified by a known place (datelines too).
  if (next?.text === ',' && isCapWord(next2) && lexOf(next2.lower)?.type === 'place' && !FIRST_NAMES.has(first.text)) return { ...occ, type: 'place', score: 2 };
  if (sent) return occ; // a lone capitalised word at a sentence start: only an alias can make it a name
  if (last.hyphenCut === 'based' || ofBefore || (p1?.lower === 'of' && p2?.text === ',')) return { ...occ, type: 'place', score: 2 };
  if (ORG_NOUNS.has(nextWord) || (last.poss && ORG_NOUNS.has(nextWord)) || (p1 !== undefined && ORG_NOUNS.has(p1.lower) && !theBefore)) {
    return { ...occ, type: 'organisation', score: 2 };
  }
  if (PLACE_NOUNS.has(nextWord) && !last.poss) return { ...occ, type: 'place', score: 1 };
  if (appositiveAge || appositiveWho) return { ...occ, type: 'person', score: 2 };
  // '"...," said Anika Sørensen': a full name of two or three words right after a verb of saying (not
  // "told", which is followed by whom: "told Le Monde").
  if (!single && words.length <= 3 && p1 !== undefined && SAID.has(p1.lower) && p1.lower !== 'told' && !first.upper) return { ...occ, type: 'person', score: 2 };
  if ((saidAfter || passiveAfter) && !theBefore && !first.upper) return { ...occ, type: 'person', score: single ? 1 : 2 };
  if (saidAfter && theBefore) return { ...occ, type: 'organisation', score: 1 };
  if (p1 && PLACE_PREPS.has(p1.lower)) return { ...occ, type: 'place', score: 1 };
  // "told People", "told The Post", "Teletica reported": a lone name that is told or reports is most often a news outlet.
  if (single && (p1?.lower === 'told' || (theBefore && p2?.lower === 'told') || nextWord === 'reports' || nextWord === 'reported')) {
    return { ...occ, type: 'organisation', score: 1 };
  }
  if (single && FIRST_NAMES.has(first.text)) return { ...occ, type: 'person', score: 1 };
  if (!single) {
    // Two or three name-shaped words whose last word is also used alone: a person ("Mark Felt" ... "Felt").
    const lastKey = entityKey(words[words.length - 1]!);
    if (words.length <= 3 && cx.loneCaps.has(lastKey) && !LEXICON.has(lastKey) && words.every((w) => /^\p{Lu}\p{Ll}/u.test(w) && !FUNCTION_WORDS.has(w.toLowerCase()))) {
      return { ...occ, type: 'person', score: 1 };
    }
  }
  return occ;
}

// ---------------------------------------------------------------------------------------------------
// Byline paragraphs

const BYLINE_SHAPE = /^(?:By\s+)?\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){1,2}(?:\s+in\s+\p{Lu}[\p{L}-]+(?:\s+\p{Lu}[\p{L}-]+)?)?(?:(?:,\s*|\s+and\s+)\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){1,2}(?:\s+in\s+\p{Lu}[\p{L}-]+(?:\s+\p{Lu}[\p{L}-]+)?)?)*\.?$/u;

/**
 * A paragraph that is the byline, not text ("Andrew Roth in Moscow and Julian Borger in Washington",
 * "Reporting by Jane Doe; editing by John Roe"): with the contributors' names removed, only byline
 * words and capitalised place names remain. Without contributors, only the plain "Name in Place and
 * Name in Place" shape as the last paragraph counts.
 */
function isBylineParagraph(text: string, contributorKeys: string[], isLast: boolean): boolean {
  const trimmed = text.trim();
  if (trimmed.split(/\s+/).length > 30) return false;
  if (contributorKeys.length > 0) {
    let rest = ` ${entityKey(trimmed)} `;
    let found = false;
    for (const k of contributorKeys) {
      if (k && rest.includes(` ${k} `)) {
        rest = rest.split(` ${k} `).join(' ');
        found = true;
      }
    }
    if (found) {
      const original = trimmed.split(/[^\p{L}\p{N}'’-]+/u).filter(Boolean);
      const capitalised = new Set(original.filter(isUpperInitial).map((w) => entityKey(w)));
      if (rest.trim().split(' ').filter(Boolean).every((w) => BYLINE_WORDS.has(w) || capitalised.has(w))) return true;
    }
  }
  return isLast && (/^By\s/.test(trimmed) || /\sin\s/.test(trimmed)) && BYLINE_SHAPE.test(trimmed);
}

// ---------------------------------------------------------------------------------------------------
// Extraction and merging

export interface EntityAnalysis {
  /** People, organisations and places mentioned in the text; then the contributors. */
  mentions: Mention[];
  /** Places evidenced only by a demonym ("Ukrainian" -> Ukraine), with how often: evidence, not mentions. */
  demonymEvidence: { place: string; count: number }[];
}

interface Group {
  key: string;
  type: TextEntityType;
  occurrences: Occurrence[];
  canonical?: string;
}

const ARTICLE_SEPARATOR = '\n\n';

/** The text `firstPosition` counts in: headline, standfirst, body paragraphs, joined by a blank line. */
export function entityText(article: EntityArticle): string {
  return [article.headline, ...(article.standfirst ? [article.standfirst] : []), ...article.body].join(ARTICLE_SEPARATOR);
}

export function analyseEntities(article: EntityArticle): EntityAnalysis {
  const contributors = article.contributors ?? [];
  const contributorKeys = contributors.map((c) => entityKey(c.name)).filter(Boolean);
  const segments: { text: string; restricted: boolean }[] = [
    { text: article.headline, restricted: isTitleCase(article.headline) },
    ...(article.standfirst ? [{ text: article.standfirst, restricted: isTitleCase(article.standfirst) }] : []),
    ...article.body.map((p) => ({ text: p, restricted: false })),
  ];
  const toks: Tok[] = [];
  /** Byline paragraphs: their names are contributors, not mentions; only the known places in them count. */
  const bylineSegments = new Set<number>();
  let base = 0;
  const bodyFrom = segments.length - article.body.length;
  segments.forEach((s, i) => {
    const bodyIndex = i - bodyFrom;
    const byline = bodyIndex >= 0 && (bodyIndex >= article.body.length - 2 || bodyIndex === 0) && isBylineParagraph(s.text, contributorKeys, bodyIndex === article.body.length - 1);
    if (byline) bylineSegments.add(i);
    tokenise(s.text, base, i, s.restricted, toks);
    base += s.text.length + ARTICLE_SEPARATOR.length;
  });
  markShouting(toks);

  const text = entityText(article);
  const loneCaps = new Set<string>();
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    if (t.kind === 'w' && t.cap && !t.sent && !t.restricted && !isCapWord(toks[k - 1]) && !isCapWord(toks[k + 1])) loneCaps.add(entityKey(t.text));
  }
  const lowerWords = new Set<string>();
  for (const t of toks) if (t.kind === 'w' && !t.cap) lowerWords.add(t.lower);
  const cx: Context = { text, demonyms: new Map(), loneCaps, lowerWords };
  const occurrences: Occurrence[] = [];
  let prevEnd = -1;
  let prevOcc: Occurrence | undefined;
  const restrictedSpans: [number, number][] = [];
  for (const [a, b] of findSpans(toks)) {
    if (toks[a]!.restricted) {
      restrictedSpans.push([a, b]);
      continue;
    }
    const occ = classifySpan(toks, a, b, cx);
    if (occ && bylineSegments.has(toks[a]!.seg) && !(occ.canonical && occ.type === 'place')) continue;
    if (occ) {
      // "Federal Security Service (FSB)": the acronym in brackets names the entity just before it.
      if (occ.acronym && prevOcc && prevEnd === a - 1 && toks[a - 1]?.text === '(' && toks[a - 1]!.seg === toks[a]!.seg && toks[b]?.text === ')') occ.expandsTo = prevOcc.key;
      occurrences.push(occ);
      prevOcc = occ;
    }
    prevEnd = b;
  }
  // Title-case headlines and all-caps runs: their capitals say nothing, so only the longest pieces that
  // the lexicon or the rest of the article knows are names ("Talks Collapse In Vienna" -> "Vienna").
  if (restrictedSpans.length > 0) {
    const known = new Set<string>();
    for (const o of occurrences) {
      known.add(o.key);
      if (o.words.length > 1) known.add(entityKey(o.words[o.words.length - 1]!));
    }
    for (const [a, b] of restrictedSpans) {
      for (let i = a; i < b; ) {
        let matched = 0;
        for (let j = Math.min(b, i + 6); j > i; j--) {
          const key = spanKey(toks, i, j);
          if (LEXICON.has(key) || known.has(key) || (j - i > 1 && ORG_HEADS.has(headWord(toks[j - 1]!)))) {
            const occ = classifySpan(toks, i, j, cx);
            if (occ) occurrences.push(occ);
            matched = j - i;
            break;
          }
        }
        i += Math.max(1, matched);
      }
    }
    occurrences.sort((x, y) => x.start - y.start);
  }
  const groups = mergeOccurrences(occurrences, cx.lowerWords);
  const mentions: Mention[] = groups.map((g) => toMention(g));
  mentions.sort((x, y) => y.count - x.count || x.firstPosition - y.firstPosition || x.name.localeCompare(y.name));
  mentions.push(...contributorMentions(contributors));
  const demonymEvidence = [...cx.demonyms].map(([place, count]) => ({ place, count })).sort((x, y) => y.count - x.count || x.place.localeCompare(y.place));
  return { mentions, demonymEvidence };
}

/**
 * People, organisations and places mentioned in an article, aliases merged, ordered by count (desc) then
 * first position; the article's contributors follow as mentions of type `contributor`.
 */
export function extractEntities(article: EntityArticle): Mention[] {
  return analyseEntities(article).mentions;
}

/** Contributors (from the byline) as mentions of their own kind, one per distinct name, in byline order. */
export function contributorMentions(contributors: readonly { name: string }[]): Mention[] {
  const seen = new Set<string>();
  const out: Mention[] = [];
  for (const c of contributors) {
    const name = c.name.trim();
    const key = entityKey(name);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push({ name, type: 'contributor', count: 1, firstPosition: 0, aliases: [name] });
  }
  return out;
}

function toMention(g: Group): Mention {
  const surfaces = new Map<string, number>();
  for (const o of g.occurrences) surfaces.set(o.surface, (surfaces.get(o.surface) ?? 0) + 1);
  const firstPosition = Math.min(...g.occurrences.map((o) => o.start));
  const name = g.canonical ?? pickName(g.occurrences, surfaces);
  const aliases = [...surfaces.keys()].sort((x, y) => surfaces.get(y)! - surfaces.get(x)! || x.localeCompare(y));
  return { name, type: g.type, count: g.occurrences.length, firstPosition, aliases };
}

/** The fullest surface form: most words, then most frequent, then earliest; written cases preferred over all caps. */
function pickName(occs: Occurrence[], surfaces: Map<string, number>): string {
  let best = occs[0]!;
  for (const o of occs) {
    const better = o.words.length > best.words.length
      || (o.words.length === best.words.length && (o.restricted < best.restricted || (o.restricted === best.restricted && surfaces.get(o.surface)! > surfaces.get(best.surface)!)));
    if (better) best = o;
  }
  return best.restricted && /^[^\p{Ll}]+$/u.test(best.surface) && best.words.length > 1 ? titleCaseWords(best.surface) : best.surface;
}

function titleCaseWords(s: string): string {
  return s.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_m, p: string, c: string) => p + c.toUpperCase());
}

const initialsOf = (words: string[]) => words
  .filter((w) => !CONNECTORS.has(w.toLowerCase()) && w.toLowerCase() !== 'and' && w.toLowerCase() !== 'the' && w.toLowerCase() !== 'for')
  .map((w) => (/^(\p{Lu}\.\s?)+$/u.test(w) ? w.replace(/[.\s]/g, '') : w[0] ?? ''))
  .join('')
  .toLowerCase();

/** `lowerWords`: the words the article also writes in lower case (Context.lowerWords). */
function mergeOccurrences(occs: Occurrence[], lowerWords: ReadonlySet<string>): Group[] {
  // 1. Type each key by the sum of its evidence. In a title-case headline or an all-caps run, capitals say
  //    nothing, so there only the lexicon and head words vote.
  const byKey = new Map<string, Occurrence[]>();
  for (const o of occs) {
    const list = byKey.get(o.key);
    if (list) list.push(o);
    else byKey.set(o.key, [o]);
  }
  const typed = new Map<string, { type: TextEntityType | null; score: number; canonical?: string }>();
  for (const [key, list] of byKey) {
    const votes = new Map<TextEntityType, number>();
    let canonical: string | undefined;
    for (const o of list) {
      if (o.canonical) canonical = o.canonical;
      if (o.type && (!o.restricted || o.canonical || o.score >= 3)) votes.set(o.type, (votes.get(o.type) ?? 0) + o.score);
    }
    let best: TextEntityType | null = null;
    let bestScore = 0;
    for (const [t, s] of votes) if (s > bestScore) { best = t; bestScore = s; }
    typed.set(key, { type: best, score: bestScore, ...(canonical ? { canonical } : {}) });
  }
  const words = (key: string) => key.split(' ');
  const freq = (k: string) => byKey.get(k)!.length;
  const firstAt = (k: string) => byKey.get(k)![0]!.start;
  const bestOf = (cands: string[]) => cands.sort((x, y) => freq(y) - freq(x) || firstAt(x) - firstAt(y))[0];

  // 2. Acronyms and their expansions: "International Consortium of Investigative Journalists (ICIJ)",
  //    "Advanced Micro Devices" ... "AMD". The expansion becomes an organisation if nothing else typed it.
  const initialsIndex = new Map<string, string[]>();
  for (const [k, list] of byKey) {
    if (words(k).length < 2) continue;
    const ini = initialsOf(list[0]!.words);
    initialsIndex.set(ini, [...(initialsIndex.get(ini) ?? []), k]);
  }
  const expansionOf = new Map<string, string>();
  for (const [acr, list] of byKey) {
    if (!list.some((o) => o.acronym) || typed.get(acr)!.type !== 'organisation') continue;
    const flat = acr.replace(/ /g, '');
    // A bracketed acronym names the name before it only when it starts with that name's letter: in
    // "Organization for Security and Co-operation in Europe (OSCE)", when the long name was not read as
    // one, the name right before the bracket is "Europe", which OSCE does not abbreviate. (Only the first
    // letter: "Federal Security Service (FSB)" abbreviates the Russian name.)
    const explicit = list.find((o) => o.expandsTo && o.expandsTo[0] === flat[0])?.expandsTo;
    const byInitials = (initialsIndex.get(flat) ?? []).filter((k) => typed.get(k)!.type !== 'place' && (typed.get(k)!.type !== 'person' || flat.length >= 3));
    const target = explicit ?? bestOf(byInitials);
    if (target === undefined || target === acr) continue;
    const t = typed.get(target)!;
    if (t.type !== 'organisation' && (t.score < 3 || t.type === 'person')) typed.set(target, { type: 'organisation', score: 2 });
    expansionOf.set(acr, target);
  }

  // 3. Aliases: a key points to a fuller key of the same entity. Multi-word people and organisations are
  //    indexed by their first and last words.
  const parent = new Map<string, string>(expansionOf);
  const index = new Map<string, string[]>();
  const add = (k: string, v: string) => index.set(k, [...(index.get(k) ?? []), v]);
  for (const [k, t] of typed) {
    const w = words(k);
    if (t.type === null || t.type === 'place' || w.length < 2) continue;
    add(`${t.type}:last:${w[w.length - 1]}`, k);
    add(`${t.type}:first:${w[0]}`, k);
  }
  const at = (k: string) => index.get(k) ?? [];
  for (const [key, info] of typed) {
    if (parent.has(key) || (info.canonical && info.type === 'place')) continue;
    const w = words(key);
    let target: string | undefined;
    if (w.length === 1) {
      // "Biden" -> "Joe Biden"; "Vitali" alone stays; "Chargers" -> "San Diego Chargers".
      const surname = at(`person:last:${key}`);
      const given = at(`person:first:${key}`);
      // Not the place an "X of Y" organisation is named after ("Maravia" in "National Bank of Maravia"),
      // nor a word the article also writes in lower case ("Health" opening a sentence is not the
      // National Institute for Public Health).
      const orgPart = [...new Set([...at(`organisation:last:${key}`), ...at(`organisation:first:${key}`)])].filter((k) => !k.endsWith(` of ${key}`));
      const ordinaryWord = lowerWords.has(key);
      const weak = info.score < 3 || info.type === 'person';
      if (surname.length > 0 && weak && info.type !== 'place') target = bestOf(surname);
      else if (given.length === 1 && (info.type === null || (info.type === 'person' && info.score < 3))) target = given[0];
      else if (orgPart.length === 1 && info.type !== 'place' && info.type !== 'person' && !info.canonical && !ordinaryWord) target = orgPart[0];
    } else if (info.type === 'person') {
      // "Stuart Magruder" in "Jeb Stuart Magruder"; "Richard Nixon" and "Richard M. Nixon".
      const longer = at(`person:last:${w[w.length - 1]}`).filter((k) => words(k).length > w.length && (` ${k} `.includes(` ${key} `) || words(k)[0] === w[0]));
      target = bestOf(longer);
    } else if (info.type === 'organisation') {
      // "Joint Chiefs" in "Joint Chiefs of Staff".
      target = bestOf(at(`organisation:first:${w[0]}`).filter((k) => k.startsWith(`${key} `)));
    }
    if (target !== undefined && target !== key) parent.set(key, target);
  }
  const root = (k: string): string => {
    let r = k;
    for (let guard = 0; parent.has(r) && guard < 8; guard++) r = parent.get(r)!;
    return r;
  };

  // 4. Groups: occurrences under their root; keys with no type and no typed root are dropped, and so are
  //    title-case headline occurrences that nothing else confirms.
  const groups = new Map<string, Group>();
  for (const [key, list] of byKey) {
    const r = root(key);
    const info = typed.get(r)!;
    if (info.type === null) continue;
    const confirmed = r !== key || typed.get(key)!.score > 0;
    const usable = list.filter((o) => !o.restricted || o.canonical || confirmed);
    if (usable.length === 0) continue;
    const g = groups.get(r) ?? { key: r, type: info.type, occurrences: [], ...(info.canonical ? { canonical: info.canonical } : {}) };
    g.occurrences.push(...usable);
    groups.set(r, g);
  }
  // Lexicon names reached by different keys ("US", "United States"; "Nato", "North Atlantic Treaty
  // Organization") are one entity.
  const byCanonical = new Map<string, Group>();
  for (const g of groups.values()) {
    const id = `${g.type}:${g.canonical ? entityKey(g.canonical) : g.key}`;
    const prev = byCanonical.get(id);
    if (prev) prev.occurrences.push(...g.occurrences);
    else byCanonical.set(id, g);
  }
  // Places are named by the lexicon; people and organisations by their fullest form in the article.
  for (const g of byCanonical.values()) if (g.type !== 'place') delete g.canonical;
  return [...byCanonical.values()];
}
