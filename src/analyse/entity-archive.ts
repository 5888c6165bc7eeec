/**
 * Across the archive: map an article's mentions to the archive's canonical entities. Pure and
 * lookup-only: the store indexes each entity under `archiveKeys(entity)` and answers `lookup(key)`
 * with the entities indexed under that key (an index probe, never a scan).
 *
 * Rules, each only when the archive makes the answer unambiguous (one candidate, or one with at least
 * `dominance` times the articles of the next):
 *  - same key and type: "NATO" -> "Nato", "Sueddeutsche"/"Süddeutsche" (keys fold case, diacritics, dots);
 *  - a surname alone: "Lavrov" -> "Sergey Lavrov";
 *  - a transliteration variant: same surname, given names within a small edit distance and with the same
 *    initial: "Sergei Lavrov" -> "Sergey Lavrov", "Dmitri Peskov" -> "Dmitry Peskov".
 * A mention that matches nothing, or several entities equally well, stays as it is (a new entity).
 */
import type { EntityType, Mention } from '../model.ts';
import { entityKey } from './entities.ts';

export interface ArchiveEntity {
  id: string;
  name: string;
  type: EntityType;
  aliases: readonly string[];
  /** In how many articles the entity is mentioned: the tie-breaker. */
  articleCount: number;
}

/** The entities indexed under one key (see `archiveKeys`). */
export type ArchiveLookup = (key: string) => readonly ArchiveEntity[];

/** A mention mapped to the archive: `entityId` is set when it matched an existing entity. */
export interface ResolvedMention extends Mention {
  entityId?: string;
}

export interface ResolveOptions {
  /** How many times the articles of the runner-up the chosen entity needs. Default 2. */
  dominance?: number;
}

const SURNAME = 'surname:';

/** The keys to index an archive entity under: its name's and aliases' keys, and for people, the surname's. */
export function archiveKeys(entity: { name: string; type: EntityType; aliases?: readonly string[] }): string[] {
  const keys = new Set<string>();
  for (const n of [entity.name, ...(entity.aliases ?? [])]) {
    const k = entityKey(n);
    if (!k) continue;
    keys.add(k);
    const words = k.split(' ');
    if (entity.type === 'person' && words.length > 1) keys.add(SURNAME + words[words.length - 1]);
  }
  return [...keys];
}

/** The key under which the archive indexes people with this surname ("surname:lavrov"). */
export function surnameKey(name: string): string | undefined {
  const words = entityKey(name).split(' ');
  const last = words[words.length - 1];
  return last ? SURNAME + last : undefined;
}

/**
 * Every key `resolveCanonical` may look up for these mentions, so that a store can fetch them all in one
 * batch and resolution then runs from memory.
 */
export function resolutionKeys(mentions: readonly Mention[]): string[] {
  const keys = new Set<string>();
  for (const m of mentions) {
    for (const k of exactKeys(m, entityKey(m.name))) keys.add(k);
    const surname = m.type === 'person' ? surnameKey(m.name) : undefined;
    if (surname) keys.add(surname);
  }
  return [...keys];
}

/**
 * The publisher's tags as mentions: a tag that names an entity the archive knows (by that very name, one
 * entity or one dominant) counts as a mention of it when the text names it too, by its name, an alias
 * or, for a person, the surname. A feed item that carries only a headline and a sentence ("Kessel and
 * Arbeloa clash in bad-tempered Valdoria debate", tagged "Miriam Kessel", "Valdoria") gives the extractor
 * too little to type its names by; the tags say who they are. Tags that name no known entity ("World",
 * "Elections") and entities the text never names are left out. The lookup takes the tags' keys.
 * Mentions the extractor found and the archive could not place, named by one of a tag mention's forms
 * ("Arbeloa" beside the tag "Joaquín Arbeloa"), are folded into it; mentions of the same archive entity
 * are kept as they are and the tag adds nothing.
 */
export function withTagMentions(resolved: readonly ResolvedMention[], tags: readonly string[], text: string, lookup: ArchiveLookup, dominance = 2): ResolvedMention[] {
  const known = new Set(resolved.map((m) => m.entityId).filter((id) => id !== undefined));
  const out = new Map<string, ResolvedMention>();
  for (const tag of tags) {
    const key = entityKey(tag);
    if (!key || !/^\p{Lu}/u.test(tag.trim())) continue;
    const entity = dominant(dedupe(lookup(key).filter((e) => e.type !== 'contributor' && entityKey(e.name) === key)), dominance);
    if (!entity || known.has(entity.id) || out.has(entity.id)) continue;
    const words = entity.name.split(/\s+/);
    const surfaces = new Set([entity.name, ...entity.aliases, ...(entity.type === 'person' && words.length > 1 ? [words[words.length - 1]!] : [])]);
    let count = 0;
    let first = Infinity;
    const seen: string[] = [];
    for (const surface of surfaces) {
      const hits = [...text.matchAll(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(surface)}(?![\\p{L}\\p{N}])`, 'gu'))];
      if (!hits.length) continue;
      seen.push(surface);
      // A surname's hits include the full name's: the count is the most hits of any one form, not their sum.
      count = Math.max(count, hits.length);
      first = Math.min(first, hits[0]!.index);
    }
    if (!count) continue;
    out.set(entity.id, { name: entity.name, type: entity.type, count, firstPosition: first, aliases: seen, entityId: entity.id });
  }
  const tagged = [...out.values()];
  const kept: ResolvedMention[] = [];
  for (const m of resolved) {
    const into = m.entityId === undefined && m.type !== 'contributor' ? tagged.find((t) => [m.name, ...m.aliases].some((a) => t.aliases.includes(a))) : undefined;
    if (!into) {
      kept.push(m);
      continue;
    }
    into.count = Math.max(into.count, m.count);
    into.firstPosition = Math.min(into.firstPosition, m.firstPosition);
    into.aliases = union(into.aliases, [m.name, ...m.aliases]);
  }
  return [...kept, ...tagged].sort((x, y) => y.count - x.count || x.firstPosition - y.firstPosition || x.name.localeCompare(y.name));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Map each mention to its archive entity where the archive is unambiguous; mentions that land on one entity are merged. */
export function resolveCanonical(mentions: readonly Mention[], lookup: ArchiveLookup, options: ResolveOptions = {}): ResolvedMention[] {
  const dominance = options.dominance ?? 2;
  const byId = new Map<string, ResolvedMention>();
  const out: ResolvedMention[] = [];
  for (const m of mentions) {
    const hit = resolveOne(m, lookup, dominance);
    if (hit === undefined) {
      out.push({ ...m, aliases: [...m.aliases] });
      continue;
    }
    const prev = byId.get(hit.id);
    if (prev) {
      prev.count += m.count;
      prev.firstPosition = Math.min(prev.firstPosition, m.firstPosition);
      prev.aliases = union(prev.aliases, [m.name, ...m.aliases]);
      continue;
    }
    const r: ResolvedMention = { ...m, name: hit.name, entityId: hit.id, aliases: union(m.aliases, [m.name]) };
    byId.set(hit.id, r);
    out.push(r);
  }
  return out.sort((x, y) => y.count - x.count || x.firstPosition - y.firstPosition || x.name.localeCompare(y.name));
}

/**
 * The keys a mention is looked up under for the same-key rule: its name's and its aliases'. For a person
 * named in full, a one-word alias (the article's "Smith" for "Matt Smith") identifies nobody: other
 * people of that surname are indexed under it too, so it is left to the surname rule.
 */
function exactKeys(m: Mention, key: string): string[] {
  const fullName = m.type === 'person' && key.includes(' ');
  return [...new Set([key, ...m.aliases.map(entityKey)])].filter((k) => k && (!fullName || k.includes(' ')));
}

function resolveOne(m: Mention, lookup: ArchiveLookup, dominance: number): ArchiveEntity | undefined {
  const key = entityKey(m.name);
  const exact = dedupe(exactKeys(m, key).flatMap((k) => lookup(k)).filter((e) => e.type === m.type));
  const chosen = dominant(exact, dominance);
  if (chosen || exact.length > 1 || m.type !== 'person') return chosen;
  const words = key.split(' ');
  const surname = words[words.length - 1]!;
  const people = dedupe(lookup(SURNAME + surname).filter((e) => e.type === 'person'));
  if (words.length === 1) return dominant(people, dominance);
  const given = words[0]!;
  const variants = people.filter((e) => {
    const w = entityKey(e.name).split(' ');
    const g = w[0]!;
    return w[w.length - 1] === surname && g[0] === given[0] && editDistance(g, given) <= (Math.min(g.length, given.length) <= 5 ? 1 : 2);
  });
  return dominant(variants, dominance);
}

function dominant(cands: readonly ArchiveEntity[], dominance: number): ArchiveEntity | undefined {
  if (cands.length === 0) return undefined;
  const sorted = [...cands].sort((a, b) => b.articleCount - a.articleCount || a.id.localeCompare(b.id));
  const [top, next] = sorted;
  if (next === undefined || top!.articleCount >= dominance * Math.max(1, next.articleCount)) return top;
  return undefined;
}

function dedupe(list: readonly ArchiveEntity[]): ArchiveEntity[] {
  const seen = new Map<string, ArchiveEntity>();
  for (const e of list) seen.set(e.id, e);
  return [...seen.values()];
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}

/** Levenshtein distance (small strings: given names). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
