/**
 * The reference page (../shared, not part of the repository): every name the issue lists must come out
 * with the right type, and the contributors must not be people. Skipped, with a message, when ../shared
 * is absent; the invented fixture in extract.test.ts exercises the same rules without it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractEntities, type EntityArticle } from '../../src/analyse/entities.ts';

const PAGE = fileURLToPath(new URL('../../../shared/reference/guardian-2021-12-02-biden-putin-talks.txt', import.meta.url));
const present = existsSync(PAGE);
if (!present) console.warn(`reference.test.ts: ${PAGE} not found, reference-page checks skipped`);

/** Headline, standfirst, then paragraphs up to and including the byline line (the footer starts at "The GuardianTramp"). */
function referenceArticle(contributors: { name: string }[]): EntityArticle {
  const paras = readFileSync(PAGE, 'utf8').split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  const end = paras.findIndex((p) => p.startsWith('The GuardianTramp'));
  const [headline, standfirst, ...body] = paras.slice(0, end);
  return { headline: headline!, standfirst: standfirst!, body, contributors };
}

const EXPECTED: [string, 'person' | 'organisation' | 'place'][] = [
  ['Joe Biden', 'person'], ['Vladimir Putin', 'person'], ['Antony Blinken', 'person'], ['Sergey Lavrov', 'person'],
  ['Dmytro Kuleba', 'person'], ['Liz Truss', 'person'], ['Jens Stoltenberg', 'person'], ['William Burns', 'person'],
  ['Nato', 'organisation'], ['OSCE', 'organisation'], ['FSB', 'organisation'], ['SBU', 'organisation'], ['Swift', 'organisation'],
  ['Nord Stream 2', 'organisation'],
  ['Ukraine', 'place'], ['Russia', 'place'], ['Crimea', 'place'], ['Stockholm', 'place'], ['Geneva', 'place'], ['Kyiv', 'place'],
  ['Moscow', 'place'], ['Washington', 'place'],
];

describe.skipIf(!present)('reference page (../shared)', () => {
  for (const contributors of [[{ name: 'Andrew Roth' }, { name: 'Julian Borger' }], []]) {
    const label = contributors.length ? 'with the byline contributors' : 'without a contributor list';
    it(`finds every listed name with its type, ${label}`, () => {
      const ms = extractEntities(referenceArticle(contributors));
      for (const [name, type] of EXPECTED) expect(ms.find((m) => m.name === name)?.type, name).toBe(type);
      const people = ms.filter((m) => m.type === 'person').map((m) => m.name);
      expect(people).not.toContain('Andrew Roth');
      expect(people).not.toContain('Julian Borger');
      expect(ms.filter((m) => m.type === 'contributor').map((m) => m.name)).toEqual(contributors.map((c) => c.name));
      // Merged, not repeated: one Biden, and "state Antony" is no place.
      expect(ms.filter((m) => /Biden/.test(m.name))).toHaveLength(1);
      expect(ms.find((m) => m.name === 'Joe Biden')!.aliases).toEqual(expect.arrayContaining(['Biden', 'Joe Biden']));
      expect(ms.some((m) => /state Antony/i.test(m.name))).toBe(false);
    });
  }
});
