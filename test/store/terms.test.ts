import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Pipeline } from '../../src/ingest/pipeline.ts';
import { pipelineStages } from '../../src/ingest/stages.ts';
import { draft, tempStore } from '../helpers.ts';
import type { SqliteStore } from '../../src/store/sqlite/store.ts';

let store: SqliteStore;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ store, cleanup } = await tempStore()));
afterEach(async () => cleanup());

describe('term statistics', () => {
  it('counts document frequencies across articles and replaces an updated article\'s terms', async () => {
    const p = new Pipeline(store, pipelineStages());
    const a = await p.ingestDraft(draft({ headline: 'Volcano erupts near Arlen', body: ['The volcano near Arlen erupted overnight, officials said.'] }), 'a');
    await p.ingestDraft(draft({ url: 'https://b.example/x', headline: 'Arlen evacuates', body: ['Arlen residents were evacuated as ash fell on the town.'] }), 'b');
    expect(await store.terms.documentCount()).toBe(2);
    const df = await store.terms.documentFrequencies(['arlen', 'volcano', 'unseen']);
    expect(Object.fromEntries(df)).toEqual({ arlen: 2, volcano: 1, unseen: 0 });
    const counts = await store.terms.counts([a.ok ? a.id : '']);
    expect(counts.get(a.ok ? a.id : '')?.get('volcano')).toBe(3); // headline counts twice + body once

    await p.ingestDraft(draft({ headline: 'Arlen eruption ends', body: ['The eruption near Arlen ended on Sunday.'], updatedAt: '2026-03-04T00:00:00.000Z' }), 'a2');
    const after = await store.terms.documentFrequencies(['arlen', 'volcano', 'erupt']);
    expect(Object.fromEntries(after)).toEqual({ arlen: 2, volcano: 0, erupt: 1 });
  });
});
