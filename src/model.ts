/**
 * The one data model shared by every layer: readers produce ArticleDrafts, the pipeline turns them into
 * Articles, the store keeps Articles, the server and CLI print them. zod schemas are the source of truth;
 * the TypeScript types are inferred from them.
 */
import { z } from 'zod';

/** ISO 8601 timestamp in UTC, always with a trailing Z (normalise.ts produces these). */
export const IsoTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/, 'ISO 8601 UTC time');

export const ContributorSchema = z.object({
  name: z.string().min(1),
  /** Where the contributor filed from: "Moscow" in "Andrew Roth in Moscow". */
  location: z.string().min(1).optional(),
  /** Role words that followed the name, such as "Moscow correspondent". */
  role: z.string().min(1).optional(),
  profileUrl: z.string().min(1).optional(),
});
export type Contributor = z.infer<typeof ContributorSchema>;

export const ImageSchema = z.object({
  url: z.string().min(1),
  alt: z.string().optional(),
  caption: z.string().optional(),
});
export type Image = z.infer<typeof ImageSchema>;

/** A related link that the source itself listed (the reference page's "Related Content" block). */
export const SourceRelatedSchema = z.object({
  headline: z.string().min(1),
  standfirst: z.string().optional(),
  byline: z.string().optional(),
  contributors: z.array(ContributorSchema).default([]),
  publishedAt: IsoTime.optional(),
  url: z.string().optional(),
  image: ImageSchema.optional(),
});
export type SourceRelated = z.infer<typeof SourceRelatedSchema>;

/** What a reader extracts from one input item, before normalisation, dedupe and storage. */
export const ArticleDraftSchema = z.object({
  /** An id the source gave the item (JSONL `id`, Guardian `id`, feed `guid`). */
  sourceId: z.string().min(1).optional(),
  url: z.string().min(1).optional(),
  canonicalUrl: z.string().min(1).optional(),
  headline: z.string().min(1),
  standfirst: z.string().optional(),
  /** Body as clean plain-text paragraphs, in order. */
  body: z.array(z.string()),
  /** Sanitised HTML of the body, when the source had HTML. */
  bodyHtml: z.string().optional(),
  byline: z.string().optional(),
  contributors: z.array(ContributorSchema).default([]),
  publisher: z.string().optional(),
  section: z.string().optional(),
  tags: z.array(z.string()).default([]),
  publishedAt: IsoTime.optional(),
  updatedAt: IsoTime.optional(),
  image: ImageSchema.optional(),
  language: z.string().optional(),
  sourceRelated: z.array(SourceRelatedSchema).default([]),
  /** Licence of the text when the source states one (e.g. "CC-BY-2.5"). */
  license: z.string().optional(),
});
export type ArticleDraft = z.infer<typeof ArticleDraftSchema>;
/** What readers construct: the defaulted arrays may be left out. */
export type ArticleDraftInput = z.input<typeof ArticleDraftSchema>;

export const ArticleSchema = ArticleDraftSchema.extend({
  /** Stable id: derived from the canonical URL, else the source id, else the text (see normalise.ts). */
  id: z.string().regex(/^[a-z0-9]{16}$/),
  /** SHA-256 (hex) of the normalised headline and body: exact-duplicate key. */
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** Set when this article is a (near-)duplicate of an earlier stored article. */
  duplicateOf: z.string().optional(),
  ingestedAt: IsoTime,
});
export type Article = z.infer<typeof ArticleSchema>;

export const EntityType = z.enum(['person', 'organisation', 'place', 'contributor']);
export type EntityType = z.infer<typeof EntityType>;

export const EntitySchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  type: EntityType,
  aliases: z.array(z.string()).default([]),
});
export type Entity = z.infer<typeof EntitySchema>;

/** One entity as it occurs in one article. */
export const MentionSchema = z.object({
  name: z.string().min(1),
  type: EntityType,
  count: z.number().int().positive(),
  /** Character offset of the first mention in headline + standfirst + body. */
  firstPosition: z.number().int().nonnegative(),
  /** Surface forms seen in this article ("Joe Biden", "Biden"). */
  aliases: z.array(z.string()).default([]),
});
export type Mention = z.infer<typeof MentionSchema>;

/** Why an article sits in another's Related Content rail. */
export const RelatedReasonSchema = z.object({
  entities: z.array(z.string()).default([]),
  terms: z.array(z.string()).default([]),
  sameStory: z.boolean().default(false),
});
export type RelatedReason = z.infer<typeof RelatedReasonSchema>;

export const RailEntrySchema = z.object({
  articleId: z.string(),
  score: z.number(),
  rank: z.number().int().nonnegative(),
  reasons: RelatedReasonSchema,
});
export type RailEntry = z.infer<typeof RailEntrySchema>;

export const StorySchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  /** The article whose headline is the title (the most central one). */
  titleArticleId: z.string().optional(),
  /** Its most characteristic named entities, each with the number of its articles that name it. */
  keyEntities: z.array(z.object({ name: z.string(), type: EntityType, count: z.number().int() })).default([]),
  /**
   * Its most characteristic names and terms, from the centroid ("Lohan", "Betty Ford"): what stands for
   * key entities while articles carry no entity mentions.
   */
  keyTerms: z.array(z.string()).default([]),
  firstPublishedAt: IsoTime.optional(),
  lastPublishedAt: IsoTime.optional(),
  articleCount: z.number().int().nonnegative(),
  sources: z.array(z.string()).default([]),
  status: z.enum(['active', 'dormant']),
});
export type Story = z.infer<typeof StorySchema>;

/** How the pipeline reports one stored input item. */
export const IngestStatus = z.enum(['new', 'updated', 'unchanged', 'duplicate']);
export type IngestStatus = z.infer<typeof IngestStatus>;
