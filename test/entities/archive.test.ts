import { describe, expect, it } from 'vitest';
import type { Mention } from '../../src/model.ts';
import { archiveKeys, editDistance, resolutionKeys, resolveCanonical, withTagMentions, type ArchiveEntity } from '../../src/analyse/entity-archive.ts';

/** An in-memory archive indexed the way the store will index it: by archiveKeys, probed one key at a time. */
function archive(entities: ArchiveEntity[]) {
  const index = new Map<string, ArchiveEntity[]>();
  for (const e of entities) for (const k of archiveKeys(e)) index.set(k, [...(index.get(k) ?? []), e]);
  const probes: string[] = [];
  const lookup = (key: string) => {
    probes.push(key);
    return index.get(key) ?? [];
  };
  return { lookup, probes };
}

const mention = (name: string, type: Mention['type'], extra: Partial<Mention> = {}): Mention => ({ name, type, count: 1, firstPosition: 0, aliases: [name], ...extra });

const LAVROV: ArchiveEntity = { id: 'p1', name: 'Sergey Lavrov', type: 'person', aliases: ['Lavrov'], articleCount: 40 };
const NATO: ArchiveEntity = { id: 'o1', name: 'Nato', type: 'organisation', aliases: ['North Atlantic Treaty Organization'], articleCount: 90 };
const JOE: ArchiveEntity = { id: 'p2', name: 'Joe Biden', type: 'person', aliases: [], articleCount: 50 };
const HUNTER: ArchiveEntity = { id: 'p3', name: 'Hunter Biden', type: 'person', aliases: [], articleCount: 30 };
const GEORGIA_PLACE: ArchiveEntity = { id: 'g1', name: 'Georgia', type: 'place', aliases: [], articleCount: 12 };

describe('archiveKeys', () => {
  it('indexes name, aliases and, for people, the surname', () => {
    expect(archiveKeys(LAVROV).sort()).toEqual(['lavrov', 'sergey lavrov', 'surname:lavrov']);
    expect(archiveKeys(NATO).sort()).toEqual(['nato', 'north atlantic treaty organization']);
  });
});

describe('resolveCanonical', () => {
  it('matches acronyms case-insensitively: "NATO" is "Nato"', () => {
    const { lookup } = archive([NATO]);
    const [r] = resolveCanonical([mention('NATO', 'organisation')], lookup);
    expect(r).toMatchObject({ name: 'Nato', entityId: 'o1', aliases: ['NATO'] });
  });

  it('maps a surname alone to the one person the archive knows by it', () => {
    const { lookup } = archive([{ ...LAVROV, aliases: [] }]);
    expect(resolveCanonical([mention('Lavrov', 'person')], lookup)[0]).toMatchObject({ name: 'Sergey Lavrov', entityId: 'p1' });
  });

  it('leaves a surname alone when the archive has two people of that name, unless one dominates', () => {
    const { lookup } = archive([JOE, HUNTER]);
    expect(resolveCanonical([mention('Biden', 'person')], lookup)[0]).toEqual(mention('Biden', 'person'));
    const skewed = archive([{ ...JOE, articleCount: 500 }, HUNTER]);
    expect(resolveCanonical([mention('Biden', 'person')], skewed.lookup)[0]?.name).toBe('Joe Biden');
  });

  it('merges a transliteration variant of the given name: "Sergei Lavrov" is "Sergey Lavrov"', () => {
    const { lookup } = archive([LAVROV]);
    expect(resolveCanonical([mention('Sergei Lavrov', 'person')], lookup)[0]).toMatchObject({ name: 'Sergey Lavrov', entityId: 'p1', aliases: ['Sergei Lavrov'] });
    // A different given name with the same surname is another person.
    expect(resolveCanonical([mention('Anna Lavrov', 'person')], lookup)[0]?.entityId).toBeUndefined();
  });

  it('does not take a full name\'s one-word alias as identifying: "Matt Smith" (also "Smith") is not "A. J. Smith"', () => {
    const { lookup } = archive([{ id: 'p9', name: 'A. J. Smith', type: 'person', aliases: ['Smith', 'A.J. Smith'], articleCount: 30 }]);
    expect(resolveCanonical([mention('Matt Smith', 'person', { aliases: ['Matt Smith', 'Smith'] })], lookup)[0]?.entityId).toBeUndefined();
    expect(resolveCanonical([mention('Smith', 'person')], lookup)[0]?.entityId).toBe('p9');
  });

  it('needs the same type', () => {
    const { lookup } = archive([GEORGIA_PLACE]);
    expect(resolveCanonical([mention('Georgia', 'person')], lookup)[0]?.entityId).toBeUndefined();
  });

  it('merges two mentions of one archive entity, summing counts', () => {
    const { lookup } = archive([LAVROV]);
    const out = resolveCanonical([
      mention('Sergei Lavrov', 'person', { count: 2, firstPosition: 40 }),
      mention('Sergey Lavrov', 'person', { count: 1, firstPosition: 10 }),
    ], lookup);
    expect(out).toEqual([{ name: 'Sergey Lavrov', type: 'person', count: 3, firstPosition: 10, entityId: 'p1', aliases: ['Sergei Lavrov', 'Sergey Lavrov'] }]);
  });

  it('only probes keys: never asks for a scan', () => {
    const { lookup, probes } = archive([LAVROV, NATO]);
    resolveCanonical([mention('Lavrov', 'person'), mention('OSCE', 'organisation')], lookup);
    expect(probes.every((k) => k.length > 0 && !k.includes('*'))).toBe(true);
    expect(new Set(probes)).toEqual(new Set(['lavrov', 'osce']));
  });
});

describe('withTagMentions', () => {
  const KESSEL: ArchiveEntity = { id: 'p7', name: 'Miriam Kessel', type: 'person', aliases: ['President Kessel'], articleCount: 6 };
  const VALDORIA: ArchiveEntity = { id: 'g7', name: 'Valdoria', type: 'place', aliases: [], articleCount: 9 };
  const ENGINEERING: ArchiveEntity = { id: 'o7', name: 'Halvorsen Civil Engineering', type: 'organisation', aliases: ['Engineering'], articleCount: 3 };
  const text = "Kessel and Arbeloa clash in Valdoria debate\n\nKessel's rival attacked her record on Valdoria's roads.";

  it("adds the known entity a tag names when the text names it, by name, alias or a person's surname", () => {
    const { lookup } = archive([KESSEL, VALDORIA, NATO]);
    const out = withTagMentions([], ['World', 'Miriam Kessel', 'Valdoria', 'Nato', 'Elections'], text, lookup);
    expect(out).toEqual([
      { name: 'Miriam Kessel', type: 'person', count: 2, firstPosition: 0, aliases: ['Kessel'], entityId: 'p7' },
      { name: 'Valdoria', type: 'place', count: 2, firstPosition: 28, aliases: ['Valdoria'], entityId: 'g7' },
    ]);
  });

  it('adds nothing for a tag that is only an alias, or whose name several entities share equally', () => {
    const { lookup } = archive([ENGINEERING, GEORGIA_PLACE, { ...GEORGIA_PLACE, id: 'g2', type: 'place' }]);
    expect(withTagMentions([], ['Engineering', 'Georgia'], 'Engineering firms in Georgia.', lookup)).toEqual([]);
  });

  it('folds a mention the archive could not place into the tag naming it, and leaves one it placed alone', () => {
    const { lookup } = archive([KESSEL, VALDORIA]);
    const unplaced = mention('Kessel', 'organisation', { count: 3, firstPosition: 0 });
    const placed = { ...mention('Valdoria', 'place', { count: 2, firstPosition: 28 }), entityId: 'g7' };
    const out = withTagMentions([unplaced, placed], ['Miriam Kessel', 'Valdoria'], text, lookup);
    expect(out).toEqual([
      { name: 'Miriam Kessel', type: 'person', count: 3, firstPosition: 0, aliases: ['Kessel'], entityId: 'p7' },
      placed,
    ]);
  });
});

describe('resolutionKeys', () => {
  it('covers every key resolveCanonical probes, so a store can fetch them in one batch', () => {
    const mentions = [
      mention('Sergei Lavrov', 'person', { aliases: ['Sergei Lavrov', 'Lavrov'] }),
      mention('Biden', 'person'),
      mention('NATO', 'organisation'),
      mention('Anna Lavrov', 'person'),
    ];
    const keys = new Set(resolutionKeys(mentions));
    for (const entities of [[], [LAVROV, NATO], [JOE, HUNTER], [{ ...LAVROV, aliases: [] }]]) {
      const { lookup, probes } = archive(entities);
      resolveCanonical(mentions, lookup);
      for (const p of probes) expect(keys, p).toContain(p);
    }
  });
});

describe('editDistance', () => {
  it('counts single-letter edits', () => {
    expect(editDistance('sergey', 'sergei')).toBe(1);
    expect(editDistance('dmitry', 'dmitriy')).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
  });
});
