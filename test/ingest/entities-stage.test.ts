import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Pipeline } from '../../src/ingest/pipeline.ts';
import { pipelineStages } from '../../src/ingest/stages.ts';
import { INVENTED_TALKS } from '../entities/fixtures/invented-talks.ts';
import { draft, tempStore } from '../helpers.ts';
import type { SqliteStore } from '../../src/store/sqlite/store.ts';

let store: SqliteStore;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ store, cleanup } = await tempStore()));
afterEach(async () => cleanup());

describe('entities stage in the pipeline', () => {
  it('runs first, before terms', () => {
    expect(pipelineStages().map((s) => s.name).slice(0, 2)).toEqual(['entities', 'terms']);
  });

  it('stores an invented article\'s people, organisations, places and contributors; demonyms are no mentions', async () => {
    const p = new Pipeline(store, pipelineStages());
    const r = await p.ingestDraft(draft({ ...INVENTED_TALKS, url: 'https://example.test/talks' }), 'talks');
    if (!r.ok) throw new Error(r.error);
    const mentions = await store.entities.forArticle(r.id);
    const typeOf = (name: string) => mentions.find((m) => m.name === name)?.type;
    for (const name of ['Angela Merkel', 'Emmanuel Macron', 'Heiko Maas', 'Vladimir Makei', 'Jens Stoltenberg']) expect(typeOf(name), name).toBe('person');
    for (const name of ['Nato', 'OSCE', 'KGB']) expect(typeOf(name), name).toBe('organisation');
    for (const name of ['Belarus', 'Vienna', 'Minsk', 'Warsaw']) expect(typeOf(name), name).toBe('place');
    // "German", "Polish": evidence only, not stored.
    expect(mentions.map((m) => m.name)).not.toContain('Germany');
    expect(mentions.map((m) => m.name)).not.toContain('Poland');
    expect(mentions.filter((m) => m.type === 'contributor').map((m) => m.name)).toEqual(['Jane Hollis', 'Tomas Varga']);
    expect(mentions.filter((m) => m.type === 'person').map((m) => m.name)).not.toContain('Jane Hollis');
    expect(mentions.find((m) => m.name === 'Angela Merkel')!.aliases).toEqual(expect.arrayContaining(['Merkel']));

    // A duplicate gets no mentions of its own; re-ingesting the same text changes nothing.
    const dup = await p.ingestDraft(draft({ ...INVENTED_TALKS, url: 'https://copy.example/talks' }), 'copy');
    expect(dup).toMatchObject({ status: 'duplicate' });
    expect(await store.entities.forArticle(dup.ok ? dup.id : '')).toEqual([]);
    expect((await store.entities.findByName('Merkel', 'person'))[0]?.articleCount).toBe(1);
    expect(await store.check()).toEqual([]);
  });

  it("takes the publisher's tags as the entities of a feed item too short to type its names", async () => {
    const p = new Pipeline(store, pipelineStages());
    const full = await p.ingestDraft(draft({
      url: 'https://example.test/campaign',
      headline: 'Valdoria election campaign opens with President Kessel trailing',
      body: [
        'President Miriam Kessel opened her campaign in Valmora, the capital of Valdoria, on Monday.',
        'Her challenger Joaquín Arbeloa, a former mayor of Valmora, leads in the polls by six points.',
        'Kessel told supporters that Valdoria could not afford a change of course.',
      ],
    }), 'campaign');
    if (!full.ok) throw new Error(full.error);
    const item = await p.ingestDraft(draft({
      url: 'https://example.test/debate',
      headline: 'Kessel and Arbeloa clash over corruption in bad-tempered Valdoria debate',
      standfirst: undefined,
      body: ['The only televised debate before the first round is dominated by the motorway contracts scandal.'],
      tags: ['World', 'Valdoria', 'Elections', 'Miriam Kessel', 'Joaquín Arbeloa'],
    }), 'debate');
    if (!item.ok) throw new Error(item.error);
    const mentions = await store.entities.forArticle(item.id);
    expect(mentions.filter((m) => m.type !== 'contributor').map((m) => [m.name, m.type]).sort()).toEqual([
      ['Joaquín Arbeloa', 'person'],
      ['Miriam Kessel', 'person'],
      ['Valdoria', 'place'],
    ]);
    expect((await store.entities.findByName('Miriam Kessel', 'person'))[0]?.articleCount).toBe(2);
  });
});
