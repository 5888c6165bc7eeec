/**
 * Single-pass online story clustering, in the spirit of Miranda et al. 2018 ("Multilingual Clustering
 * of Streaming News"): each new article is compared with candidate stories (found through an inverted
 * index over the stories' top centroid terms, never by scanning), joins the best one when the score
 * clears the threshold, else opens a story of its own.
 *
 * Centroids hold the sum of the members' unit sublinear-tf vectors; idf is applied when comparing, with
 * the archive's current document frequencies, so an early article is not stuck with the idf of a tiny
 * archive and the outcome depends little on arrival order. Time is the ARTICLE's publication date
 * against the story's first..last interval, not the wall clock, so late and out-of-order articles meet
 * the stories of their own time.
 */
import type { Story } from '../model.ts';
import type { Store } from '../store/store.ts';
import type { StoryMember, StoryState } from '../store/stories.ts';
import { articleId } from '../ingest/normalise.ts';
import { terms as termsOf } from '../analyse/text.ts';
import type { ArticleFeatures, Vector } from './features.ts';
import { NUMBER_PREFIX, headlineKeys, parseTime } from './features.ts';
import { DEFAULT_QUIET_DAYS, dormantBefore, quietDays } from './quiet-period.ts';
import {
  DAY_MS, combine, dot, gapDays, idfFunction, normOf, top, unit, weigh,
  type IdfFn, type Score, type SimilarityConfig, type Side,
} from './similarity.ts';

export interface StoryConfig extends SimilarityConfig {
  /** An article joins its best story when the score reaches this floor and the story's own bar. */
  threshold: number;
  /** The story's bar is this share of its cohesion (mean join score of its members). */
  cohesionShare: number;
  /** Cohesion assumed for a story with no joins yet, and how many joins that assumption weighs. */
  cohesionPrior: number;
  cohesionPriorWeight: number;
  /** Terms of an article kept for scoring and for its share of the centroid. */
  articleTerms: number;
  /** Terms and names kept in a story centroid. */
  centroidTerms: number;
  centroidNames: number;
  /** Top centroid terms of a story in the inverted index, and top article terms in the query. */
  indexTerms: number;
  queryTerms: number;
  /** Candidate stories scored per article, and the heaviest stories read per query term to find them. */
  candidates: number;
  postingsPerTerm: number;
  /**
   * A story with no article for this many days (on the stream's clock) goes dormant, unless the archive
   * has a quiet period of its own (see quiet-period.ts).
   */
  quietDays: number;
  /** The title is recomputed for every article while a story is small, then every this many. */
  titleEvery: number;
  /** Key terms kept in the story summary. */
  keyTerms: number;
  /**
   * Headline evidence (see headlineMatch): an article that clears no story's bar still joins the story
   * of a member published within headlineDays of it whose headline has a cosine of at least
   * headlineMatch with its own and shares at least headlineShared of its words.
   */
  headlineDays: number;
  headlineMatch: number;
  headlineShared: number;
}

export const DEFAULT_STORY_CONFIG: StoryConfig = {
  threshold: 0.2,
  cohesionShare: 0.6,
  cohesionPrior: 0.3,
  cohesionPriorWeight: 1,
  namesWeight: 0.4,
  timeScaleDays: 30,
  timePenalty: 0.1,
  articleTerms: 60,
  centroidTerms: 80,
  centroidNames: 30,
  indexTerms: 48,
  queryTerms: 32,
  candidates: 8,
  postingsPerTerm: 100,
  quietDays: DEFAULT_QUIET_DAYS,
  titleEvery: 8,
  keyTerms: 8,
  headlineDays: 3,
  headlineMatch: 0.5,
  headlineShared: 3,
};

export interface Assignment {
  storyId: string;
  created: boolean;
  score?: Score;
}

/** Document frequencies the name keys need: a mention "Joe Biden" is as rare as its rarest word. */
function dfKeysOfName(key: string): string[] {
  if (key.startsWith(NUMBER_PREFIX)) return [];
  return key.includes(' ') ? termsOf(key) : [key];
}

/**
 * The archive's document frequencies of an article's and its candidate stories' keys, read once per
 * assignment. The store serves them from its working set (exact, see CachedTerms), so nothing is cached
 * here: idf is always the archive's current one.
 */
class Weights {
  private df = new Map<string, number>();
  private termIdf: IdfFn = () => 1;
  constructor(
    private readonly store: Store,
    private n: number,
  ) {}

  static async create(store: Store): Promise<Weights> {
    return new Weights(store, await store.terms.documentCount());
  }

  /** Fetches the document frequencies of the keys not known yet. */
  async need(keys: Iterable<string>): Promise<void> {
    const missing = new Set<string>();
    for (const key of keys) for (const k of dfKeysOfName(key)) if (!this.df.has(k)) missing.add(k);
    if (missing.size) for (const [k, v] of await this.store.terms.documentFrequencies([...missing])) this.df.set(k, v);
    this.termIdf = idfFunction(this.df, this.n);
  }

  readonly term: IdfFn = (t) => this.termIdf(t);
  readonly name: IdfFn = (key) => {
    if (key.startsWith(NUMBER_PREFIX) || !key.includes(' ')) return this.termIdf(key);
    return Math.max(...dfKeysOfName(key).map((k) => this.termIdf(k)), 1);
  };
}

function side(termsV: ReadonlyMap<string, number>, namesV: ReadonlyMap<string, number>, w: Weights): Side {
  return { terms: unit(weigh(termsV, w.term)), names: unit(weigh(namesV, w.name)) };
}

function addInto(target: Vector, v: ReadonlyMap<string, number>, sign: 1 | -1): void {
  for (const [k, x] of v) {
    const y = (target.get(k) ?? 0) + sign * x;
    if (y > 1e-6) target.set(k, y);
    else target.delete(k);
  }
}

/** Counts one article more (or less) for each of its name keys; a count that reaches 0 is dropped. */
function tally(counts: Record<string, number> | undefined, keys: Iterable<string>, sign: 1 | -1): void {
  if (!counts) return;
  for (const key of keys) {
    const n = (counts[key] ?? 0) + sign;
    if (n > 0) counts[key] = n;
    else delete counts[key];
  }
}

/** The most recent members of a story whose headlines are compared (see headlineMatch). */
const HEADLINE_MEMBERS = 16;

const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());

export class StoryClusterer {
  constructor(readonly config: StoryConfig = DEFAULT_STORY_CONFIG) {}

  /**
   * Assigns the article (already stored, its terms counted) to a story, opening one if none fits.
   * `into` overrides the choice (see review.ts): a story id joins that story whatever the score (when it
   * still exists), null opens a story of its own.
   */
  async assign(tx: Store, f: ArticleFeatures, into?: string | null): Promise<Assignment> {
    const c = this.config;
    const w = await Weights.create(tx);
    await w.need([...f.terms.keys(), ...f.names.keys()]);
    const articleTerms = top(f.terms, c.articleTerms, w.term);
    const articleNames = top(f.names, c.centroidNames, w.name);
    const a = side(articleTerms, articleNames, w);

    const query = top(a.terms, c.queryTerms);
    const ids = [...new Set([...(await tx.stories.candidates(query, c.candidates, c.postingsPerTerm)), ...(into ? [into] : [])])];
    const states = await tx.stories.states(ids);
    await w.need(states.flatMap((s) => [...s.terms.keys(), ...s.names.keys()]));

    // Each candidate is judged against its own bar (see threshold()); the article joins the candidate
    // that clears its bar by the widest margin.
    let best: { state: StoryState; score: Score; over: number } | undefined;
    let chosen: typeof best;
    for (const state of states) {
      const s = side(state.terms, state.names, w);
      const gap = gapDays(f.time, parseTime(state.story.firstPublishedAt), parseTime(state.story.lastPublishedAt));
      const score = combine(a, s, gap, c);
      const over = score.score - this.threshold(state);
      if (!best || over > best.over) best = { state, score, over };
      if (state.story.id === into) chosen = { state, score, over };
    }

    const joined = into === null ? undefined : (chosen ?? (best && best.over >= 0 ? best : undefined));
    const byHeadline = joined || into === null ? undefined : await this.headlineMatch(tx, f, states, w);

    const member: StoryMember = {
      articleId: f.id,
      storyId: '',
      headline: f.headline,
      publisher: f.publisher,
      publishedAt: iso(f.time),
      terms: unit(articleTerms),
      names: unit(articleNames),
    };
    const now = await tx.stories.latestActivity();
    let state: StoryState;
    let created = false;
    if (joined) {
      state = joined.state;
      member.similarity = joined.score.score;
      state.joins.n += 1;
      state.joins.sum += joined.score.score;
    } else if (byHeadline) {
      // No join score: a join on the headline says nothing of how tightly the story's texts hang together.
      state = byHeadline;
    } else {
      state = await this.newState(tx, f.id);
      created = true;
    }
    member.storyId = state.story.id;
    this.grow(state, member, f, w);
    state.activeAt = maxIso(state.activeAt, member.publishedAt ?? now);
    const streamNow = maxIso(now, state.activeAt);
    const quiet = await quietDays(tx, c.quietDays);
    state.story.status = state.activeAt && streamNow && state.activeAt < dormantBefore(streamNow, quiet) ? 'dormant' : 'active';
    await this.refreshTitle(tx, state, w, created, member);
    await this.save(tx, state, w);
    await tx.stories.addMember(member);
    if (streamNow) await tx.stories.markDormant(dormantBefore(streamNow, quiet));
    return { storyId: state.story.id, created, score: best?.score };
  }

  /**
   * The candidate story holding a member whose headline matches the article's, published within
   * headlineDays of it: the best such match, if any. Two reports of one event, days apart, carry
   * near-identical headlines even when one text is noise (a crawled photo gallery, a page whose
   * extracted body is another article). Headlines alone are no evidence without dates: "Chargers'
   * receiver arrested on suspicion of DUI" heads reports of two arrests a year apart.
   */
  private async headlineMatch(tx: Store, f: ArticleFeatures, states: readonly StoryState[], w: Weights): Promise<StoryState | undefined> {
    const c = this.config;
    if (f.time === undefined) return undefined;
    const own = headlineKeys(f.headline);
    if (own.size < c.headlineShared) return undefined;
    const near = (iso: string | undefined) => {
      const t = parseTime(iso);
      return t !== undefined && Math.abs(t - f.time!) <= c.headlineDays * DAY_MS;
    };
    const candidates: { state: StoryState; keys: Set<string> }[] = [];
    for (const state of states) {
      const gap = gapDays(f.time, parseTime(state.story.firstPublishedAt), parseTime(state.story.lastPublishedAt));
      if (gap === undefined || gap > c.headlineDays) continue;
      for (const m of await tx.stories.members(state.story.id, HEADLINE_MEMBERS)) {
        const keys = headlineKeys(m.headline);
        if (near(m.publishedAt) && [...keys].filter((k) => own.has(k)).length >= c.headlineShared) candidates.push({ state, keys });
      }
    }
    if (!candidates.length) return undefined;
    await w.need([...own, ...candidates.flatMap((m) => [...m.keys])]);
    const vector = (keys: Set<string>) => unit(weigh(new Map([...keys].map((k) => [k, 1])), w.term));
    const mine = vector(own);
    let best: { state: StoryState; cosine: number } | undefined;
    for (const { state, keys } of candidates) {
      const cosine = dot(mine, vector(keys));
      if (cosine >= c.headlineMatch && (!best || cosine > best.cosine)) best = { state, cosine };
    }
    return best?.state;
  }

  /** Takes the article out of its story (before re-assigning an updated version): centroid, span, title. */
  async unassign(tx: Store, articleId: string): Promise<void> {
    const member = await tx.stories.removeMember(articleId);
    if (!member) return;
    const [state] = await tx.stories.states([member.storyId]);
    if (!state) return;
    const span = await tx.stories.span(state.story.id);
    if (span.count === 0) {
      await tx.stories.delete(state.story.id);
      return;
    }
    if (member.similarity !== undefined) {
      state.joins.n = Math.max(0, state.joins.n - 1);
      state.joins.sum = Math.max(0, state.joins.sum - member.similarity);
    }
    addInto(state.terms, member.terms, -1);
    addInto(state.names, member.names, -1);
    tally(state.nameCounts, member.names.keys(), -1);
    if (member.publisher) {
      const left = (state.sourceCounts[member.publisher] ?? 1) - 1;
      if (left > 0) state.sourceCounts[member.publisher] = left;
      else delete state.sourceCounts[member.publisher];
    }
    const s = state.story;
    s.articleCount = span.count;
    s.firstPublishedAt = span.first;
    s.lastPublishedAt = span.last;
    s.sources = sourcesOf(state.sourceCounts);
    const w = await Weights.create(tx);
    await w.need([...state.terms.keys(), ...state.names.keys()]);
    if (s.titleArticleId === articleId) await this.refreshTitle(tx, state, w, true);
    await this.save(tx, state, w);
  }

  /**
   * The bar an article must clear to join this story: a share of how tightly its members joined it
   * (their mean join score, shrunk toward a prior while the story is small), never below the floor.
   * A story of near-identical wire reports is not joined by a look-alike event that a loose, developing
   * story would accept.
   */
  threshold(state: StoryState): number {
    const c = this.config;
    const cohesion = (state.joins.sum + c.cohesionPrior * c.cohesionPriorWeight) / (state.joins.n + c.cohesionPriorWeight);
    return Math.max(c.threshold, c.cohesionShare * cohesion);
  }

  private async newState(tx: Store, seed: string): Promise<StoryState> {
    // The story is named after the article that opened it; should that id be taken (the opener was
    // updated and moved out), derive another one from it.
    let id = seed;
    for (let i = 1; (await tx.stories.states([id])).length; i++) id = articleId(`${seed}:${i}`);
    const story: Story = {
      id,
      title: '',
      keyEntities: [],
      keyTerms: [],
      articleCount: 0,
      sources: [],
      status: 'active',
    };
    return { story, terms: new Map(), names: new Map(), nameForms: {}, nameTypes: {}, nameCounts: {}, sourceCounts: {}, joins: { n: 0, sum: 0 } };
  }

  /** Adds a member to the story's centroid and summary. */
  private grow(state: StoryState, m: StoryMember, f: ArticleFeatures, w: Weights): void {
    const c = this.config;
    addInto(state.terms, m.terms, 1);
    addInto(state.names, m.names, 1);
    state.terms = top(state.terms, c.centroidTerms, w.term);
    state.names = top(state.names, c.centroidNames, w.name);
    for (const key of m.names.keys()) {
      const form = f.nameForms.get(key);
      if (form && !state.nameForms[key]) state.nameForms[key] = form;
      const type = f.nameTypes?.get(key);
      if (type) state.nameTypes[key] = type;
    }
    tally(state.nameCounts, m.names.keys(), 1);
    for (const table of [state.nameForms, state.nameTypes, state.nameCounts ?? {}]) for (const key of Object.keys(table)) if (!state.names.has(key)) delete table[key];
    if (m.publisher) state.sourceCounts[m.publisher] = (state.sourceCounts[m.publisher] ?? 0) + 1;
    const s = state.story;
    s.articleCount += 1;
    s.sources = sourcesOf(state.sourceCounts);
    if (m.publishedAt) {
      if (!s.firstPublishedAt || m.publishedAt < s.firstPublishedAt) s.firstPublishedAt = m.publishedAt;
      if (!s.lastPublishedAt || m.publishedAt > s.lastPublishedAt) s.lastPublishedAt = m.publishedAt;
    }
    if (!s.title) {
      s.title = m.headline;
      s.titleArticleId = m.articleId;
    }
  }

  /**
   * Title: the headline of the member closest to the centroid, over its most recent members. Recomputed
   * when the story doubles in size while it is small (2, 4, 8 articles: a story's early members move
   * its centroid most), then every titleEvery articles.
   */
  private async refreshTitle(tx: Store, state: StoryState, w: Weights, force: boolean, joining?: StoryMember): Promise<void> {
    const s = state.story;
    if (!force && !titleDue(s.articleCount, this.config.titleEvery)) return;
    const members = [...(joining ? [joining] : []), ...(await tx.stories.members(s.id, 64))];
    if (!members.length) return;
    const centroid = unit(weigh(state.terms, w.term));
    let best: { m: StoryMember; sim: number } | undefined;
    for (const m of members) {
      const sim = dot(unit(weigh(m.terms, w.term)), centroid);
      if (!best || sim > best.sim) best = { m, sim };
    }
    if (best) {
      s.title = best.m.headline;
      s.titleArticleId = best.m.articleId;
    }
  }

  private async save(tx: Store, state: StoryState, w: Weights): Promise<void> {
    const c = this.config;
    const weighted = weigh(state.terms, w.term);
    const norm = normOf(weighted) || 1;
    const index = new Map([...top(weighted, c.indexTerms)].map(([k, x]) => [k, x / norm]));
    // Bylines weigh in the centroid (reporters follow their stories) but the story is not about them;
    // numbers tell events apart but name nothing a reader could follow ("2027", "12").
    const about = new Map([...state.names].filter(([k]) => state.nameTypes[k] !== 'contributor' && !k.startsWith(NUMBER_PREFIX)));
    const keyNames = [...top(about, c.keyTerms, w.name)];
    const s = state.story;
    s.keyTerms = keyNames.map(([k]) => state.nameForms[k] ?? k);
    s.keyEntities = keyNames
      .filter(([k]) => state.nameTypes[k])
      .map(([k, x]) => ({ name: state.nameForms[k] ?? k, type: state.nameTypes[k] as Story['keyEntities'][number]['type'], count: Math.max(1, state.nameCounts?.[k] ?? Math.round(x)) }));
    await tx.stories.save(state, index);
  }
}

function titleDue(count: number, every: number): boolean {
  if (count > every) return count % every === 0;
  return (count & (count - 1)) === 0;
}

function sourcesOf(counts: Record<string, number>): string[] {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k]) => k);
}

function maxIso(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}

