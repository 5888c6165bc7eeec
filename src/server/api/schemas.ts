/** zod schemas of the JSON API: they validate requests and generate /openapi.json. */
import { z } from 'zod';
import { ArticleSchema, ContributorSchema, EntitySchema, EntityType, ImageSchema, RelatedReasonSchema, StorySchema } from '../../model.ts';
import { QUERY_LIMITS } from '../../search/query.ts';
import { isDay } from '../../store/search.ts';
import { SEARCH_LIMITS } from '../data.ts';

export const ErrorResponse = z.object({
  error: z.object({ status: z.number().int(), message: z.string() }),
});

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD').refine(isDay, 'a day as YYYY-MM-DD that the calendar has');
const Text = (max = 200) => z.string().trim().max(max);
const Page = z.coerce.number().int().min(1).max(SEARCH_LIMITS.maxPage).default(1);
const PageSize = z.coerce.number().int().min(1).max(SEARCH_LIMITS.pageSize).default(SEARCH_LIMITS.defaultPageSize);

export const ArticleCard = z.object({
  id: z.string(),
  headline: z.string(),
  standfirst: z.string().optional(),
  byline: z.string().optional(),
  publisher: z.string().optional(),
  section: z.string().optional(),
  publishedAt: z.string().optional(),
  url: z.string().optional().describe('the original URL at the publisher'),
  image: ImageSchema.optional(),
  contributors: z.array(ContributorSchema),
  headlineHtml: z.string().optional().describe('search results: the escaped headline with <mark> around matches'),
  snippetHtml: z.string().optional().describe('search results: an escaped passage with <mark> around matches'),
});

export const DayCountSchema = z.object({ day: Day, count: z.number().int() });

export const RailEntryView = z.object({
  article: ArticleCard,
  score: z.number(),
  rank: z.number().int(),
  reasons: RelatedReasonSchema,
});

export const EntityChip = z.object({ name: z.string(), type: EntityType, count: z.number().int().optional() });

const Paged = { total: z.number().int(), page: z.number().int(), pageSize: z.number().int() };

export const Schemas = {
  home: z.object({ latest: z.array(ArticleCard), next: z.string().optional(), hotStories: z.array(StorySchema) }),
  articles: z.object({ articles: z.array(ArticleCard), next: z.string().optional().describe('pass as `before` for the next page') }),
  article: z.object({
    article: ArticleSchema,
    rail: z.array(RailEntryView).describe('the Related Content rail, best first'),
    story: StorySchema.optional(),
    entities: z.array(EntityChip),
  }),
  search: z.object({ ...Paged, sort: z.enum(['relevance', 'date']), words: z.array(z.string()), results: z.array(ArticleCard) }),
  stories: z.object({ stories: z.array(StorySchema), page: z.number().int() }),
  story: z.object({ story: StorySchema, timeline: z.array(ArticleCard), perDay: z.array(DayCountSchema) }),
  entity: z.object({ entity: EntitySchema, perDay: z.array(DayCountSchema), stories: z.array(StorySchema), articles: z.array(ArticleCard), ...Paged }),
  contributor: z.object({
    name: z.string(),
    locations: z.array(z.string()),
    roles: z.array(z.string()),
    perDay: z.array(DayCountSchema),
    stories: z.array(StorySchema),
    articles: z.array(ArticleCard),
    ...Paged,
  }),
};

export const Queries = {
  list: z.object({
    limit: z.coerce.number().int().min(1).max(SEARCH_LIMITS.pageSize).default(SEARCH_LIMITS.defaultPageSize),
    before: z.string().max(40).optional().describe('only articles published before this ISO time (the `next` of the previous page)'),
  }),
  search: z.object({
    q: z.string().max(QUERY_LIMITS.length).optional().describe('words, "phrases", OR, NOT / -word, (groups), prefix*'),
    from: Day.optional(),
    to: Day.optional(),
    publisher: Text().optional(),
    section: Text().optional(),
    entity: Text().optional().describe('a person, organisation or place'),
    entityType: EntityType.optional(),
    contributor: Text().optional(),
    sort: z.enum(['relevance', 'date']).optional().describe('default: relevance with a query, else date'),
    page: Page,
    pageSize: PageSize,
  }),
  page: z.object({ page: Page, pageSize: PageSize }),
  stories: z.object({
    page: Page,
    pageSize: PageSize,
    active: z
      .enum(['true', 'false'])
      .optional()
      .describe('true: only developing stories (an article within the quiet period)')
      .transform((v) => v === 'true'),
  }),
};

export const Params = {
  id: z.object({ id: z.string().min(1).max(200) }),
  entity: z.object({ type: EntityType, name: z.string().min(1).max(300) }),
  name: z.object({ name: z.string().min(1).max(300) }),
};
