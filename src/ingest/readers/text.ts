/**
 * Plain-text article pages, in the layout of a saved news page (see the reference page):
 *
 *   Headline
 *   (blank)
 *   Standfirst                         optional: one line without closing punctuation
 *   (blank)
 *   Body paragraph … (blank-line separated)
 *   Byline line                        optional: "Andrew Roth in Moscow and Julian Borger in Washington"
 *   Publisher line                     optional: "The Guardian" (possibly glued to the archive's name)
 *   Related Content                    optional block: per entry "Article image", headline, standfirst,
 *                                      (blank), byline, (blank), date "01, Feb, 2022 @7:18 PM"
 *
 * A page with only a headline and paragraphs reads too. The reader refuses anything starting with "<",
 * "{" or "[" (markup and JSON belong to other readers).
 */
import { InputError } from '../../errors.ts';
import type { Contributor, SourceRelated } from '../../model.ts';
import { parseByline } from '../byline.ts';
import { toIsoUtc } from '../dates.ts';
import { cleanText } from '../html-text.ts';
import { headStart, inputText, outcome, withPathDate } from './common.ts';
import type { Input, ReadOutcome, Reader } from './reader.ts';

/** Publishers whose names archive sites glue their own name to ("The GuardianTramp"). */
const KNOWN_PUBLISHERS = [
  'The Guardian', 'The Observer', 'BBC News', 'BBC', 'Reuters', 'Associated Press', 'AP News', 'The New York Times',
  'The Washington Post', 'The Wall Street Journal', 'Financial Times', 'The Times', 'The Sunday Times',
  'The Telegraph', 'The Independent', 'The Economist', 'Al Jazeera', 'CNN', 'NPR', 'Bloomberg', 'Politico',
  'The Atlantic', 'Deutsche Welle', 'France 24', 'Le Monde', 'Der Spiegel', 'The Irish Times', 'ABC News',
  'CBS News', 'NBC News', 'Sky News', 'The Moscow Times', 'The Kyiv Independent', 'Kyiv Post', 'Wikinews',
];
const RELATED_HEADER = /^related(?:\s+(?:content|stories|articles|links))?:?$/i;
const IMAGE_MARKER = /^(?:article\s+)?image$/i;
const SENTENCE_END = /[.!?…]["'”’)]*$/;

/**
 * The publisher a publisher line names. Saved pages from archive sites carry the publisher's name with the
 * archive's own name glued on without a space ("The GuardianTramp"): first a known publisher at the start
 * of the line wins; else, when the last word is a lower-case letter run followed by a capitalised word
 * ("…nTramp"), that glued tail is dropped, but only when at least two words remain, so real camel-case
 * names ("TechCrunch", "McClatchy", "PolitiFact") are left alone.
 */
export function publisherName(line: string): string {
  const s = cleanText(line);
  const known = KNOWN_PUBLISHERS.find((p) => s.toLowerCase().startsWith(p.toLowerCase()) && (s.length === p.length || /^[\p{Lu}\s]/u.test(s.slice(p.length))));
  if (known) return known;
  const glued = /^(.*\s\S*\p{Ll})\p{Lu}\p{Ll}+$/u.exec(s);
  return glued && glued[1]!.split(' ').length >= 2 ? glued[1]! : s;
}

function isPublisherLine(line: string): boolean {
  const s = cleanText(line);
  if (s.length > 60 || SENTENCE_END.test(s) || /[,;:]/.test(s)) return false;
  if (KNOWN_PUBLISHERS.some((p) => s.toLowerCase().startsWith(p.toLowerCase()))) return true;
  const words = s.split(' ');
  return words.length <= 5 && words.every((w) => /^[\p{Lu}\d]/u.test(w) || /^(the|of|and|de|la|le)$/i.test(w));
}

/** A byline line: short, no closing full stop, and every piece of it a person. */
function bylineOf(line: string): Contributor[] {
  const s = cleanText(line);
  if (s.length > 200 || /[.!?]$/.test(s) || !/^(by\s+)?\p{Lu}/iu.test(s)) return [];
  const people = parseByline(s);
  const names = people.map((p) => p.name.toLowerCase());
  const allNamed = s.replace(/^by\s+/i, '').split(/,|\band\b|&/).every((piece) => {
    const p = piece.trim().toLowerCase();
    return !p || names.some((n) => p.startsWith(n)) || /editor|correspondent|reporter|writer|agencies|press|staff/.test(p);
  });
  return allNamed ? people : [];
}

/** Consecutive non-blank lines. */
interface Block {
  lines: string[];
}

function blocksOf(text: string): Block[] {
  const blocks: Block[] = [];
  let current: string[] = [];
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = cleanText(raw);
    if (line) current.push(line);
    else if (current.length) blocks.push({ lines: current }), (current = []);
  }
  if (current.length) blocks.push({ lines: current });
  return blocks;
}

const looksLikeDate = (line: string): boolean => line.length <= 40 && /\d/.test(line) && toIsoUtc(line) !== undefined;

/** The Related Content block: entries end at their date line; "Article image" lines are markers only. */
function relatedEntries(blocks: Block[]): SourceRelated[] {
  const entries: SourceRelated[] = [];
  let pending: Block[] = [];
  const flush = (date?: string) => {
    const groups = pending.map((b) => b.lines.filter((l) => !IMAGE_MARKER.test(l))).filter((g) => g.length);
    pending = [];
    const first = groups[0];
    if (!first?.[0]) return;
    const entry: SourceRelated = { headline: first[0], contributors: [] };
    // In the headline's group the next line is the standfirst; the byline stands in a group of its own
    // (or, when an entry has no blank lines, is its third line).
    const split = groups.length === 1 && first.length >= 3 ? 2 : first.length;
    const standfirst = first.slice(1, split).join(' ');
    const byline = [...first.slice(split), ...groups.slice(1).flat()].join(', ');
    if (standfirst) entry.standfirst = standfirst;
    if (byline) {
      entry.byline = byline;
      entry.contributors = parseByline(byline);
    }
    const publishedAt = date ? toIsoUtc(date) : undefined;
    if (publishedAt) entry.publishedAt = publishedAt;
    entries.push(entry);
  };
  for (const block of blocks) {
    const dateIndex = block.lines.findIndex(looksLikeDate);
    if (dateIndex < 0) {
      pending.push(block);
      continue;
    }
    if (dateIndex > 0) pending.push({ lines: block.lines.slice(0, dateIndex) });
    flush(block.lines[dateIndex]);
    const after = block.lines.slice(dateIndex + 1);
    if (after.length) pending.push({ lines: after });
  }
  flush();
  return entries;
}

function* readText(input: Input): Generator<ReadOutcome> {
  const text = inputText(input).replace(/^\ufeff/, '');
  if (/^\s*[<{[]/.test(text)) throw new InputError('not a plain-text page (starts with markup or JSON)');
  const blocks = blocksOf(text);
  const relatedAt = blocks.findIndex((b) => b.lines.length === 1 && RELATED_HEADER.test(b.lines[0]!));
  const main = relatedAt >= 0 ? blocks.slice(0, relatedAt) : blocks;
  const related = relatedAt >= 0 ? relatedEntries(blocks.slice(relatedAt + 1)) : [];

  const headlineBlock = main.shift();
  const headline = headlineBlock?.lines.join(' ');
  if (!headline || headline.length > 400 || main.length === 0) throw new InputError('no article text found (expected a headline line and paragraphs)');

  // Tail: "<byline>" then "<publisher>", either of them optional, checked from the end.
  let publisher: string | undefined;
  let byline: string | undefined;
  let contributors: Contributor[] = [];
  const lineAt = (fromEnd: number): string | undefined => {
    const block = main[main.length - fromEnd];
    return main.length > fromEnd && block?.lines.length === 1 ? block.lines[0] : undefined;
  };
  const last = lineAt(1);
  const beforeLast = lineAt(2);
  const isKnown = (line: string) => KNOWN_PUBLISHERS.includes(publisherName(line));
  if (last && isPublisherLine(last) && (isKnown(last) || (beforeLast !== undefined && bylineOf(beforeLast).length > 0) || bylineOf(last).length === 0)) {
    publisher = publisherName(last);
    main.pop();
  }
  const candidate = lineAt(1);
  if (candidate && bylineOf(candidate).length) {
    byline = candidate;
    contributors = bylineOf(candidate);
    main.pop();
  }

  // Standfirst: a single line without closing punctuation right under the headline, with body after it.
  let standfirst: string | undefined;
  const second = main[0];
  if (main.length > 1 && second && second.lines.length === 1 && second.lines[0]!.length <= 320 && !SENTENCE_END.test(second.lines[0]!)) {
    standfirst = second.lines[0];
    main.shift();
  }
  const body = main.map((b) => b.lines.join(' '));
  yield withPathDate(outcome(input.name, {
    url: input.url,
    headline,
    standfirst,
    body,
    byline,
    contributors,
    publisher,
    sourceRelated: related,
  }), input);
}

export const textReader: Reader = {
  name: 'text',
  detect(head) {
    const start = headStart(head);
    return start.length > 0 && !/^[<{[]/.test(start);
  },
  read: readText,
};
