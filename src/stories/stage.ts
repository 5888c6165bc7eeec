/**
 * Pipeline stage: puts the new article into a developing story (after the terms stage, whose document
 * frequencies it reads). An updated article is first taken out of its story, then assigned afresh: it
 * rejoins the same story when it still fits it best.
 */
import type { Mention } from '../model.ts';
import type { PipelineStage, StageContext } from '../ingest/pipeline.ts';
import type { Store } from '../store/store.ts';
import { articleFeatures, type ArticleFeatures } from './features.ts';
import { DEFAULT_STORY_CONFIG, StoryClusterer, type StoryConfig } from './cluster.ts';
import { DEFAULT_REVIEW_CONFIG, StoryReview, type ReviewConfig } from './review.ts';

export interface StoriesStageOptions {
  config?: Partial<StoryConfig>;
  /** The story review's settings (see review.ts). */
  review?: Partial<ReviewConfig>;
  /**
   * The article's entity mentions, once an entities stage provides them (run that stage first). When it
   * returns mentions, they are the names feature; otherwise name-like tokens of the text are.
   */
  mentionsOf?: (tx: Store, context: StageContext) => Promise<readonly Mention[] | undefined>;
}

/** The article's clustering features, with the entities stage's mentions as names when given. */
async function storyFeatures(options: StoriesStageOptions, tx: Store, context: StageContext): Promise<ArticleFeatures> {
  return articleFeatures(context.article, options.mentionsOf ? await options.mentionsOf(tx, context) : undefined);
}

export function createStoriesStage(options: StoriesStageOptions = {}): PipelineStage {
  const clusterer = new StoryClusterer({ ...DEFAULT_STORY_CONFIG, ...options.config });
  return {
    name: 'stories',
    async apply(tx, context) {
      if (context.previous) await clusterer.unassign(tx, context.article.id);
      await clusterer.assign(tx, await storyFeatures(options, tx, context));
    },
  };
}

export const storiesStage: PipelineStage = createStoriesStage();

/**
 * Pipeline stage after the related stage: second thoughts from the rails (review.ts). The new article
 * and its voting neighbours, whose rails now hold it, each move to the story that most of their voting
 * neighbours are in; then the stories they are in are checked for a split. Measured with eval:stories on
 * stories-dev (B-cubed F1 in publication order, then the mean of 4 shuffled orders), against the previous
 * rule (only an article alone in its story was reconsidered, the votes adding to its scores): ecbplus
 * 0.897 -> 0.930 and 0.868 -> 0.942, hamborg 0.923 -> 0.923 and 0.920 -> 0.933.
 */
export function createStoryReviewStage(options: StoriesStageOptions = {}): PipelineStage {
  const review = new StoryReview(new StoryClusterer({ ...DEFAULT_STORY_CONFIG, ...options.config }), { ...DEFAULT_REVIEW_CONFIG, ...options.review });
  return {
    name: 'story-review',
    async apply(tx, context) {
      const featuresOf = async (id: string) => {
        if (id === context.article.id) return storyFeatures(options, tx, context);
        const article = await tx.articles.get(id);
        return article && storyFeatures(options, tx, { article });
      };
      // Votes move articles between stories, never change a rail: the rails are read once.
      const own = (await tx.related.railHeads([context.article.id])).get(context.article.id) ?? [];
      const near = review.voters(own);
      const touched = [context.article.id, ...near];
      const rails = await tx.related.railHeads(near);
      rails.set(context.article.id, own);
      for (const id of touched) await review.vote(tx, id, rails.get(id) ?? [], featuresOf);
      for (const story of new Set((await tx.stories.storyIdsOf(touched)).values())) await review.split(tx, story, featuresOf);
    },
  };
}

export const storyReviewStage: PipelineStage = createStoryReviewStage();
