/** The pipeline as Storyline runs it: every analysis stage, in order. */
import type { Store } from '../store/store.ts';
import { Pipeline, type PipelineStage } from './pipeline.ts';
import { termsStage } from '../analyse/terms-stage.ts';
import { entitiesStage } from '../analyse/entities-stage.ts';
import { createStoriesStage } from '../stories/stage.ts';
import { createRelatedStage } from '../related/stage.ts';

/** Stories take the entities stage's resolved mentions (canonical names across the archive) as their names. */
const storiesStage = createStoriesStage({ mentionsOf: (tx, ctx) => tx.entities.forArticle(ctx.article.id) });

/** Related content takes story co-membership from the stories stage, which runs before it. */
const relatedStage = createRelatedStage({
  storiesOf: async (tx, ids) => new Map([...(await tx.stories.storyIdsOf(ids))].map(([id, story]) => [id, [story]])),
});

export function pipelineStages(): PipelineStage[] {
  // Entities first (stories use them as evidence); stories and related read the document frequencies
  // the terms stage has just updated.
  return [entitiesStage, termsStage, storiesStage, relatedStage];
}

export function createPipeline(store: Store): Pipeline {
  return new Pipeline(store, pipelineStages());
}
