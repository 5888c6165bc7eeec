/**
 * The archive every quality script scores: labelled JSONL ingested through the real pipeline (readers,
 * dedupe, every analysis stage) into a fresh temporary SQLite database, removed afterwards.
 */
import { join } from 'node:path';
import type { Article } from '../src/model.ts';
import type { IngestResult } from '../src/ingest/pipeline.ts';
import { createPipeline } from '../src/ingest/stages.ts';
import type { Store } from '../src/store/store.ts';
import { SqliteStore } from '../src/store/sqlite/store.ts';
import { tempDir } from '../src/util/temp-dir.ts';

/** Ingests `bytes` (named `name` in messages) into a fresh database and runs `fn` on it and the results. */
export async function withIngestedArchive<T>(name: string, bytes: Uint8Array, fn: (store: Store, results: IngestResult[]) => Promise<T>): Promise<T> {
  const dir = tempDir('storyline-eval-');
  const store = await SqliteStore.open(join(dir.path, 'eval.db'));
  try {
    return await fn(store, await createPipeline(store).ingestInput({ name, bytes }));
  } finally {
    await store.close();
    dir.cleanup();
  }
}

/** Throws when any item failed to ingest: a score over part of the labelled data would mislead. */
export function requireAllStored(results: readonly IngestResult[]): void {
  const failed = results.filter((r) => !r.ok);
  if (failed.length) throw new Error(`${failed.length} articles failed to ingest: ${failed[0]!.ok ? '' : failed[0]!.error}`);
}

/** The stored articles by their JSONL id (sourceId); duplicates included, with duplicateOf set. */
export async function storedBySourceId(store: Store): Promise<Map<string, Article>> {
  const out = new Map<string, Article>();
  for (const a of await store.articles.getMany(await store.articles.allIds())) if (a.sourceId) out.set(a.sourceId, a);
  return out;
}
