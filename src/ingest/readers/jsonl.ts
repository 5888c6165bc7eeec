/**
 * JSON Lines, a JSON array, or a single JSON object of articles, in either of two shapes:
 * - Storyline's own model (ArticleDraft field names: headline, body[], publishedAt, …);
 * - the shared data format (id, title, body as one string with "\n\n" or "\n" paragraph breaks, published,
 *   url, source, license, categories/tags, lang, author/byline).
 * Field names are read through aliases, so mixtures of the two work too. In JSON Lines one bad line is a
 * per-item error labelled "<name>:<line>" and the other lines still yield.
 */
import { InputError } from '../../errors.ts';
import { ContributorSchema, SourceRelatedSchema, type ArticleDraftInput, type Contributor, type SourceRelated } from '../../model.ts';
import { parseByline } from '../byline.ts';
import { toIsoUtc } from '../dates.ts';
import { htmlToParagraphs } from '../html-text.ts';
import { articleHtml, distinct, headStart, headlineFromText, imageOf, inlineText, inputText, isObject, outcome, str, textParagraphs } from './common.ts';
import type { Input, ReadOutcome, Reader } from './reader.ts';

type Json = Record<string, unknown>;

const HTML_BODY = /<(p|div|br|h[1-6]|ul|ol|li|blockquote|figure)\b[^>]*>/i;

/** The first alias that holds a value. */
const pick = (o: Json, ...keys: string[]): unknown => keys.map((k) => o[k]).find((v) => v !== undefined && v !== null && v !== '');

function bodyOf(value: unknown): { body: string[]; bodyHtml?: string } {
  if (Array.isArray(value)) return { body: value.map((p) => inlineText(p)).filter((p): p is string => Boolean(p)) };
  const s = str(value);
  if (!s) return { body: [] };
  if (HTML_BODY.test(s)) return { body: htmlToParagraphs(s), bodyHtml: s };
  return { body: textParagraphs(s) };
}

/** An author field: "Jane Doe", {name}, or a list of either. */
function authorNames(value: unknown): string[] {
  return asList(value).map((a) => (isObject(a) ? inlineText(a.name) : inlineText(a))).filter((a): a is string => Boolean(a));
}

const asList = (value: unknown): unknown[] => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]);

function validList<T>(value: unknown, schema: { safeParse(v: unknown): { success: boolean; data?: T } }): T[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((v) => schema.safeParse(v)).flatMap((r) => (r.success ? [r.data as T] : []));
}

/** One record to a draft, or the reason it is not an article. */
export function recordToDraft(record: unknown): Partial<ArticleDraftInput> | string {
  if (!isObject(record)) return 'not a JSON object';
  const { body, bodyHtml } = bodyOf(pick(record, 'body', 'text', 'content', 'content_text'));
  const html = str(record.bodyHtml) ?? bodyHtml;
  const headline = inlineText(pick(record, 'headline', 'title')) ?? headlineFromText(body);
  if (!headline) return 'not an article: no headline/title and no body';
  const authors = authorNames(pick(record, 'byline', 'author', 'authors'));
  const byline = authors.length ? authors.join(', ') : undefined;
  const listed = validList<Contributor>(record.contributors, ContributorSchema);
  const image = isObject(record.image) ? imageOf(record.image.url, record.image.alt, record.image.caption) : imageOf(record.image);
  return {
    sourceId: str(pick(record, 'sourceId', 'id', 'guid')),
    url: str(pick(record, 'url', 'link')),
    canonicalUrl: str(record.canonicalUrl),
    headline,
    standfirst: inlineText(pick(record, 'standfirst', 'summary', 'description')),
    body,
    bodyHtml: articleHtml(html, str(record.url)),
    byline,
    contributors: listed?.length ? listed : byline ? parseByline(byline) : [],
    publisher: inlineText(pick(record, 'publisher', 'source')),
    section: inlineText(record.section),
    tags: distinct(asList(pick(record, 'tags', 'categories', 'keywords')).map(inlineText)),
    publishedAt: toIsoUtc(pick(record, 'publishedAt', 'published', 'date', 'pubDate') as string | undefined),
    updatedAt: toIsoUtc(pick(record, 'updatedAt', 'updated', 'modified') as string | undefined),
    image,
    language: str(pick(record, 'language', 'lang')),
    sourceRelated: (validList<SourceRelated>(record.sourceRelated, SourceRelatedSchema) ?? []).map((r) => ({ ...r, publishedAt: toIsoUtc(r.publishedAt) })),
    license: str(pick(record, 'license', 'licence')),
  };
}

function toOutcome(label: string, record: unknown): ReadOutcome {
  const draft = recordToDraft(record);
  return typeof draft === 'string' ? { ok: false, label, error: draft } : outcome(label, draft);
}

function* readJsonl(input: Input): Generator<ReadOutcome> {
  const text = inputText(input).replace(/^\ufeff/, '');
  const trimmed = text.trim();
  let whole: unknown;
  let wholeError: string | undefined;
  try {
    whole = JSON.parse(trimmed);
  } catch (error) {
    wholeError = (error as Error).message;
  }
  if (wholeError === undefined) {
    if (Array.isArray(whole)) {
      if (whole.length === 0) throw new InputError('JSON array has no articles');
      for (const [i, record] of whole.entries()) yield toOutcome(`${input.name}#${i + 1}`, record);
      return;
    }
    const draft = recordToDraft(whole);
    if (typeof draft === 'string') throw new InputError(`JSON ${draft} (expected headline/title and body)`);
    yield outcome(input.name, draft);
    return;
  }
  if (trimmed.startsWith('[')) throw new InputError(`malformed JSON: ${wholeError}`);
  // JSON Lines: each line on its own; a file none of whose lines parse is malformed JSON, not JSONL.
  const results: ReadOutcome[] = [];
  let parsedLines = 0;
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    if (!line.trim()) continue;
    const label = `${input.name}:${i + 1}`;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      results.push({ ok: false, label, error: `malformed JSON: ${(error as Error).message}` });
      continue;
    }
    parsedLines++;
    results.push(toOutcome(label, record));
  }
  if (parsedLines === 0) throw new InputError(`malformed JSON: ${wholeError}`);
  yield* results;
}

/** A name (path or URL) or a declared type that says JSON or JSON Lines, compressed or not. */
const JSON_NAME = /\.(?:jsonl|ndjson|json)(?:\.gz)?(?:[?#].*)?$/i;
const JSON_TYPE = /^\s*application\/(?:(?:x-)?ndjson|jsonl|(?:[\w.+-]+\+)?json)\b/i;

export const jsonlReader: Reader = {
  name: 'jsonl',
  /**
   * By content, else by name or declared type: a JSON Lines file whose first line is cut or is not JSON
   * (a header, the tail of a split file) is still JSON Lines, read line by line so its bad line is one
   * error and the good lines land. Read as plain text, the whole file would fail as one page.
   */
  detect(head, input) {
    return /^[{[]/.test(headStart(head)) || JSON_NAME.test(input.name) || (input.contentType !== undefined && JSON_TYPE.test(input.contentType));
  },
  read: readJsonl,
};
