/** Pipeline stage: counts the article's terms and adds them to the archive's term statistics. */
import type { PipelineStage } from '../ingest/pipeline.ts';
import { articleTermCounts } from './text.ts';

export const termsStage: PipelineStage = {
  name: 'terms',
  async apply(tx, { article }) {
    await tx.terms.put(article.id, articleTermCounts(article));
  },
};
