/** The pipeline as Storyline runs it: every analysis stage, in order. */
import type { Article } from '../model.ts';
import type { Store } from '../store/store.ts';
import type { StoredMention } from '../store/entities.ts';
import { Pipeline, type PipelineStage, type StageContext } from './pipeline.ts';
import { termsStage } from '../analyse/terms-stage.ts';
import { entitiesStage } from '../analyse/entities-stage.ts';
import { createStoriesStage, createStoryReviewStage } from '../stories/stage.ts';
import { createRelatedStage } from '../related/stage.ts';

/**
 * The article's stored mentions (the entities stage's resolved, canonical names), read once per ingest of
 * it: the stories, related and story-review stages all use them. Keyed by the article object, which only
 * one pipeline run holds.
 */
const mentionsRead = new WeakMap<Article, Promise<StoredMention[]>>();
function mentionsOf(tx: Store, article: Article): Promise<StoredMention[]> {
  let read = mentionsRead.get(article);
  if (!read) mentionsRead.set(article, (read = tx.entities.forArticle(article.id)));
  return read;
}

/** Stories take the entities stage's mentions as their names. */
const storyOptions = { mentionsOf: (tx: Store, ctx: StageContext) => mentionsOf(tx, ctx.article) };
const storiesStage = createStoriesStage(storyOptions);
/** Stories are revised once the new article's rail shows its nearest neighbours. */
const storyReviewStage = createStoryReviewStage(storyOptions);

/**
 * Related content takes story co-membership from the stories stage, which runs before it, and shows
 * shared words as the entities stage's named entities.
 */
const relatedStage = createRelatedStage({
  entityNames: mentionsOf,
  storiesOf: async (tx, ids) => new Map([...(await tx.stories.storyIdsOf(ids))].map(([id, story]) => [id, [story]])),
});

export function pipelineStages(): PipelineStage[] {
  // Entities first (stories use them as evidence); stories and related read the document frequencies
  // the terms stage has just updated.
  return [entitiesStage, termsStage, storiesStage, relatedStage, storyReviewStage];
}

export function createPipeline(store: Store): Pipeline {
  return new Pipeline(store, pipelineStages());
}
