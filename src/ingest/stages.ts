/** The pipeline as Storyline runs it: every analysis stage, in order. */
import type { Store } from '../store/store.ts';
import { Pipeline, type PipelineStage, type StageContext } from './pipeline.ts';
import { termsStage } from '../analyse/terms-stage.ts';
import { entitiesStage } from '../analyse/entities-stage.ts';
import { createStoriesStage, createStoryReviewStage } from '../stories/stage.ts';
import { createRelatedStage } from '../related/stage.ts';

/** Stories take the entities stage's resolved mentions (canonical names across the archive) as their names. */
const storyOptions = { mentionsOf: (tx: Store, ctx: StageContext) => tx.entities.forArticle(ctx.article.id) };
const storiesStage = createStoriesStage(storyOptions);
/** An article that opened a story is reconsidered once its rail shows its nearest neighbours. */
const storyReviewStage = createStoryReviewStage(storyOptions);

/**
 * Related content takes story co-membership from the stories stage, which runs before it, and shows
 * shared words as the entities stage's named entities.
 */
const relatedStage = createRelatedStage({
  entityNames: (tx, article) => tx.entities.forArticle(article.id),
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
