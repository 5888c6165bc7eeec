import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Pipeline } from '../../src/ingest/pipeline.ts';
import { createPipeline } from '../../src/ingest/stages.ts';
import { termsStage } from '../../src/analyse/terms-stage.ts';
import { createRelatedStage } from '../../src/related/stage.ts';
import { displayNames, findCandidates, mentionsToEntities, overlaps, profileOf, rerankFromLists } from '../../src/related/engine.ts';
import { RELATED } from '../../src/related/config.ts';
import { nameRuns, pseudoEntities, surfaceForms } from '../../src/related/features.ts';
import { NO_REASONS, type EntityIndex, type EntityRef } from '../../src/store/related.ts';
import type { ArticleDraftInput, RelatedReason } from '../../src/model.ts';
import { draft, tempStore } from '../helpers.ts';
import type { SqliteStore } from '../../src/store/sqlite/store.ts';

let store: SqliteStore;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ store, cleanup } = await tempStore()));
afterEach(async () => cleanup());

/** Invented articles: three about the Arlen volcano, two about a harbour vote, one about chess. */
const VOLCANO = [
  ['Volcano erupts near Arlen', 'The Mount Tessel volcano near Arlen erupted overnight, sending ash over the valley. Geologists at the Arlen observatory said lava reached the northern slope by dawn.'],
  ['Arlen evacuates villages as Tessel lava advances', 'Authorities in Arlen ordered villages below Mount Tessel evacuated on Tuesday as lava from the volcano advanced. Ash closed the valley road and the observatory raised its alert.'],
  ['Ash from Mount Tessel grounds flights over Arlen', 'Flights into Arlen were cancelled after the Tessel volcano threw a column of ash over the valley. The observatory expects the eruption to continue for days, with lava on the slope.'],
];
const HARBOUR = [
  ['Harbour council delays vote on waterfront plan', 'The Velmora harbour council postponed its vote on the waterfront redevelopment after residents protested. Councillors want an independent review of the pier costs.'],
  ['Velmora waterfront plan faces new review', 'An independent panel will review the Velmora waterfront redevelopment, the harbour council said, after protests over pier costs and the loss of fishing moorings.'],
];
const CHESS = ['Grandmaster wins junior chess open', 'A fifteen-year-old grandmaster won the junior chess open on Sunday with a queen sacrifice in the final round, her coach said.'];

function article(i: number, [headline, text]: string[], extra: Partial<ArticleDraftInput> = {}): ArticleDraftInput {
  return draft({
    headline,
    standfirst: undefined,
    body: [text!, `Reporting for item ${i} continued through the afternoon with further interviews.`],
    url: `https://news.example/${i}`,
    publishedAt: `2026-03-0${(i % 8) + 1}T09:00:00.000Z`,
    ...extra,
  });
}

async function ingestAll(p: Pipeline, items: string[][], offset = 0): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, item] of items.entries()) {
    const r = await p.ingestDraft(article(offset + i, item), `item ${offset + i}`);
    if (!r.ok) throw new Error(r.error);
    ids.push(r.id);
  }
  return ids;
}

/**
 * Ingests an older and a newer article through the whole pipeline and requires the older one first in
 * the newer one's rail; returns their ids and that entry's reasons (`shown`: entities, then terms).
 */
async function reasonsOfPair(older: string[], newer: string[]): Promise<{ ids: string[]; reasons: RelatedReason; shown: string[] }> {
  const ids = await ingestAll(createPipeline(store), [older, newer]);
  const [entry] = await store.related.rail(ids[1]!);
  expect(entry?.articleId).toBe(ids[0]);
  return { ids, reasons: entry!.reasons, shown: [...entry!.reasons.entities, ...entry!.reasons.terms] };
}

describe('related rails', () => {
  it('ranks articles of the same story first, never the article itself or its duplicates', async () => {
    const p = createPipeline(store);
    const volcano = await ingestAll(p, VOLCANO);
    const harbour = await ingestAll(p, HARBOUR, 10);
    await ingestAll(p, [CHESS], 20);
    const copy = await p.ingestDraft(article(0, VOLCANO[0]!, { url: 'https://wire.example/copy' }), 'copy');
    expect(copy).toMatchObject({ status: 'duplicate', duplicateOf: volcano[0] });

    const rail = await store.related.rail(volcano[0]!);
    const ids = rail.map((e) => e.articleId);
    expect(ids).not.toContain(volcano[0]);
    expect(ids).not.toContain(copy.ok ? copy.id : '');
    expect(ids.slice(0, 2).sort()).toEqual([volcano[1]!, volcano[2]!].sort());
    const harbourRail = (await store.related.rail(harbour[0]!)).map((e) => e.articleId);
    expect(harbourRail[0]).toBe(harbour[1]);
    for (const id of [...volcano, ...harbour]) {
      expect(new Set((await store.related.rail(id)).map((e) => e.articleId)).size).toBe((await store.related.rail(id)).length);
    }
  });

  it('leaves a candidate whose final score is below the floor off the rail instead of padding it', () => {
    const head = (articleId: string, score: number) => ({ articleId, score, twin: false });
    const lists = new Map([
      ['a', [head('b', 0.5), head('c', RELATED.railFloor / 2)]],
      ['b', [head('a', 0.5)]],
      ['c', [head('x', 0.4)]],
    ]);
    const rail = rerankFromLists('a', lists);
    expect(rail.map((e) => e.articleId)).toEqual(['b']);
    expect(rail.every((e) => e.score >= RELATED.railFloor)).toBe(true);
  });

  it('relates nothing to an unrelated article in a young archive (every article is not everyone\'s neighbour)', async () => {
    const ids = await ingestAll(createPipeline(store), [
      ...HARBOUR,
      CHESS,
      ['Harbour cafe hosts chess evening', 'The Velmora harbour cafe will host a chess evening for beginners on Sunday, its owner said, with tea and boards provided.'],
      ['Mount Tessel erupts overnight', 'The Mount Tessel volcano near Arlen erupted overnight, sending ash over the valley and closing the Velmora road.'],
    ]);
    expect(await store.related.rail(ids[4]!)).toEqual([]);
    expect((await store.related.rail(ids[2]!)).map((e) => e.articleId)).toEqual([ids[3]]);
    expect((await store.related.rail(ids[0]!))[0]?.articleId).toBe(ids[1]);
  });

  it('puts a newer article into the rails of older ones', async () => {
    const p = createPipeline(store);
    const [first] = await ingestAll(p, [VOLCANO[0]!]);
    expect(await store.related.rail(first!)).toEqual([]);
    const [second] = await ingestAll(p, [VOLCANO[1]!], 1);
    expect((await store.related.rail(first!)).map((e) => e.articleId)).toEqual([second]);
    expect(await store.related.containing(second!)).toEqual([first]);
  });

  it('explains each entry with real shared words in readable form, and with given entities', async () => {
    const entities: Record<string, EntityRef[]> = {};
    const p = new Pipeline(store, [
      termsStage,
      createRelatedStage({
        extractEntities: (a) => (entities[a.id] = a.headline.includes('Arlen') || a.body.join(' ').includes('Tessel')
          ? mentionsToEntities([{ name: 'Mount Tessel', type: 'place' }, { name: 'Arlen', type: 'place' }])
          : []),
      }),
    ]);
    const ids = await ingestAll(p, VOLCANO);
    const [entry] = await store.related.rail(ids[2]!);
    expect(entry!.reasons.entities).toEqual(expect.arrayContaining(['Mount Tessel', 'Arlen']));
    expect(entry!.reasons.terms.length).toBeGreaterThan(0);
    const text = [...VOLCANO[2]!].join(' ').toLowerCase();
    for (const word of entry!.reasons.terms) expect(text).toContain(word.toLowerCase());
    expect(entry!.reasons.terms).not.toContain('ash'.slice(0, 2)); // stems never leak ("ash" stays a word)
    expect(entry!.reasons.terms.every((w) => /^[\p{L}\p{N}]+$/u.test(w))).toBe(true);
  });

  it('shows shared name-like words as the named entities they belong to, once each', async () => {
    const { reasons, shown } = await reasonsOfPair(
      [
        'Blinken and Lavrov meet in Stockholm',
        'Secretary of State Antony Blinken met Sergey Lavrov in Stockholm on Thursday. Blinken told Lavrov that sanctions would follow any move on Kyiv, and Lavrov said Moscow wanted security guarantees first.',
      ],
      [
        'Lavrov warns Blinken before Geneva talks',
        'Sergey Lavrov warned Antony Blinken on Monday that Moscow would not wait long for an answer. Blinken said Washington would answer in writing, and Lavrov called the Geneva meeting frank.',
      ],
    );
    expect(reasons.entities).toEqual(expect.arrayContaining(['Antony Blinken', 'Sergey Lavrov']));
    expect(reasons.entities.filter((name) => /Blinken/.test(name))).toHaveLength(1);
    expect(shown).not.toContain('Blinken');
  });

  it('never gives a number, a lone title word or the name of a day or month as a reason', async () => {
    const { shown } = await reasonsOfPair(
      [
        'Arbeloa and Kessel head for runoff in Valdoria',
        'President Miriam Kessel took 38.1% and Joaquín Arbeloa 38.6% in the first round in Valdoria on 1 October. President Kessel said the runoff on 22 October would be close, and Arbeloa promised 1 new climate law.',
      ],
      [
        'Valdoria runoff: Arbeloa leads Kessel in new poll',
        'Joaquín Arbeloa leads President Miriam Kessel ahead of the Valdoria runoff on 22 October, after 38.6% against 38.1% in the first round on 1 October. President Kessel called the poll wrong.',
      ],
    );
    expect(shown.some((r) => /Arbeloa|Kessel|Valdoria/.test(r))).toBe(true);
    expect(shown.filter((r) => /^\d|^president$|^october$/i.test(r))).toEqual([]);
  });

  it('takes two spellings of one name as one reason: apostrophes, case and accents aside, whole words only', () => {
    expect(overlaps("Kestrel Lowlands Farmers' Association", 'Kestrel Lowlands Farmers’ Association')).toBe(true);
    expect(overlaps('Amalgamated Dockworkers', 'Amalgamated Dockworkers’ Union')).toBe(true);
    expect(overlaps('Lind', 'Dr Noor Haddad-Lind')).toBe(true);
    expect(overlaps('Sao Paulo', 'São Paulo state')).toBe(true);
    expect(overlaps('Lin', 'Noor Haddad-Lind')).toBe(false);
    expect(overlaps('Kestrel Lowlands', 'Lowlands Kestrel')).toBe(false);
  });

  it('names an entity key by the named entities holding its word (the most mentioned first), then its name in the text, then the word', () => {
    const names = displayNames(
      [{ key: 'blinken', name: 'Blinken' }, { key: 'unit', name: 'United' }, { key: 'kyiv', name: 'Kyiv' }, { key: 'bramford', name: 'Bramford' }],
      [
        { name: 'Antony Blinken', aliases: ['Blinken'], count: 3 },
        { name: 'United Nations', aliases: [], count: 1 },
        { name: 'United States', aliases: ['US'], count: 4 },
      ],
      new Map([['bramford', ['Bramford Cross']]]),
    );
    expect([...names.values()]).toEqual([['Antony Blinken', 'Blinken'], ['United States', 'United Nations', 'United'], ['Kyiv'], ['Bramford Cross', 'Bramford']]);
  });

  it('shows the words of a name the extractor missed as that name, once, and a name only when the other article has all of it', async () => {
    const { ids, shown } = await reasonsOfPair(
      [
        'Voles blamed for fever in farming district',
        'Doctors in Bramford Cross traced the fever to voles in grain stores. Farmers across the Kestrel Lowlands were told to seal their barns, and clinics in Bramford Cross stayed open late.',
      ],
      [
        'Fever outbreak spreads in farming district',
        'Doctors in the town of Bramford Cross said the fever had reached three villages. The Kestrel Lowlands Farmers Union blamed voles, and the Kestrel Lowlands Farmers Union asked for help. The river that runs through Bramford Cross floods each spring in the Kestrel Lowlands.',
      ],
    );
    expect(shown).toContain('Bramford Cross');
    expect(shown.filter((r) => /Bramford|Cross/.test(r))).toEqual(['Bramford Cross']);
    // The newer article's union is not shared: the older one names the Kestrel Lowlands only.
    expect(shown.filter((r) => /Kestrel|Lowlands/.test(r))).toEqual(['Kestrel Lowlands']);
    // No reason repeats another or a part of it.
    for (const r of shown) expect(shown.filter((o) => ` ${o.toLowerCase()} `.includes(` ${r.toLowerCase()} `))).toEqual([r]);
    const [back] = await store.related.rail(ids[0]!);
    expect([...back!.reasons.entities, ...back!.reasons.terms].filter((r) => /Kestrel|Lowlands|Union/.test(r))).toEqual(['Kestrel Lowlands']);
  });

  it('scores words that are names of object members ("constructor") like any other word', async () => {
    const p = createPipeline(store);
    const ids = await ingestAll(p, [
      ['Constructor fined over collapsed bridge', 'The constructor of the Harlow bridge was fined after the collapse; the constructor blamed its steel supplier.'],
      ['Bridge constructor appeals Harlow fine', 'The constructor appealed the Harlow bridge fine, saying the steel supplier and the inspectors share the blame.'],
    ]);
    const [entry] = await store.related.rail(ids[1]!);
    expect(entry?.articleId).toBe(ids[0]);
    expect(Number.isFinite(entry!.score)).toBe(true);
    expect(entry!.reasons.terms.map((t) => t.toLowerCase())).toContain('constructor');
  });

  it('stores rails and reads them back in rank order', async () => {
    const ids = await ingestAll(new Pipeline(store), [VOLCANO[0]!, VOLCANO[1]!, VOLCANO[2]!, CHESS]);
    // Each rail entry takes its reasons from the article's candidate list; one the list lacks has none.
    const reasons = { entities: ['Velmora'], terms: ['lava'], sameStory: true };
    await store.related.putCandidates(ids[0]!, [ids[1]!, ids[3]!].map((articleId) => ({ articleId, score: 0.5, twin: false, reasons })));
    await store.related.putRail(ids[0]!, [
      { articleId: ids[1]!, score: 0.9 },
      { articleId: ids[3]!, score: 0.7 },
      { articleId: ids[2]!, score: 0.5 },
    ]);
    const rail = await store.related.rail(ids[0]!);
    expect(rail.map((e) => [e.rank, e.articleId])).toEqual([[0, ids[1]], [1, ids[3]], [2, ids[2]]]);
    expect(rail.map((e) => e.reasons)).toEqual([reasons, reasons, NO_REASONS]);
    expect(await store.related.rail(ids[0]!, 1)).toHaveLength(1);
    expect(await store.related.railHeads([ids[0]!])).toEqual(new Map([[ids[0]!, [{ articleId: ids[1]!, score: 0.9 }, { articleId: ids[3]!, score: 0.7 }, { articleId: ids[2]!, score: 0.5 }]]]));
    await store.related.removeFromRail(ids[0]!, ids[3]!);
    expect((await store.related.rail(ids[0]!)).map((e) => [e.rank, e.articleId])).toEqual([[0, ids[1]], [1, ids[2]]]);
    await store.related.removeFromRail(ids[0]!, ids[1]!);
    expect((await store.related.rail(ids[0]!)).map((e) => [e.rank, e.articleId])).toEqual([[0, ids[2]]]);
  });

  it('recomputes the rail of an updated article and its place in other rails', async () => {
    const p = createPipeline(store);
    const volcano = await ingestAll(p, VOLCANO);
    const harbour = await ingestAll(p, HARBOUR, 10);
    // The first volcano article is rewritten (same URL) into a harbour story.
    const updated = await p.ingestDraft(
      article(0, ['Harbour council approves Velmora waterfront plan', 'The Velmora harbour council approved the waterfront redevelopment after the independent review of pier costs and fishing moorings.'], {
        updatedAt: '2026-03-09T00:00:00.000Z',
      }),
      'update',
    );
    expect(updated).toMatchObject({ status: 'updated', id: volcano[0] });
    const rail = (await store.related.rail(volcano[0]!)).map((e) => e.articleId);
    expect(rail.slice(0, 2).sort()).toEqual([...harbour].sort());
    expect((await store.related.rail(volcano[1]!)).map((e) => e.articleId)[0]).toBe(volcano[2]);
    expect((await store.related.rail(harbour[0]!)).map((e) => e.articleId).slice(0, 2)).toContain(volcano[0]);
  });
});

describe('rail re-ranking', () => {
  it("keeps the article's twins out of its rail, and never two twins together (whichever side lists them)", () => {
    const head = (articleId: string, score: number, twin = false) => ({ articleId, score, twin });
    const lists = new Map([
      ['a', [head('t', 0.95, true), head('b', 0.9), head('c', 0.8), head('d', 0.7)]],
      ['b', [head('c', 0.95, true), head('a', 0.9)]],
      ['c', [head('a', 0.8)]],
      ['d', [head('a', 0.7)]],
    ]);
    expect(rerankFromLists('a', lists).map((e) => e.articleId)).toEqual(['b', 'd']);
    // Without the twin mark, c takes its place by score.
    lists.set('b', [head('c', 0.95), head('a', 0.9)]);
    expect(rerankFromLists('a', lists).map((e) => e.articleId)).toEqual(['b', 'c', 'd']);
  });
});

describe('candidate generation', () => {
  it('queries the indexes only: an archive without shared words gives no candidates', async () => {
    const ids = await ingestAll(createPipeline(store), [...HARBOUR, CHESS]);
    const calls: string[][] = [];
    const index: EntityIndex = {
      of: async () => new Map(),
      frequencies: async (keys) => new Map(keys.map((k) => [k, 2])),
      articlesWith: async (keys) => {
        calls.push([...keys]);
        return [];
      },
    };
    const none = await findCandidates(store, { id: 'query' }, ['tessel', 'lava', 'volcano'].map((term) => ({ term, weight: 1 })), [], index, new Map());
    expect(none).toEqual([]);
    const some = await findCandidates(store, { id: 'query' }, [{ term: 'velmora', weight: 1 }], [{ key: 'place:velmora', name: 'Velmora' }], index, new Map([['place:velmora', 3]]));
    expect(some.sort()).toEqual([ids[0]!, ids[1]!].sort());
    expect(calls).toEqual([[], ['place:velmora']]);
  });
});

describe('profiles', () => {
  it('keeps the heaviest components first, unit length up to the rounding of each weight, without zeros', () => {
    // One heavy term and 300 light ones (about 4e-5 each after normalising): they round to 0 and are left out.
    const counts = new Map<string, number>([['tessel', 400], ...Array.from({ length: 300 }, (_, i) => [`w${i}`, 1] as [string, number])]);
    const df = new Map<string, number>([['tessel', 1], ...[...counts.keys()].filter((t) => t !== 'tessel').map((t) => [t, 999] as [string, number])]);
    const p = profileOf(counts, df, 1000, [], new Map());
    const weights = [...p.terms.values()];
    expect([...p.terms.keys()][0]).toBe('tessel');
    expect(weights.every((w) => w > 0 && Math.round(w * 10 ** RELATED.profileDecimals) === w * 10 ** RELATED.profileDecimals)).toBe(true);
    expect(p.terms.size).toBe(1);
    expect(Math.hypot(...weights)).toBeCloseTo(1, 2);
  });
});

describe('text features', () => {
  it('maps stems to the surface word the article uses most', () => {
    const s = surfaceForms({ headline: 'Ukraine talks', body: ['Nato allies met over Ukraine. Talks with Nato continued; talking helps.'] });
    expect(s.get('ukrain')).toBe('Ukraine');
    expect(s.get('talk')).toBe('talks');
    expect(s.get('nato')).toBe('Nato');
  });

  it('finds capitalised names away from sentence starts and numbers as entity evidence', () => {
    const keys = pseudoEntities({ headline: 'Quake Hits Coast', body: ['A 4. 6 magnitude quake hit Sonoma County on Sunday. Officials in Sonoma said 10 homes were damaged.'] }).map((e) => e.key);
    expect(keys).toEqual(expect.arrayContaining(['#4.6', '#10', 'sonoma']));
    expect(keys).not.toContain('offici'); // capitalised only at a sentence start
    expect(keys).not.toContain('quak'); // the headline's title case is not evidence
  });

  it('finds the multi-word name each capitalised word belongs to, after titles, up to a possessive', () => {
    const runs = nameRuns({
      headline: 'Talks',
      body: ["Dr Noor Haddad-Lind spoke in Bramford Cross. The Bramford Cross clinic and Valdoria's Central Bank agreed. Officials in Valdoria said prices rose, and the Amalgamated Dockworkers’ Union voted."],
    });
    expect(runs.get('bramford')).toEqual(['Bramford Cross']);
    expect(runs.get('cross')).toEqual(['Bramford Cross']);
    expect(runs.get('noor')).toEqual(['Noor Haddad-Lind']);
    expect(runs.get('lind')).toEqual(['Noor Haddad-Lind']);
    expect(runs.get('central')).toEqual(['Central Bank']);
    expect(runs.has('valdoria')).toBe(false); // alone twice, never inside a name
    expect(runs.get('dockwork')).toEqual(['Amalgamated Dockworkers’ Union']);
  });

  it("names an entity without its possessive: \"Russia's\" is Russia, \"O'Brien\" keeps its apostrophe", () => {
    const entities = pseudoEntities({ headline: 'Talks', body: ["Talks with Russia's envoy and Nato’s chief went on. Aides said Russia and Nato would meet O'Brien again."] });
    const names = entities.map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['Russia', 'Nato', "O'Brien"]));
    expect(names).not.toContain('Russias');
    expect(names).not.toContain('Natos');
  });
});
