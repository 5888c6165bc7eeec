/**
 * The Related Content engine: candidates -> rerank -> reasons -> stored rails, incrementally.
 *
 * 1. Candidates never come from a scan: a "more like this" full-text query of the article's top tf-idf
 *    words (headline words boosted) on the store's FTS index, plus the articles sharing its rarest
 *    entities (entity index).
 * 2. Rerank: cosine of tf-idf vectors (counts and document frequencies from store.terms), entity
 *    overlap weighted by rarity, story co-membership (when a story hook is given), time distance (only
 *    when both articles have a date), then shared nearest neighbours against the candidates' stored
 *    rails (articles of one story are near the same other articles).
 * 3. Near-identical texts never share a rail; each entry carries its reasons as readable words.
 * 4. The new article enters the stored rails of older articles where it beats their floor.
 */
import type { Article, RailEntry, RelatedReason } from '../model.ts';
import type { Mention } from '../model.ts';
import type { Store } from '../store/store.ts';
import type { EntityIndex, EntityRef, RailHead, RelatedProfile } from '../store/related.ts';
import { sublinearTf, termCounts } from '../analyse/text.ts';
import { RELATED } from './config.ts';
import { pseudoEntities, surfaceForms } from './features.ts';

/** Optional evidence that other parts of Storyline provide once they exist. */
export interface RelatedHooks {
  /** The article's entities (default: the capitalised-word and number heuristic of features.ts). */
  extractEntities?: (article: Article, tx: Store) => Promise<EntityRef[]> | EntityRef[];
  /**
   * Where entity evidence of other articles is looked up (default: the related repository's own index,
   * which the related stage fills with extractEntities' output). When given, nothing is recorded.
   */
  entityIndex?: (tx: Store) => EntityIndex;
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
  score: number;
  /** Term cosine alone (near-duplicate test). */
  termCosine: number;
  profile: Profile;
  reasons: RelatedReason;
}

export interface RailComputation {
  /** The article's rail, best first, at most kMax entries. */
  rail: Omit<RailEntry, 'rank'>[];
  /** Every candidate considered, best first (the update step re-scores older rails with these). */
  candidates: ScoredCandidate[];
  /** The stored rails of the candidates (without reasons) as read before this article changed them. */
  candidateRails: Map<string, RailHead[]>;
  profile: Profile;
}

/** The article's query words: top tf-idf terms (headline terms boosted), as surface words for FTS5. */
export function queryWords(vector: Vector, headlineTerms: ReadonlySet<string>, surfaces: ReadonlyMap<string, string>, n = RELATED.queryTerms): string[] {
  return [...vector.weights]
    .map(([t, w]) => [t, headlineTerms.has(t) ? w * RELATED.headlineBoost : w] as const)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, n)
    .map(([t]) => surfaces.get(t) ?? t);
}

/**
 * Candidate ids: the full-text "more like this" query plus articles sharing the rarest entities. Two
 * index lookups; the article itself is excluded (duplicates are never in either index).
 */
export async function findCandidates(
  tx: Store,
  article: Pick<Article, 'id'>,
  words: readonly string[],
  entities: readonly EntityRef[],
  index: EntityIndex,
  entityFrequency: ReadonlyMap<string, number>,
): Promise<string[]> {
  const ids = new Set((await tx.related.moreLikeThis(words, RELATED.textCandidates, article.id)).map((c) => c.id));
  // Rarest entities seen in at least one other article (frequency counts the article itself).
  const rare = entities
    .filter((e) => (entityFrequency.get(e.key) ?? 0) >= 2)
    .sort((a, b) => entityFrequency.get(a.key)! - entityFrequency.get(b.key)! || a.key.localeCompare(b.key))
    .slice(0, RELATED.entityQueryKeys)
    .map((e) => e.key);
  for (const id of await index.articlesWith(rare, RELATED.entityCandidates + 1)) if (id !== article.id) ids.add(id);
  return [...ids];
}

/** Weighted terms and entities of one article, unit length: what reranking compares. */
interface Profile {
  terms: Record<string, number>;
  entities: Record<string, number>;
}

/** Unit-length vector (by the full norm) cut to its `keep` heaviest components. */
function unitTop(weights: ReadonlyMap<string, number>, keep: number): Map<string, number> {
  let sum = 0;
  for (const w of weights.values()) sum += w * w;
  const norm = Math.sqrt(sum) || 1;
  return new Map([...weights].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, keep).map(([k, w]) => [k, w / norm]));
}

/** Dot product of two sparse vectors kept as plain objects (as parsed: no Map built per candidate). */
function dot(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): number {
  let s = 0;
  for (const k in b) {
    const w = a[k];
    // typeof: a key such as "constructor" (a real stem) must not find Object.prototype's member.
    if (typeof w === 'number') s += w * b[k]!;
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
 * 1/refreshGrowth of its size now: idf moves little after that, so each article is recomputed only a
 * logarithmic number of times over the archive's life.
 */
async function candidateProfiles(tx: Store, ids: readonly string[], n: number, index: EntityIndex): Promise<Map<string, Profile>> {
  const stored = await tx.related.profiles(ids);
  const out = new Map<string, Profile>();
  const stale: string[] = [];
  for (const id of ids) {
    const p = stored.get(id);
    if (!p || n > p.archiveSize * RELATED.refreshGrowth) stale.push(id);
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
    await tx.related.putProfile(id, stored);
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
    terms: Object.fromEntries(unitTop(termWeights(tfidf(counts, df, n), entityKeys, entityFreq, n), RELATED.profileTerms)),
    entities: Object.fromEntries(unitTop(entityVector(entityKeys, entityFreq, n), RELATED.profileEntities)),
  };
}

/** Computes an article's rail from the store (the article, its terms and entities already stored). */
export async function computeRail(tx: Store, article: Article, entities: readonly EntityRef[], hooks: RelatedHooks = {}): Promise<RailComputation> {
  const index = hooks.entityIndex?.(tx) ?? tx.related.entities;
  const counts = termCounts(article);
  const surfaces = surfaceForms(article);
  const n = Math.max(await tx.terms.documentCount(), 1);
  const vector = tfidf(counts, await tx.terms.documentFrequencies([...counts.keys()]), n);
  const entityFreq = await index.frequencies(entities.map((e) => e.key));
  const myTerms = unitTop(termWeights(vector, entities.map((e) => e.key), entityFreq, n), Infinity);
  const myEntities = unitTop(entityVector(entities.map((e) => e.key), entityFreq, n), Infinity);
  const mine: Profile = { terms: Object.fromEntries(myTerms), entities: Object.fromEntries(myEntities) };
  await tx.related.putProfile(article.id, {
    archiveSize: n,
    terms: Object.fromEntries([...myTerms].slice(0, RELATED.profileTerms)),
    entities: Object.fromEntries([...myEntities].slice(0, RELATED.profileEntities)),
  });
  const headlineTerms = new Set(termCounts({ headline: article.headline, body: [] }).keys());
  const ids = await findCandidates(tx, article, queryWords(vector, headlineTerms, surfaces), entities, index, entityFreq);
  if (!ids.length) return { rail: [], candidates: [], candidateRails: new Map(), profile: mine };

  const profiles = await candidateProfiles(tx, ids, n, index);
  const dates = await tx.related.publishedAt(ids);
  const stories = hooks.storiesOf ? await hooks.storiesOf(tx, [article.id, ...ids]) : undefined;
  const myStories = new Set(stories?.get(article.id) ?? []);
  const names = new Map(entities.map((e) => [e.key, e.name]));

  const scored: (ScoredCandidate & { base: number })[] = [];
  for (const id of ids) {
    const p = profiles.get(id)!;
    const termCosine = dot(mine.terms, p.terms);
    const entityOverlap = dot(mine.entities, p.entities);
    const sameStory = (stories?.get(id) ?? []).some((s) => myStories.has(s));
    let base = ((termCosine + RELATED.entityWeight * entityOverlap) / (1 + RELATED.entityWeight)) * timeFactor(article.publishedAt, dates.get(id));
    if (sameStory) base += RELATED.storyBonus;
    scored.push({ id, base, score: base, termCosine, profile: p, reasons: reasonsFor(mine, p, surfaces, names, sameStory) });
  }
  scored.sort((a, b) => b.base - a.base || a.id.localeCompare(b.id));

  // Shared nearest neighbours against the candidates' stored rails.
  const candidateRails = await tx.related.railHeads(ids);
  const k = RELATED.neighbours;
  const near = new Set(scored.slice(0, k).map((c) => c.id));
  for (const c of scored) {
    const theirs = candidateRails.get(c.id) ?? [];
    const shared = theirs.slice(0, k).filter((e) => near.has(e.articleId)).length;
    c.score = c.base + (RELATED.sharedWeight * shared) / k;
    const floor = theirs.length >= k ? theirs[k - 1]!.score : -Infinity;
    if (c.score >= floor) c.score += RELATED.reciprocalWeight;
  }
  scored.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  return { rail: pickRail(scored, RELATED.kMax), candidates: scored, candidateRails, profile: mine };
}

/** The best entries that are neither near-identical to the article nor to a better-ranked entry. */
function pickRail(scored: readonly ScoredCandidate[], k: number): Omit<RailEntry, 'rank'>[] {
  const chosen: ScoredCandidate[] = [];
  for (const c of scored) {
    if (chosen.length >= k) break;
    if (c.termCosine >= RELATED.nearDuplicate) continue;
    if (chosen.some((o) => dot(o.profile.terms, c.profile.terms) >= RELATED.nearDuplicate)) continue;
    chosen.push(c);
  }
  return chosen.map((c) => ({ articleId: c.id, score: round(c.score), reasons: c.reasons }));
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** The rarest shared entities and the strongest shared terms (as the article's own words). */
function reasonsFor(a: Profile, b: Profile, surfaces: ReadonlyMap<string, string>, names: ReadonlyMap<string, string>, sameStory: boolean): RelatedReason {
  const shared = (x: Readonly<Record<string, number>>, y: Readonly<Record<string, number>>) =>
    Object.entries(x).filter(([key]) => typeof y[key] === 'number').map(([key, w]) => [key, w * y[key]!] as const).sort((p, q) => q[1] - p[1] || p[0].localeCompare(q[0]));
  const entities = shared(a.entities, b.entities).slice(0, RELATED.reasonEntities).map(([key]) => ({ key, name: names.get(key) ?? key }));
  const shown = new Set(entities.map((e) => e.key));
  const shownNames = new Set(entities.map((e) => e.name.toLowerCase()));
  const terms = shared(a.terms, b.terms)
    .filter(([t]) => !shown.has(t) && !t.startsWith('#'))
    .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
    .map(([t]) => surfaces.get(t) ?? t)
    .filter((word) => !shownNames.has(word.toLowerCase()))
    .slice(0, RELATED.reasonTerms);
  return { entities: entities.map((e) => e.name), terms, sameStory };
}

/**
 * Puts the new article into the rails of older articles where it now ranks: its score against each
 * candidate (symmetric but for the neighbour bonus) is compared with the candidate's stored floor.
 */
async function updateOlderRails(tx: Store, articleId: string, computation: RailComputation): Promise<void> {
  const byId = new Map(computation.candidates.map((c) => [c.id, c]));
  for (const c of computation.candidates) {
    if (c.termCosine >= RELATED.nearDuplicate) continue;
    const rail = (computation.candidateRails.get(c.id) ?? []).filter((e) => e.articleId !== articleId);
    const floor = rail.length >= RELATED.kMax ? rail[rail.length - 1]!.score : -Infinity;
    if (c.score <= floor) continue;
    // Near-identical texts never share a rail: keep the better-scored one.
    const twins = rail.filter((e) => {
      const other = byId.get(e.articleId);
      return other !== undefined && dot(other.profile.terms, computation.profile.terms) >= RELATED.nearDuplicate;
    });
    if (twins.some((t) => t.score >= c.score)) continue;
    await tx.related.insertIntoRail(c.id, { articleId, score: round(c.score), reasons: c.reasons }, RELATED.kMax, twins.map((t) => t.articleId));
  }
}

/** Takes an article out of every rail that holds it (before its rail is recomputed after an update). */
export async function removeFromRails(tx: Store, articleId: string): Promise<void> {
  for (const holder of await tx.related.containing(articleId)) await tx.related.removeFromRail(holder, articleId);
}

/**
 * The related step of ingest, for a stored non-duplicate article: records its entities (unless an
 * external index supplies them), computes and stores its rail, and updates older rails. On an update
 * (`replacing`), the old version leaves every rail first, so the new text is judged afresh.
 */
export async function updateRelated(tx: Store, article: Article, hooks: RelatedHooks = {}, replacing = false): Promise<RailComputation> {
  const entities = hooks.extractEntities ? await hooks.extractEntities(article, tx) : pseudoEntities(article);
  if (!hooks.entityIndex) await tx.related.putEntities(article.id, entities);
  if (replacing) await removeFromRails(tx, article.id);
  const computation = await computeRail(tx, article, entities, hooks);
  await tx.related.putRail(article.id, computation.rail);
  await updateOlderRails(tx, article.id, computation);
  return computation;
}
