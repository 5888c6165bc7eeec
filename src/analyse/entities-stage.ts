/**
 * Pipeline stage: the article's entities into the archive. Extract (headline, standfirst, body, byline
 * contributors) -> resolve against the archive's entities (every key the resolver may probe, and the
 * tags' keys, fetched in one lookup, then resolved in memory) -> add the entities the publisher's tags
 * name -> new entities get their id from type and name -> the article's mentions replace its previous
 * ones. Demonym evidence is not stored. Runs after lockAnalysis(), so resolution and writing are not
 * interleaved with another writer's.
 */
import type { PipelineStage } from '../ingest/pipeline.ts';
import { entityKey, entityText, extractEntities } from './entities.ts';
import { resolutionKeys, resolveCanonical, withTagMentions } from './entity-archive.ts';
import { entityIdOf, type StoredMention } from '../store/entities.ts';

export const entitiesStage: PipelineStage = {
  name: 'entities',
  async apply(tx, { article }) {
    const mentions = extractEntities({
      headline: article.headline,
      standfirst: article.standfirst,
      body: article.body,
      contributors: article.contributors,
    });
    const keys = [...resolutionKeys(mentions), ...article.tags.map(entityKey).filter(Boolean)];
    const found = keys.length ? await tx.entities.lookupMany(keys) : new Map();
    const lookup = (key: string) => found.get(key) ?? [];
    const resolved = withTagMentions(resolveCanonical(mentions, lookup), article.tags, entityText(article), lookup);
    const stored: StoredMention[] = resolved.map((m) => ({ ...m, entityId: m.entityId ?? entityIdOf(m.type, m.name) }));
    await tx.entities.putMentions(article, stored);
  },
};
