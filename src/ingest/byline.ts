/**
 * Bylines to contributors: "Luke Harding in Kyiv, Andrew Roth in Moscow and Julian Borger in Washington"
 * -> three people with locations; "Nicholas Watt in Amman and Ian Black, Middle East editor" -> Ian Black
 * with the role "Middle East editor"; "Reporting by A; Editing by B" -> A.
 *
 * The byline is cut into pieces at commas and "and"/"&". A piece is a person ("Name" or "Name in Place"),
 * or it qualifies the person before it: a role ("Middle East editor", "diplomatic editor") or an
 * affiliation ("Associated Press"). Pieces that are no one ("agencies", "Staff") are dropped.
 */
import type { Contributor } from '../model.ts';
import { cleanText } from './html-text.ts';

const ROLE_WORD =
  /\b(editor|correspondent|reporter|writer|columnist|critic|producer|analyst|chief|commentator|contributor|photographer|presenter|journalist|director|manager|staff|bureau|desk)s?\b/i;
/** Wire services and other organisations that appear after a comma as a person's affiliation. */
const AGENCY =
  /^(the\s+)?(associated press|ap|afp|agence france-presse|reuters|press association|pa|pa media|bloomberg|upi|dpa|efe|ansa|kyodo|xinhua|tass|cnn|bbc news|the guardian|guardian)$/i;
/** Pieces that name no person. */
const NOBODY =
  /^(and\s+)?(.*\s(staff|newsroom|news desk|team)|staff|newsroom|agencies|agency|wires|wire services|staff and agencies|guardian staff|staff reporters?|staff writers?|our correspondents?|our reporters?|editorial board|editors|news desk|web desk|correspondents?|reporters?|various)$/i;
/** Words that qualify a role but are not places ("Chief Political correspondent"). */
const NOT_PLACE = new Set([
  'chief', 'senior', 'deputy', 'acting', 'political', 'diplomatic', 'foreign', 'economics', 'economic', 'economy', 'home',
  'social', 'affairs', 'security', 'defence', 'defense', 'science', 'health', 'environment', 'technology', 'legal',
  'business', 'sports', 'sport', 'arts', 'education', 'transport', 'media', 'crime', 'special', 'global', 'international',
  'national', 'world', 'news', 'investigations', 'associate', 'managing', 'executive', 'assistant', 'contributing', 'staff',
]);
const UPPER = /^\p{Lu}/u;
const NAME_PARTICLE = /^(van|von|der|den|de|del|della|da|di|du|la|le|al|el|bin|ibn|ben|y|dos|das|ter)$/i;

/** Emails, @handles, URLs, "| Updated …" and "Updated/Published <date>" tails. */
function stripNoise(byline: string): string {
  let s = byline.split('|')[0] ?? '';
  s = s
    .replace(/\b(?:https?:\/\/|www\.)\S+/gi, ' ')
    .replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, ' ')
    .replace(/\((?:\s*@\w+\s*)\)|(?:^|\s)@\w+/g, ' ')
    .replace(/\b(?:twitter|x|email|follow)\s*:?\s*$/i, ' ')
    .replace(/\b(?:updated|published|posted|last modified)\b.*$/i, ' ');
  return cleanText(s.replace(/[()\[\]]/g, ' ')).replace(/[\s,;:–—-]+$/, '');
}

/** "Reporting by A; Editing by B" -> "A": keeps the reporting credits when the byline has labelled credits. */
function reportingCredits(s: string): string {
  const parts = s.split(/\s*;\s*/).filter(Boolean);
  const labelled = parts.filter((p) => /^[\w\s]*\bby\s+/i.test(p));
  if (labelled.length === 0) return s;
  const reporting = labelled.filter((p) => /^(?:additional\s+)?(?:reporting|written|words|text|story|by)\b/i.test(p));
  return reporting.map((p) => p.replace(/^[\w\s]*?\bby\s+/i, '')).join(', ');
}

/** "JANE DOE" -> "Jane Doe", word by word ("ANDREW McDONALD" -> "Andrew McDonald"); agencies keep their case. */
function titleCaseIfShouting(name: string): string {
  if (AGENCY.test(name)) return name;
  return name.replace(/\p{Lu}{2,}(?:['’-]\p{Lu}+)*/gu, (word) =>
    word.toLowerCase().replace(/(^|['’-])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase()),
  );
}

function isPersonName(name: string): boolean {
  const words = name.split(' ');
  if (words.length > 6 || !/\p{L}/u.test(name) || /\d/.test(name)) return false;
  return words.some((w) => UPPER.test(w)) && words.every((w) => UPPER.test(w) || NAME_PARTICLE.test(w) || /^[\p{Ll}]?['’.-]/u.test(w) || w === '&');
}

/** "Andrew Roth Moscow correspondent" -> name "Andrew Roth", role "Moscow correspondent". */
function splitNameAndRole(piece: string): { name: string; role?: string } {
  const words = piece.split(' ');
  const roleAt = words.findIndex((w, i) => i > 0 && (!UPPER.test(w) || ROLE_WORD.test(w)) && !NAME_PARTICLE.test(w));
  if (roleAt < 0 || !ROLE_WORD.test(words.slice(roleAt).join(' '))) return { name: piece };
  // Capitalised words before the role: a person's name is two of them (plus middle initials), the rest
  // qualify the role ("Moscow", "Middle East").
  let nameEnd = roleAt;
  if (roleAt >= 3) {
    nameEnd = 2;
    while (nameEnd < roleAt && /^\p{Lu}\.$/u.test(words[nameEnd - 1]!)) nameEnd++;
  }
  return { name: words.slice(0, nameEnd).join(' '), role: words.slice(nameEnd).join(' ') };
}

/** A correspondent's posting is where they file from: "Moscow correspondent" -> Moscow. */
function placeOfRole(role: string): string | undefined {
  const m = /^(.+?)\s+correspondent$/i.exec(role);
  if (!m) return undefined;
  const words = m[1]!.split(' ');
  return words.every((w) => UPPER.test(w) && !NOT_PLACE.has(w.toLowerCase())) ? m[1] : undefined;
}

function personFrom(piece: string): Contributor | undefined {
  const inPlace = /^(.+?)\s+(?:in|from|at)\s+(\p{Lu}[\p{L}\s.'’-]*)$/u.exec(piece);
  const { name, role } = inPlace ? { name: inPlace[1]!, role: undefined } : splitNameAndRole(piece);
  const clean = titleCaseIfShouting(cleanText(name));
  if (!isPersonName(clean) && !AGENCY.test(clean)) return undefined;
  const contributor: Contributor = { name: clean };
  const location = inPlace ? cleanText(inPlace[2]!) : role ? placeOfRole(role) : undefined;
  if (location) contributor.location = location;
  if (role) contributor.role = role;
  return contributor;
}

function parse(byline: string): Contributor[] {
  let s = stripNoise(cleanText(byline));
  s = reportingCredits(s);
  s = s.replace(/^(?:words|written|text|story|reporting)?\s*by\s*:?\s+/i, '');
  const out: Contributor[] = [];
  // Pieces with the separator that came before them: "," or "and".
  const tokens = s.split(/(\s*,\s*(?:and\s+|&\s*)?|\s+and\s+|\s*&\s*|\s*;\s*)/i);
  let separator = '';
  for (let i = 0; i < tokens.length; i += 2) {
    const piece = cleanText(tokens[i] ?? '').replace(/^by\s+/i, '');
    const before = separator;
    separator = (tokens[i + 1] ?? '').trim().toLowerCase();
    if (!piece || NOBODY.test(piece)) continue;
    const previous = out[out.length - 1];
    const afterComma = before === ',';
    // "Ian Black, Middle East editor" / "JANE DOE, Associated Press": qualifies the person before.
    if (previous && afterComma && !previous.role && (!UPPER.test(piece) || AGENCY.test(piece) || ROLE_WORD.test(piece))) {
      previous.role = piece;
      continue;
    }
    if (!UPPER.test(piece)) continue; // a lower-case fragment with no one to attach to
    const person = personFrom(piece);
    if (person && !out.some((c) => c.name.toLowerCase() === person.name.toLowerCase())) out.push(person);
  }
  return out;
}

/** The people a byline names, with their location and role when it gives them. Never throws. */
export function parseByline(byline: string): Contributor[] {
  try {
    if (typeof byline !== 'string' || !byline.trim() || byline.length > 1000) return [];
    return parse(byline);
  } catch {
    return [];
  }
}
