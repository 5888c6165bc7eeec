/**
 * The Related Content engine: candidates -> rerank -> reasons -> stored rails, incrementally.
 *
 * 1. Candidates never come from a scan: a "more like this" query of the article's heaviest terms
 *    (headline terms boosted) over impact-ordered postings (each article indexes its own heaviest terms;
 *    each query term reads only its heaviest postings, so the cost does not grow with the archive), plus
 *    the articles sharing its rarest entities (entity index).
 * 2. Rerank: cosine of tf-idf vectors (counts and document frequencies from store.terms), entity
 *    overlap weighted by rarity, story co-membership (when a story hook is given), time distance (only
 *    when both articles have a date), then shared nearest neighbours against the candidates' stored
 *    rails (articles of one story are near the same other articles).
 * 3. Near-identical texts never share a rail; each entry carries its reasons as readable words.
 * 4. The new article enters the stored rails of older articles where it beats their floor.
 */
import type { Article, RelatedReason } from '../model.ts';
import type { Mention } from '../model.ts';
import type { Store } from '../store/store.ts';
import type { CandidateChange, CandidateEntry, CandidateHead, EntityIndex, EntityRef, RailHead, RelatedProfile, WeightedTerm } from '../store/related.ts';
import { articleTermCounts, sublinearTf, termCounts, terms as termKeys } from '../analyse/text.ts';
import { RELATED } from './config.ts';
import { nameRuns, pseudoEntities, surfaceForms } from './features.ts';
import { TITLES } from '../analyse/lexicon/words.ts';
import { entityKey } from '../analyse/entities.ts';

/** Optional evidence that other parts of Storyline provide once they exist. */
export interface RelatedHooks {
  /** The article's entities (default: the capitalised-word and number heuristic of features.ts). */
  extractEntities?: (article: Article, tx: Store) => Promise<EntityRef[]> | EntityRef[];
  /**
   * Where entity evidence of other articles is looked up (default: the related repository's own index,
   * which the related stage fills with extractEntities' output). When given, nothing is recorded.
   */
  entityIndex?: (tx: Store) => EntityIndex;
  /**
   * The article's named entities (the entities stage's mentions), for reasons: a shared name-like word is
   * shown as the named entity it belongs to ("Blinken" and "Antony" as "Antony Blinken").
   */
  entityNames?: (tx: Store, article: Article) => Promise<readonly Pick<Mention, 'name' | 'aliases' | 'count'>[]>;
  /** Story ids of articles (the stories stage's assignments). */
  storiesOf?: (tx: Store, articleIds: readonly string[]) => Promise<Map<string, readonly string[]>>;
}

/** Real entity mentions as entity evidence: one key per type and name. */
export function mentionsToEntities(mentions: readonly Pick<Mention, 'name' | 'type'>[]): EntityRef[] {
  const out = new Map<string, EntityRef>();
  for (const m of mentions) out.set(`${m.type}:${m.name.toLowerCase()}`, { key: `${m.type}:${m.name.toLowerCase()}`, name: m.name });
  return [...out.values()];
}

export interface Vector {
  weights: Map<string, number>;
  norm: number;
}

/** tf-idf with sublinear tf and idf = ln((N + 1) / df): a term in every article still weighs a little. */
export function tfidf(counts: ReadonlyMap<string, number>, df: ReadonlyMap<string, number>, n: number): Vector {
  const weights = new Map<string, number>();
  let sum = 0;
  for (const [t, c] of counts) {
    const w = sublinearTf(c) * Math.log((n + 1) / Math.max(df.get(t) ?? 1, 1));
    if (w <= 0) continue;
    weights.set(t, w);
    sum += w * w;
  }
  return { weights, norm: Math.sqrt(sum) };
}

/** Share of the score kept at a time gap: 1 without both dates, falling to 1 - timeWeight. */
export function timeFactor(a: string | undefined, b: string | undefined): number {
  if (!a || !b) return 1;
  const days = Math.abs(Date.parse(a) - Date.parse(b)) / 86_400_000;
  if (!Number.isFinite(days)) return 1;
  return 1 - RELATED.timeWeight * (1 - Math.exp(-days / RELATED.timeScaleDays));
}

/** One candidate after reranking. */
export interface ScoredCandidate {
  id: string;
  /** Raw similarity (term and entity cosine, time, story): symmetric, what candidate lists store. */
  base: number;
  /** Term cosine alone (near-duplicate test). */
  termCosine: number;
  profile: Profile;
  reasons: RelatedReason;
}

export interface RailComputation {
  /** The best listSize candidates considered, best raw score first. */
  candidates: ScoredCandidate[];
  profile: Profile;
}

/**
 * The article's query terms for similarByTerms: its heaviest profile terms (headline terms boosted for
 * the choice), each with its profile weight.
 */
export function queryTerms(terms: ReadonlyMap<string, number>, headlineTerms: ReadonlySet<string>, n = RELATED.queryTerms): WeightedTerm[] {
  return [...terms]
    .map(([term, weight]) => ({ term, weight, rank: headlineTerms.has(term) ? weight * RELATED.headlineBoost : weight }))
    .sort((a, b) => b.rank - a.rank || a.term.localeCompare(b.term))
    .slice(0, n)
    .map(({ term, weight }) => ({ term, weight }));
}

/**
 * Candidate ids: the "more like this" query over term postings plus articles sharing the rarest
 * entities. Index lookups only; the article itself is excluded (duplicates are never in either index).
 */
export async function findCandidates(
  tx: Store,
  article: Pick<Article, 'id'>,
  query: readonly WeightedTerm[],
  entities: readonly EntityRef[],
  index: EntityIndex,
  entityFrequency: ReadonlyMap<string, number>,
): Promise<string[]> {
  const ids = new Set((await tx.related.similarByTerms(query, RELATED.postingsPerTerm, RELATED.textCandidates, article.id)).map((c) => c.id));
  // Rarest entities seen in at least one other article (frequency counts the article itself).
  const rare = entities
    .filter((e) => (entityFrequency.get(e.key) ?? 0) >= 2)
    .sort((a, b) => entityFrequency.get(a.key)! - entityFrequency.get(b.key)! || a.key.localeCompare(b.key))
    .slice(0, RELATED.entityQueryKeys)
    .map((e) => e.key);
  for (const id of await index.articlesWith(rare, RELATED.entityCandidates + 1, RELATED.entityArticlesPerKey)) if (id !== article.id) ids.add(id);
  return [...ids];
}

/** Weighted terms and entities of one article, unit length: what reranking compares. */
interface Profile {
  terms: ReadonlyMap<string, number>;
  entities: ReadonlyMap<string, number>;
}

/**
 * Unit-length vector (by the full norm) cut to its `keep` heaviest components, each weight rounded to
 * RELATED.profileDecimals (components that round to 0 are left out). Profiles are stored as JSON and
 * read for every candidate of every arrival, and full doubles were half of their text.
 */
function unitTop(weights: ReadonlyMap<string, number>, keep: number): Map<string, number> {
  let sum = 0;
  for (const w of weights.values()) sum += w * w;
  const norm = Math.sqrt(sum) || 1;
  const scale = 10 ** RELATED.profileDecimals;
  const out = new Map<string, number>();
  for (const [k, w] of [...weights].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, keep)) {
    const rounded = Math.round((w / norm) * scale) / scale;
    if (rounded > 0) out.set(k, rounded);
  }
  return out;
}

/** Dot product of two sparse vectors, walking the second (a stored profile, at most profileTerms long). */
function dot(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let s = 0;
  for (const [k, x] of b) {
    const w = a.get(k);
    if (w !== undefined) s += w * x;
  }
  return s;
}

function idfOf(n: number, df: number | undefined): number {
  return Math.log((n + 1) / Math.max(df ?? 1, 1));
}

/**
 * The term side of a profile: tf-idf of the stems, entity-like stems weighted up by entityBoost (names
 * and places tell two events of one kind apart), and numbers from the entity evidence ("#4.6") added as
 * terms of tf 1 with their idf.
 */
function termWeights(vector: Vector, entityKeys: readonly string[], entityFreq: ReadonlyMap<string, number>, n: number): Map<string, number> {
  const weights = new Map(vector.weights);
  for (const key of entityKeys) {
    const w = weights.get(key);
    if (w !== undefined) weights.set(key, w * RELATED.entityBoost);
    else if (key.startsWith('#')) weights.set(key, idfOf(n, entityFreq.get(key)));
  }
  return weights;
}

function entityVector(keys: readonly string[], freq: ReadonlyMap<string, number>, n: number): Map<string, number> {
  return new Map(keys.map((k) => [k, idfOf(n, freq.get(k))]));
}

/**
 * Profiles of the candidates, recomputing (and storing) those computed when the archive was less than
 * 1/refreshGrowth of its size now and smaller than refreshUntil: idf moves little after that, so each
 * article is recomputed at most a few times, while the archive is young.
 */
async function candidateProfiles(tx: Store, ids: readonly string[], n: number, index: EntityIndex): Promise<Map<string, Profile>> {
  const stored = await tx.related.profiles(ids);
  const out = new Map<string, Profile>();
  const stale: string[] = [];
  for (const id of ids) {
    const p = stored.get(id);
    if (!p || (p.archiveSize < RELATED.refreshUntil && n > p.archiveSize * RELATED.refreshGrowth)) stale.push(id);
    else out.set(id, { terms: p.terms, entities: p.entities });
  }
  if (!stale.length) return out;
  const counts = await tx.terms.counts(stale);
  const allTerms = new Set<string>();
  for (const c of counts.values()) for (const t of c.keys()) allTerms.add(t);
  const df = await tx.terms.documentFrequencies([...allTerms]);
  const entities = await index.of(stale);
  const keys = new Set<string>();
  for (const list of entities.values()) for (const e of list) keys.add(e.key);
  const freq = await index.frequencies([...keys]);
  for (const id of stale) {
    const stored = profileOf(counts.get(id) ?? new Map(), df, n, (entities.get(id) ?? []).map((e) => e.key), freq);
    out.set(id, { terms: stored.terms, entities: stored.entities });
    await tx.related.putProfile(id, stored, RELATED.indexTerms);
  }
  return out;
}

/** An article's stored profile from its term counts and entity keys, with the given frequencies. */
export function profileOf(
  counts: ReadonlyMap<string, number>,
  df: ReadonlyMap<string, number>,
  n: number,
  entityKeys: readonly string[],
  entityFreq: ReadonlyMap<string, number>,
): RelatedProfile {
  return {
    archiveSize: n,
    terms: unitTop(termWeights(tfidf(counts, df, n), entityKeys, entityFreq, n), RELATED.profileTerms),
    entities: unitTop(entityVector(entityKeys, entityFreq, n), RELATED.profileEntities),
  };
}

/** Computes an article's rail from the store (the article, its terms and entities already stored). */
export async function computeRail(tx: Store, article: Article, entities: readonly EntityRef[], hooks: RelatedHooks = {}): Promise<RailComputation> {
  const index = hooks.entityIndex?.(tx) ?? tx.related.entities;
  const counts = articleTermCounts(article);
  const surfaces = surfaceForms(article);
  const n = Math.max(await tx.terms.documentCount(), 1);
  const vector = tfidf(counts, await tx.terms.documentFrequencies([...counts.keys()]), n);
  const entityFreq = await index.frequencies(entities.map((e) => e.key));
  const myTerms = unitTop(termWeights(vector, entities.map((e) => e.key), entityFreq, n), Infinity);
  const myEntities = unitTop(entityVector(entities.map((e) => e.key), entityFreq, n), Infinity);
  const mine: Profile = { terms: myTerms, entities: myEntities };
  await tx.related.putProfile(
    article.id,
    {
      archiveSize: n,
      terms: new Map([...myTerms].slice(0, RELATED.profileTerms)),
      entities: new Map([...myEntities].slice(0, RELATED.profileEntities)),
    },
    RELATED.indexTerms,
  );
  const headlineTerms = new Set(termCounts({ headline: article.headline, body: [] }).keys());
  const ids = await findCandidates(tx, article, queryTerms(mine.terms, headlineTerms), entities, index, entityFreq);
  if (!ids.length) return { candidates: [], profile: mine };

  const profiles = await candidateProfiles(tx, ids, n, index);
  const dates = await tx.related.publishedAt(ids);
  const stories = hooks.storiesOf ? await hooks.storiesOf(tx, [article.id, ...ids]) : undefined;
  const myStories = new Set(stories?.get(article.id) ?? []);
  // Each name's word keys found once per arrival, not once per candidate.
  const names = new Map(
    [...displayNames(entities, hooks.entityNames ? await hooks.entityNames(tx, article) : [], nameRuns(article))].map(([key, list]) => [
      key,
      list.map((name): ShownName => ({ name, keys: termKeys(name) })),
    ]),
  );

  const scored: (Omit<ScoredCandidate, 'reasons'> & { sameStory: boolean })[] = [];
  for (const id of ids) {
    const p = profiles.get(id)!;
    const termCosine = dot(mine.terms, p.terms);
    const entityOverlap = dot(mine.entities, p.entities);
    const sameStory = (stories?.get(id) ?? []).some((s) => myStories.has(s));
    let base = ((termCosine + RELATED.entityWeight * entityOverlap) / (1 + RELATED.entityWeight)) * timeFactor(article.publishedAt, dates.get(id));
    if (sameStory) base += RELATED.storyBonus;
    scored.push({ id, base, termCosine, profile: p, sameStory });
  }
  scored.sort((a, b) => b.base - a.base || a.id.localeCompare(b.id));
  // Reasons only for the candidates a list keeps.
  const kept = scored.slice(0, RELATED.listSize).map(({ sameStory, ...c }) => ({ ...c, reasons: reasonsFor(mine, c.profile, surfaces, names, sameStory) }));
  return { candidates: kept, profile: mine };
}

/** An article's neighbours: the first k entries of its candidate list that are not twins (and score at least `min`). */
function neighboursOf(list: readonly CandidateHead[] | undefined, k: number, min = -Infinity): string[] {
  const out: string[] = [];
  for (const e of list ?? []) {
    if (out.length >= k || e.score < min) break;
    if (!e.twin) out.push(e.articleId);
  }
  return out;
}

/**
 * An article's final rail from stored candidate lists: raw score plus shared nearest neighbours
 * (Jarvis & Patrick 1973: articles of one story are near the same other articles) and a bonus when the
 * two articles are each other's neighbours. Symmetric: both sides' current lists are read, so an older
 * article's rail is judged with the archive as it is now, not as it was when it arrived. Twins (near-
 * identical texts) never enter a rail, and two twins never share one.
 */
export function rerankFromLists(articleId: string, lists: ReadonlyMap<string, readonly CandidateHead[]>, k = RELATED.kMax): RailHead[] {
  const kn = RELATED.neighbours;
  const mine = new Set(neighboursOf(lists.get(articleId), kn, RELATED.neighbourFloor));
  const top = (lists.get(articleId) ?? []).filter((e) => !e.twin && e.articleId !== articleId).slice(0, RELATED.rerankDepth);
  const scored = top.map((e) => {
    const theirs = neighboursOf(lists.get(e.articleId), kn, RELATED.neighbourFloor);
    let shared = 0;
    for (const id of theirs) if (mine.has(id)) shared++;
    const reciprocal = mine.has(e.articleId) && theirs.includes(articleId);
    return { articleId: e.articleId, score: e.score + (RELATED.sharedWeight * shared) / kn + (reciprocal ? RELATED.reciprocalWeight : 0) };
  });
  scored.sort((a, b) => b.score - a.score || a.articleId.localeCompare(b.articleId));
  // Each list's twins gathered at most once, and only for the articles this rail weighs (the map also
  // holds the lists of every other rail being re-ranked).
  const twinSets = new Map<string, Set<string>>();
  const twinsOf = (id: string) => {
    let set = twinSets.get(id);
    if (!set) twinSets.set(id, (set = new Set((lists.get(id) ?? []).filter((e) => e.twin).map((e) => e.articleId))));
    return set;
  };
  const isTwin = (x: string, y: string) => twinsOf(x).has(y) || twinsOf(y).has(x);
  const chosen: RailHead[] = [];
  for (const c of scored) {
    if (chosen.length >= k || c.score < RELATED.railFloor) break;
    if (chosen.some((o) => isTwin(o.articleId, c.articleId))) continue;
    chosen.push({ articleId: c.articleId, score: round(c.score) });
  }
  return chosen;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/**
 * The names that can show each entity key, best first: the article's named entities whose name or alias
 * holds the key's word (the most mentioned first), then the multi-word names the word belongs to in
 * the text (`runs`, see nameRuns), then the word itself. A reason shows the first name the other article
 * shares every word of (see reasonsFor).
 */
export function displayNames(
  entities: readonly EntityRef[],
  named: readonly Pick<Mention, 'name' | 'aliases' | 'count'>[],
  runs: ReadonlyMap<string, readonly string[]> = new Map(),
): Map<string, string[]> {
  const byWord = new Map<string, { name: string; count: number }[]>();
  for (const m of named) {
    for (const form of [m.name, ...m.aliases]) {
      for (const word of form.toLowerCase().split(/[^\p{L}\p{N}'’]+/u)) {
        if (!word) continue;
        let holders = byWord.get(word);
        if (!holders) byWord.set(word, (holders = []));
        if (!holders.some((h) => h.name === m.name)) holders.push({ name: m.name, count: m.count });
      }
    }
  }
  return new Map(
    entities.map((e) => {
      const held = [...(byWord.get(e.name.toLowerCase()) ?? [])].sort((x, y) => y.count - x.count).map((h) => h.name);
      return [e.key, [...new Set([...held, ...(runs.get(e.key) ?? []), e.name])]];
    }),
  );
}

/** A name that can show an entity key, with the term keys of its words (see reasonsFor). */
interface ShownName {
  name: string;
  keys: string[];
}

/** Days and months spelled in full (not the lexicon's DAYS_MONTHS: "Sun" is also a newspaper, "Easter" a topic). */
const CALENDAR = /^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|january|february|march|april|may|june|july|august|september|october|november|december)$/i;

/**
 * Two shown names of which one is the other or holds it as whole words, compared as entity keys fold
 * them (case, accents, apostrophes, punctuation): "Amalgamated Dockworkers" in "Amalgamated Dockworkers'
 * Union", "health" in "National Institute for Public Health", "Lind" in "Noor Haddad-Lind", and
 * "Farmers' Association" is "Farmers’ Association" (a text and its aliases mix the two apostrophes).
 */
export function overlaps(a: string, b: string): boolean {
  const [short, long] = [entityKey(a), entityKey(b)].sort((x, y) => x.length - y.length);
  return short !== '' && ` ${long} `.includes(` ${short} `);
}

/** The rarest shared entities and the strongest shared terms (as the article's own words). */
function reasonsFor(a: Profile, b: Profile, surfaces: ReadonlyMap<string, string>, names: ReadonlyMap<string, readonly ShownName[]>, sameStory: boolean): RelatedReason {
  // Walks the candidate's side (a stored profile, at most profileTerms long), not the article's full vector.
  const shared = (x: ReadonlyMap<string, number>, y: ReadonlyMap<string, number>) => {
    const out: (readonly [string, number])[] = [];
    for (const [key, v] of y) {
      const w = x.get(key);
      if (w !== undefined) out.push([key, w * v]);
    }
    return out.sort((p, q) => q[1] - p[1] || p[0].localeCompare(q[0]));
  };
  // Entity keys whose display names coincide (the words of one named entity) are shown once.
  const entities: string[] = [];
  const shown = new Set<string>();
  // Numbers, title words used as titles and the names of days and months weigh in the score (two
  // earthquakes of 4.6 and 5.8 on different days) but mean nothing to a reader as what two articles
  // share ("shares: 1, President, Tuesday"): never shown.
  const title = (word: string) => /^\p{Lu}/u.test(word) && (TITLES.has(word.toLowerCase()) || CALENDAR.test(word));
  // A name is shown as shared only when the other article has every word of it: "Antony Blinken" when
  // both name him in full, "Blinken" when one says only that.
  const both = (key: string) => (a.terms.has(key) && b.terms.has(key)) || (a.entities.has(key) && b.entities.has(key));
  const sharedName = (key: string) => names.get(key)?.find((n) => n.keys.every(both))?.name;
  for (const [key] of shared(a.entities, b.entities)) {
    if (entities.length >= RELATED.reasonEntities) break;
    const name = sharedName(key) ?? key;
    shown.add(key);
    if (!key.startsWith('#') && !title(name) && !entities.some((other) => overlaps(name, other))) entities.push(name);
  }
  // A shared word of a name the entities did not make room for is shown as that name, once ("Kestrel"
  // and "Lowlands" as "Kestrel Lowlands").
  const terms: string[] = [];
  for (const [t] of shared(a.terms, b.terms)) {
    if (terms.length >= RELATED.reasonTerms) break;
    if (shown.has(t) || t.startsWith('#')) continue;
    const word = sharedName(t) ?? surfaces.get(t) ?? t;
    if (!title(word) && ![...entities, ...terms].some((other) => overlaps(word, other))) terms.push(word);
  }
  return { entities, terms, sameStory };
}

/** Takes an article out of every rail that holds it (before its rail is recomputed after an update). */
export async function removeFromRails(tx: Store, articleId: string): Promise<void> {
  for (const holder of await tx.related.containing(articleId)) await tx.related.removeFromRail(holder, articleId);
}

/**
 * The related step of ingest, for a stored non-duplicate article: records its entities (unless an
 * external index supplies them), scores its candidates, stores its candidate list, enters it into the
 * lists of its candidates where it beats their floor, and materialises the final rail of every article
 * whose list head changed (the new one included) from the stored lists. On an update (`replacing`), the
 * old version leaves every rail and list first, so the new text is judged afresh.
 */
export async function updateRelated(tx: Store, article: Article, hooks: RelatedHooks = {}, replacing = false): Promise<RailComputation> {
  const entities = hooks.extractEntities ? await hooks.extractEntities(article, tx) : pseudoEntities(article);
  if (!hooks.entityIndex) await tx.related.putEntities(article.id, entities);
  // Rails to re-rank: the new article's own, those whose lists held its old version, those whose lists it enters near the top.
  const rerank = new Set<string>([article.id]);
  if (replacing) {
    await removeFromRails(tx, article.id);
    for (const holder of await tx.related.removeFromCandidates(article.id)) rerank.add(holder);
  }
  const computation = await computeRail(tx, article, entities, hooks);
  const mine: CandidateEntry[] = computation.candidates.map((c) => ({
    articleId: c.id,
    score: round(c.base),
    twin: c.termCosine >= RELATED.nearDuplicate,
    reasons: c.reasons,
  }));
  await tx.related.putCandidates(article.id, mine);
  const lists = new Map<string, CandidateHead[]>([[article.id, mine.map(({ articleId, score, twin }) => ({ articleId, score, twin }))]]);
  const theirs = await tx.related.candidateLists(mine.map((e) => e.articleId));
  const entered: CandidateChange[] = [];
  for (const e of mine) {
    const list = (theirs.get(e.articleId) ?? []).filter((x) => x.articleId !== article.id);
    const floor = list.length >= RELATED.listSize ? list[RELATED.listSize - 1]!.score : -Infinity;
    if (e.score > floor) {
      const at = list.findIndex((x) => x.score < e.score);
      list.splice(at < 0 ? list.length : at, 0, { articleId: article.id, score: e.score, twin: e.twin });
      const dropped = list.splice(RELATED.listSize).map((x) => x.articleId);
      entered.push({ holderId: e.articleId, add: [{ ...e, articleId: article.id }], remove: dropped });
      if (e.twin || neighboursOf(list, RELATED.rerankDepth).includes(article.id)) rerank.add(e.articleId);
    }
    lists.set(e.articleId, list);
  }
  if (entered.length) await tx.related.updateCandidates(entered);
  await materialiseRails(tx, [...rerank], lists);
  return computation;
}

function sameHeads(a: readonly RailHead[], b: readonly RailHead[]): boolean {
  return a.length === b.length && a.every((e, i) => e.articleId === b[i]!.articleId && e.score === b[i]!.score);
}

/**
 * Recomputes the final rails of the given articles from the stored candidate lists (those of the given
 * articles in full, those of their neighbours cut to what re-ranking reads) and stores those that changed.
 */
export async function materialiseRails(tx: Store, ids: readonly string[], lists: Map<string, CandidateHead[]>): Promise<void> {
  const missing = ids.filter((id) => !lists.has(id));
  if (missing.length) for (const [id, l] of await tx.related.candidateLists(missing)) lists.set(id, l);
  const needed = new Set<string>();
  for (const id of ids) for (const n of neighboursOf(lists.get(id), RELATED.rerankDepth)) if (!lists.has(n)) needed.add(n);
  // Of a neighbour's list, re-ranking reads its first `neighbours` non-twin entries and its twins only.
  if (needed.size) for (const [id, l] of await tx.related.candidateLists([...needed], RELATED.neighbours)) lists.set(id, l);
  const stored = await tx.related.railHeads(ids);
  for (const id of ids) {
    const rail = rerankFromLists(id, lists);
    if (sameHeads(rail, stored.get(id) ?? [])) continue;
    await tx.related.putRail(id, rail);
  }
}
