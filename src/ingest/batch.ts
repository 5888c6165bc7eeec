/**
 * Ingests a stream of inputs: reading (parsing, extraction) ahead of the store, on worker threads when
 * asked (see readWorkersFor), storing on this thread in input order, reporting each result as it lands.
 */
import type { Pipeline, IngestResult } from './pipeline.ts';
import type { Input } from './readers/reader.ts';
import { readInput } from './readers/index.ts';
import { ReadPool } from './read-pool.ts';
import { fnv1a } from '../util/hash.ts';
import { availableParallelism } from 'node:os';

/**
 * Read workers worth starting for a batch of this many inputs. A worker costs about a second of CPU to
 * start (it loads the TypeScript loader and the extraction libraries) and, measured on the 2-core
 * machines this runs on, extraction on worker threads scales poorly (two extraction processes side by
 * side each ran 1.4x slower than one alone): on the 61 pages of the extraction benchmark, 0 workers took
 * 2.3 s, 1 worker 2.8 s and 2 workers 3.3 s; on 976 inputs, 1 worker 12.1 s against 13.0 s for none. So
 * workers only for large batches, and one core left to the thread that stores.
 */
export function readWorkersFor(inputs: number): number {
  return inputs >= 500 ? Math.max(1, Math.min(availableParallelism() - 1, 3)) : 0;
}

export type InputOrFailure = { ok: true; input: Input } | { ok: false; name: string; error: string };

export interface BatchOptions {
  /** Worker threads for reading; 0 reads on this thread. */
  workers: number;
  /**
   * Ingest only this process's share of the items: several processes given the same inputs and the
   * same count, each its own index, split the work between them without overlap or coordination.
   */
  shard?: Shard;
  onResult: (result: IngestResult) => void;
}

/** Share `index` (0-based) of `count` equal shares. */
export interface Shard {
  index: number;
  count: number;
}

/** Whether an item (by its label: input name and position) falls in the shard; a stable hash decides. */
export function inShard(label: string, shard: Shard): boolean {
  return fnv1a(label) % shard.count === shard.index;
}

export async function ingestBatch(pipeline: Pipeline, inputs: AsyncIterable<InputOrFailure>, options: BatchOptions): Promise<void> {
  const pool = options.workers > 0 ? new ReadPool(options.workers) : undefined;
  // Reads run ahead of the store by a bounded window, so memory stays flat on huge directories.
  const window: { name: string; outcomes: Promise<ReturnType<typeof readInput>> | undefined; error?: string }[] = [];
  const limit = Math.max(2, (pool?.size ?? 1) * 4);
  const drainOne = async () => {
    const head = window.shift()!;
    if (head.error !== undefined) {
      options.onResult({ ok: false, input: head.name, label: head.name, error: head.error });
      return;
    }
    let outcomes;
    try {
      outcomes = await head.outcomes!;
    } catch (err) {
      options.onResult({ ok: false, input: head.name, label: head.name, error: `reader failed: ${(err as Error).message}` });
      return;
    }
    const mine = options.shard ? outcomes.filter((o) => inShard(o.label, options.shard!)) : outcomes;
    await pipeline.ingestOutcomes(head.name, mine, options.onResult);
  };
  try {
    for await (const item of inputs) {
      if (!item.ok) window.push({ name: item.name, outcomes: undefined, error: item.error });
      else {
        const outcomes = pool ? pool.read(item.input) : Promise.resolve().then(() => readInput(item.input));
        outcomes.catch(() => undefined); // handled when drained
        window.push({ name: item.input.name, outcomes });
      }
      if (window.length >= limit) await drainOne();
    }
    while (window.length) await drainOne();
  } finally {
    await pool?.close();
  }
}
