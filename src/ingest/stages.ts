/** The pipeline as Storyline runs it: every analysis stage, in order. */
import type { Store } from '../store/store.ts';
import { Pipeline, type PipelineStage } from './pipeline.ts';
import { termsStage } from '../analyse/terms-stage.ts';
import { relatedStage } from '../related/stage.ts';

export function pipelineStages(): PipelineStage[] {
  // related reads the term statistics the terms stage writes (and, once wired, the stories stage's
  // assignments: that stage goes between the two).
  return [termsStage, relatedStage];
}

export function createPipeline(store: Store): Pipeline {
  return new Pipeline(store, pipelineStages());
}
