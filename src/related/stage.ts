/** Pipeline stage: the new article's Related Content rail, and its place in older articles' rails. */
import type { PipelineStage } from '../ingest/pipeline.ts';
import { updateRelated, type RelatedHooks } from './engine.ts';

/**
 * A related stage with optional evidence hooks (entities, stories). Runs after the terms stage (it reads
 * the article's term statistics) and after the stories stage once that exists (for story co-membership).
 */
export function createRelatedStage(hooks: RelatedHooks = {}): PipelineStage {
  return {
    name: 'related',
    async apply(tx, { article, previous }) {
      await updateRelated(tx, article, hooks, previous !== undefined);
    },
  };
}

export const relatedStage: PipelineStage = createRelatedStage();
