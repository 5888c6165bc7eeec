/** The pipeline as Storyline runs it: every analysis stage, in order. */
import type { Store } from '../store/store.ts';
import { Pipeline, type PipelineStage } from './pipeline.ts';
import { termsStage } from '../analyse/terms-stage.ts';
import { storiesStage } from '../stories/stage.ts';

export function pipelineStages(): PipelineStage[] {
  // stories reads the document frequencies the terms stage has just updated.
  return [termsStage, storiesStage];
}

export function createPipeline(store: Store): Pipeline {
  return new Pipeline(store, pipelineStages());
}
