/**
 * Deleting an article and everything derived from it, in one transaction: its entity mentions, its term
 * statistics, its story membership (the story's centroid, span and title are updated, an emptied story
 * is deleted), its place in other articles' rails and candidate lists, its full-text row and band keys. Duplicates of it are deleted with it (they only pointed
 * at it and are never shown on their own).
 */
import { materialiseRails, removeFromRails } from '../related/engine.ts';
import type { Store } from '../store/store.ts';
import { StoryClusterer } from '../stories/cluster.ts';

export interface DeleteResult {
  /** Ids deleted: the article first, then its duplicates. */
  deleted: string[];
}

export async function deleteArticle(store: Store, id: string): Promise<DeleteResult | undefined> {
  return store.transaction(async (tx) => {
    // The analysis lock before the key lock, as the pipeline takes them (no deadlock between writers).
    await tx.lockAnalysis();
    await tx.lockKeys([`id:${id}`]);
    const article = await tx.articles.get(id);
    if (!article) return undefined;
    const duplicates = await tx.articles.duplicatesOf(id);
    if (!article.duplicateOf) {
      await tx.entities.removeArticle(id);
      await tx.terms.remove(id);
      await new StoryClusterer().unassign(tx, id);
      await removeFromRails(tx, id);
      // Out of every candidate list too, or the next re-ranking of a holder's rail would bring it back;
      // those rails are re-ranked now, so each refills from the rest of its list.
      const holders = await tx.related.removeFromCandidates(id);
      await tx.related.remove(id);
      await materialiseRails(tx, holders, new Map());
    }
    for (const d of duplicates) await tx.articles.delete(d);
    await tx.articles.delete(id);
    return { deleted: [id, ...duplicates] };
  });
}
