/** The pipeline as Storyline runs it: every analysis stage, in order. */
import type { Store } from '../store/store.ts';
import { Pipeline, type PipelineStage } from './pipeline.ts';
import { termsStage } from '../analyse/terms-stage.ts';
import { entitiesStage } from '../analyse/entities-stage.ts';
import { createStoriesStage } from '../stories/stage.ts';
import { relatedStage } from '../related/stage.ts';

/** Stories take the entities stage's resolved mentions (canonical names across the archive) as their names. */
const storiesStage = createStoriesStage({ mentionsOf: (tx, ctx) => tx.entities.forArticle(ctx.article.id) });

export function pipelineStages(): PipelineStage[] {
  // Entities first (stories use them as evidence); stories and related read the document frequencies
  // the terms stage has just updated.
  return [entitiesStage, termsStage, storiesStage, relatedStage];
}

export function createPipeline(store: Store): Pipeline {
  return new Pipeline(store, pipelineStages());
}
