import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ingestBatch, readWorkersFor, type InputOrFailure } from '../../src/ingest/batch.ts';
import { createPipeline } from '../../src/ingest/stages.ts';
import type { IngestResult } from '../../src/ingest/pipeline.ts';
import { tempStore } from '../helpers.ts';

const FIXTURES = new URL('../fixtures/readers/', import.meta.url);

/** Every reader fixture (good and malformed ones), plus one input that failed before reading. */
function inputs(): InputOrFailure[] {
  const files = readdirSync(FIXTURES).sort();
  return [
    ...files.map((name): InputOrFailure => ({ ok: true, input: { name, bytes: readFileSync(new URL(name, FIXTURES)) } })),
    { ok: false, name: 'missing.html', error: 'cannot read: no such file' },
  ];
}

async function run(workers: number): Promise<IngestResult[]> {
  const t = await tempStore();
  try {
    const results: IngestResult[] = [];
    async function* stream() {
      yield* inputs();
    }
    await ingestBatch(createPipeline(t.store), stream(), { workers, onResult: (r) => results.push(r) });
    return results;
  } finally {
    await t.cleanup();
  }
}

describe('ingestBatch', () => {
  it('reads on worker threads with the same results, in input order, as on this thread', async () => {
    const inline = await run(0);
    const pooled = await run(2);
    const summary = (rs: IngestResult[]) => rs.map((r) => (r.ok ? `${r.input} ${r.status} ${r.id}` : `${r.input} failed: ${r.error}`));
    expect(summary(pooled)).toEqual(summary(inline));
    expect(inline.some((r) => r.ok && r.status === 'new')).toBe(true);
    expect(inline.filter((r) => !r.ok).map((r) => r.input)).toContain('missing.html');
  });

  it('starts read workers only for batches large enough to repay their start-up', () => {
    expect(readWorkersFor(61)).toBe(0);
    expect(readWorkersFor(5000)).toBeGreaterThanOrEqual(1);
  });
});
