/**
 * Everything the web reader, the JSON API and the feeds read, in one place. Pages and routes never touch
 * the store directly: they call these functions, so wiring related rails, stories and entities at merge
 * is a matter of filling in DataHooks (see storeHooks below) and nothing else.
 *
 * Every hook is optional: a page shows a section only when its data exists.
 */
import type { Article, Entity, EntityType, Mention, RailEntry, RelatedReason, Story } from '../model.ts';
import type { Store } from '../store/store.ts';
import type { DayCount, Facet, SearchHit, SearchResults } from '../store/search.ts';
import { parseQuery } from '../search/query.ts';

/** Data the other capabilities provide. Each is a thin call on their repository. */
export interface DataHooks {
  /** store.related: the article's Related Content rail, best first. */
  rail?(articleId: string): Promise<RailEntry[]>;
  /** store.stories: the story the article belongs to. */
  storyOf?(articleId: string): Promise<Story | undefined>;
  /** store.stories: a story and the ids of its articles (any order; the page sorts by date). */
  story?(storyId: string): Promise<{ story: Story; articleIds: string[] } | undefined>;
  /** store.stories: stories, most recently updated first (only developing ones when `active`). */
  stories?(options: { limit: number; offset: number; active?: boolean }): Promise<Story[]>;
  /** store.stories: the most active stories (ranked by recent coverage). */
  hotStories?(limit: number): Promise<Story[]>;
  /** store.entities: the entities mentioned in an article, most prominent first. */
  articleEntities?(articleId: string): Promise<Mention[]>;
  /** store.entities: an entity, the ids of its articles (newest first, capped by the hook) and its stories. */
  entity?(type: EntityType, name: string): Promise<{ entity: Entity; articleIds: string[]; stories?: Story[] } | undefined>;
  /** store.entities: ids of articles mentioning an entity (for the search filter); type optional. */
  entityArticleIds?(name: string, type?: EntityType): Promise<string[]>;
}

/** Entries of a Related Content rail on the article page (the reference page shows nine or ten). */
const RAIL_LENGTH = 9;
/** A rail entry is shown when it scores at least this share of the rail's best entry. */
const RAIL_FLOOR = 0.3;
/** How many of an entity's latest articles its page lists and charts. */
export const ENTITY_ARTICLES = 500;
/** "Hot" stories are ranked among this many most recently active ones. */
const HOT_POOL = 60;

/**
 * Ranks stories by recent coverage: article count discounted by how long ago the story was last
 * covered, relative to the newest story (a half-life of a week), so a story that is both big and fresh
 * comes first, and the ranking does not depend on the wall clock (archives of old news work too).
 */
export function hotness(stories: readonly Story[]): Story[] {
  const newest = Math.max(...stories.map((s) => Date.parse(s.lastPublishedAt ?? '') || 0));
  const score = (s: Story) => {
    const last = Date.parse(s.lastPublishedAt ?? '') || newest;
    const days = Math.max(0, (newest - last) / 86_400_000);
    return Math.log1p(s.articleCount) * 0.5 ** (days / 7);
  };
  return [...stories].sort((a, b) => score(b) - score(a));
}

/** The stories most of these articles belong to (an entity's stories), most articles first. */
export async function storiesAmong(store: Store, articleIds: readonly string[], limit = 10): Promise<Story[]> {
  const counts = new Map<string, number>();
  for (const id of (await store.stories.storyIdsOf(articleIds)).values()) counts.set(id, (counts.get(id) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([id]) => id);
  return (await Promise.all(top.map((id) => store.stories.get(id)))).filter((s): s is Story => Boolean(s));
}

/** The hooks the running store provides: thin calls on the related, stories and entities repositories. */
export function storeHooks(store: Store): DataHooks {
  return {
    rail: async (articleId) => {
      const rail = await store.related.rail(articleId, RAIL_LENGTH);
      // Readers see only picks that are clearly related: stored rails are filled to their length (the
      // evaluation ranks all of them), but a weak tail far below the best pick is noise on the page.
      const floor = (rail[0]?.score ?? 0) * RAIL_FLOOR;
      return rail.filter((e) => e.score >= floor);
    },
    storyOf: async (articleId) => {
      const id = (await store.stories.storyIdsOf([articleId])).get(articleId);
      return id ? store.stories.get(id) : undefined;
    },
    story: async (storyId) => {
      const story = await store.stories.get(storyId);
      if (!story) return undefined;
      return { story, articleIds: (await store.stories.timeline(storyId)).map((t) => t.articleId) };
    },
    stories: async ({ limit, offset, active }) => (await store.stories.list({ limit: limit + offset, active })).slice(offset),
    hotStories: async (limit) => hotness((await store.stories.list({ limit: HOT_POOL })).filter((s) => s.articleCount > 1)).slice(0, limit),
    articleEntities: async (articleId) => (await store.entities.forArticle(articleId)).filter((m) => m.type !== 'contributor'),
    entity: async (type, name) => {
      const entity = (await store.entities.findByName(name, type))[0];
      if (!entity) return undefined;
      const articleIds = (await store.entities.articles(entity.id, { limit: ENTITY_ARTICLES })).map((a) => a.articleId);
      return { entity: { ...entity, aliases: [...entity.aliases] }, articleIds, stories: await storiesAmong(store, articleIds) };
    },
    entityArticleIds: async (name, type) => {
      const entity = (await store.entities.findByName(name, type))[0];
      return entity ? (await store.entities.articles(entity.id, { limit: ENTITY_ARTICLES })).map((a) => a.articleId) : [];
    },
  };
}

export type ArticleCard = SearchHit;

export interface RailEntryView {
  article: ArticleCard;
  score: number;
  rank: number;
  reasons: RelatedReason;
}

export interface EntityChip {
  name: string;
  type: EntityType;
  count?: number;
}

export interface ArticlePageData {
  article: Article;
  rail: RailEntryView[];
  story?: Story;
  entities: EntityChip[];
}

export interface HomeData {
  latest: ArticleCard[];
  /** The `before` cursor of the next page of latest articles, when there is one. */
  next?: string;
  hotStories: Story[];
}

export interface StoryPageData {
  story: Story;
  /** The story's articles, oldest first. */
  timeline: ArticleCard[];
  perDay: DayCount[];
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface EntityPageData {
  entity: Entity;
  perDay: DayCount[];
  stories: Story[];
  articles: Page<ArticleCard>;
}

export interface ContributorPageData {
  name: string;
  /** Where the contributor filed from, most frequent first. */
  locations: string[];
  roles: string[];
  perDay: DayCount[];
  stories: Story[];
  articles: Page<ArticleCard>;
}

export const SEARCH_LIMITS = { pageSize: 50, defaultPageSize: 20, maxPage: 200 } as const;

export interface SearchParams {
  q?: string;
  from?: string;
  to?: string;
  publisher?: string;
  section?: string;
  entity?: string;
  entityType?: EntityType;
  contributor?: string;
  sort?: 'relevance' | 'date';
  page?: number;
  pageSize?: number;
}

export interface SearchData extends Page<ArticleCard> {
  /** The words searched for, when the query had any. */
  words: string[];
  sort: 'relevance' | 'date';
}

function clampPage(page = 1): number {
  return Math.min(Math.max(1, Math.floor(page)), SEARCH_LIMITS.maxPage);
}

function clampSize(size: number = SEARCH_LIMITS.defaultPageSize): number {
  return Math.min(Math.max(1, Math.floor(size)), SEARCH_LIMITS.pageSize);
}

function dateOf(card: { publishedAt?: string }): string {
  return card.publishedAt ?? '';
}

export class SiteData {
  private facetCache?: { at: number; value: { publishers: Facet[]; sections: Facet[] } };

  constructor(
    readonly store: Store,
    readonly hooks: DataHooks = {},
  ) {}

  async cards(ids: readonly string[]): Promise<ArticleCard[]> {
    return this.store.search.cards(ids);
  }

  async latest(limit: number, before?: string): Promise<{ items: ArticleCard[]; next?: string }> {
    const { hits } = await this.store.search.search({ sort: 'date', limit: limit + 1, offset: 0, before });
    const items = hits.slice(0, limit);
    const last = items[items.length - 1];
    return { items, next: hits.length > limit && last ? last.publishedAt : undefined };
  }

  async home(): Promise<HomeData> {
    const [latest, hotStories] = await Promise.all([this.latest(20), this.hooks.hotStories?.(6) ?? []]);
    return { latest: latest.items, next: latest.next, hotStories };
  }

  /** A cheap value that changes when the article page's own data changes (for the rendered-page cache). */
  articleStamp(id: string): Promise<string | undefined> {
    return this.store.search.stamp(id);
  }

  /** The article page's data; `{ redirect }` for a duplicate (to its original); undefined when absent. */
  async article(id: string): Promise<ArticlePageData | { redirect: string } | undefined> {
    const article = await this.store.articles.get(id);
    if (!article) return undefined;
    if (article.duplicateOf) return { redirect: article.duplicateOf };
    const [rail, story, mentions] = await Promise.all([
      this.rail(id),
      this.hooks.storyOf?.(id),
      this.hooks.articleEntities?.(id) ?? [],
    ]);
    return { article, rail, story, entities: mentions.map((m) => ({ name: m.name, type: m.type, count: m.count })) };
  }

  async rail(id: string): Promise<RailEntryView[]> {
    const entries = (await this.hooks.rail?.(id)) ?? [];
    if (!entries.length) return [];
    const cards = new Map((await this.cards(entries.map((e) => e.articleId))).map((c) => [c.id, c]));
    return [...entries]
      .sort((a, b) => a.rank - b.rank)
      .flatMap((e) => {
        const article = cards.get(e.articleId);
        return article ? [{ article, score: e.score, rank: e.rank, reasons: e.reasons }] : [];
      });
  }

  async stories(limit: number, offset = 0, active = false): Promise<Story[]> {
    return (await this.hooks.stories?.({ limit, offset, active })) ?? [];
  }

  async story(id: string): Promise<StoryPageData | undefined> {
    const found = await this.hooks.story?.(id);
    if (!found) return undefined;
    const timeline = (await this.cards(found.articleIds)).sort((a, b) => dateOf(a).localeCompare(dateOf(b)) || a.id.localeCompare(b.id));
    const perDay = found.articleIds.length ? await this.store.search.perDay({ articleIds: found.articleIds, dated: true }) : [];
    return { story: found.story, timeline, perDay };
  }

  async entity(type: EntityType, name: string, page = 1, pageSize: number = SEARCH_LIMITS.defaultPageSize): Promise<EntityPageData | undefined> {
    const found = await this.hooks.entity?.(type, name);
    if (!found) return undefined;
    const p = clampPage(page);
    const size = clampSize(pageSize);
    const ids = found.articleIds;
    const [perDay, results] = ids.length
      ? await Promise.all([
          this.store.search.perDay({ articleIds: ids, dated: true }),
          this.store.search.search({ articleIds: ids, sort: 'date', limit: size, offset: (p - 1) * size }),
        ])
      : [[], { total: 0, hits: [] } as SearchResults];
    return { entity: found.entity, perDay, stories: found.stories ?? [], articles: { items: results.hits, total: results.total, page: p, pageSize: size } };
  }

  async contributor(name: string, page = 1, pageSize: number = SEARCH_LIMITS.defaultPageSize): Promise<ContributorPageData | undefined> {
    const found = await this.store.search.contributor(name);
    if (!found) return undefined;
    const p = clampPage(page);
    const size = clampSize(pageSize);
    const [perDay, results] = await Promise.all([
      this.store.search.perDay({ contributor: found.name, dated: true }),
      this.store.search.search({ contributor: found.name, sort: 'date', limit: size, offset: (p - 1) * size }),
    ]);
    const locations = new Map<string, number>();
    const roles = new Map<string, number>();
    for (const hit of results.hits) {
      for (const c of hit.contributors) {
        if (c.name.toLowerCase() !== found.name.toLowerCase()) continue;
        if (c.location) locations.set(c.location, (locations.get(c.location) ?? 0) + 1);
        if (c.role) roles.set(c.role, (roles.get(c.role) ?? 0) + 1);
      }
    }
    const byCount = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).map(([k]) => k);
    const stories = await this.storiesOf(results.hits.map((h) => h.id));
    return { name: found.name, locations: byCount(locations), roles: byCount(roles), perDay, stories, articles: { items: results.hits, total: results.total, page: p, pageSize: size } };
  }

  /** The distinct stories of some articles, in the order first met. */
  private async storiesOf(ids: readonly string[]): Promise<Story[]> {
    const storyOf = this.hooks.storyOf;
    if (!storyOf) return [];
    const seen = new Map<string, Story>();
    for (const story of await Promise.all(ids.map((id) => storyOf(id)))) if (story && !seen.has(story.id)) seen.set(story.id, story);
    return [...seen.values()];
  }

  /** Runs a search; throws InputError for a query that cannot be run (the caller shows the message). */
  async search(params: SearchParams): Promise<SearchData> {
    const parsed = params.q ? parseQuery(params.q) : undefined;
    const page = clampPage(params.page);
    const pageSize = clampSize(params.pageSize);
    const sort = params.sort ?? (parsed ? 'relevance' : 'date');
    let articleIds: string[] | undefined;
    if (params.entity) {
      articleIds = this.hooks.entityArticleIds ? await this.hooks.entityArticleIds(params.entity, params.entityType) : [];
    }
    const results = await this.store.search.search({
      query: parsed,
      sort,
      limit: pageSize,
      offset: (page - 1) * pageSize,
      from: params.from,
      to: params.to,
      publisher: params.publisher,
      section: params.section,
      contributor: params.contributor,
      articleIds,
    });
    return { items: results.hits, total: results.total, page, pageSize, words: parsed?.words ?? [], sort };
  }

  async facets(): Promise<{ publishers: Facet[]; sections: Facet[] }> {
    const now = Date.now();
    if (!this.facetCache || now - this.facetCache.at > 60_000) this.facetCache = { at: now, value: await this.store.search.facets(50) };
    return this.facetCache.value;
  }

  /** Every article for the sitemap: id and date, newest first (capped). */
  async sitemap(limit: number): Promise<{ id: string; publishedAt?: string }[]> {
    return (await this.store.search.search({ sort: 'date', limit, offset: 0 })).hits.map((h) => ({ id: h.id, publishedAt: h.publishedAt }));
  }
}
