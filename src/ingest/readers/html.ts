/**
 * The HTML article-page reader: one web page in, one article draft out. The body comes from
 * ../html/body.ts (Readability plus general correction rules), the metadata from JSON-LD, OpenGraph,
 * Twitter cards, <meta> names and markup (../html/metadata.ts).
 */
import { parseHTML } from 'linkedom';
import { InputError } from '../../errors.ts';
import type { ArticleDraftInput, Contributor } from '../../model.ts';
import { decodeBytes } from '../decode.ts';
import { cleanText, sanitiseArticleHtml } from '../html-text.ts';
import { pruneBoilerplateHtml } from '../html/boilerplate.ts';
import { extractBody } from '../html/body.ts';
import { findArticleNode, jsonLdNodes } from '../html/jsonld.ts';
import { collectMetadata } from '../html/metadata.ts';
import { prepareHtml } from '../html/prepare.ts';
import type { Input, Reader, ReadOutcome } from './reader.ts';

// TODO(merge): replace with parseByline from ../byline.ts
/** Splits a byline into contributor names: drops "By", splits at commas, "and", "&". */
export function splitByline(byline: string): Contributor[] {
  const names = byline
    .replace(/^\s*by[:\s]+/i, '')
    .replace(/\s*[|\u2022].*$/, '')
    .split(/\s*(?:,|;|&|\band\b)\s*/i)
    .map((s) => cleanText(s.replace(/^by\s+/i, '')))
    .filter((s) => s.length >= 2 && s.length <= 60 && /\p{L}/u.test(s));
  return [...new Set(names)].map((name) => ({ name }));
}

// TODO(merge): replace with toIso from ../dates.ts
/** A date string as ISO 8601 UTC with 'Z', or undefined when it cannot be read. */
export function toIso(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let value = raw.trim();
  if (/^\d{10}(\d{3})?$/.test(value)) {
    const n = Number(value);
    return new Date(value.length === 10 ? n * 1000 : n).toISOString();
  }
  // "2019-11-18 10:00:00" is read as UTC when it names no zone; "+0000" gets its colon.
  value = value.replace(/^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2})/, (_, d: string, t: string) => `${d}T${t.padStart(5, '0')}`);
  value = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) value += 'Z';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return undefined;
  const year = date.getUTCFullYear();
  if (year < 1900 || year > 2200) return undefined;
  return date.toISOString();
}

/** Extracts one article from a page. Throws InputError when the page holds no article. */
export function extractArticle(html: string, url?: string): ArticleDraftInput {
  if (!html.trim()) throw new InputError('empty page');
  const prepared = prepareHtml(html);
  const article = findArticleNode(jsonLdNodes(prepared.jsonLd));
  const pruned = pruneBoilerplateHtml(prepared.html);
  const { document } = parseHTML(pruned.html) as unknown as { document: Document };
  const meta = collectMetadata(document, article, url, pruned);
  const articleBody = typeof article?.articleBody === 'string' ? article.articleBody : undefined;
  const body = extractBody(document, { articleBody, standfirst: meta.standfirst });
  if (!body) throw new InputError('no article text on the page');
  const headline = meta.headline ?? body.paragraphs[0]!.slice(0, 200);
  const contributors: Contributor[] = meta.authors.length
    ? meta.authors.map((a) => (a.url ? { name: a.name, profileUrl: a.url } : { name: a.name }))
    : meta.byline
      ? splitByline(meta.byline)
      : [];
  const draft: ArticleDraftInput = {
    headline,
    body: body.paragraphs,
    bodyHtml: sanitiseArticleHtml(body.html, url),
    contributors,
    tags: meta.tags,
  };
  if (url) draft.url = url;
  if (meta.canonicalUrl) draft.canonicalUrl = meta.canonicalUrl;
  if (meta.standfirst) draft.standfirst = meta.standfirst;
  if (meta.byline) draft.byline = meta.byline;
  if (meta.publisher) draft.publisher = meta.publisher;
  if (meta.section) draft.section = meta.section;
  const publishedAt = toIso(meta.publishedRaw);
  if (publishedAt) draft.publishedAt = publishedAt;
  const updatedAt = toIso(meta.updatedRaw);
  if (updatedAt) draft.updatedAt = updatedAt;
  if (meta.image) draft.image = meta.image;
  if (meta.language) draft.language = meta.language;
  return draft;
}

const HTML_START = /^\s*(<!doctype\s+html|<html[\s>]|<\?xml[^>]*>\s*<!doctype\s+html)/i;
const HTML_PARTS = /<(head|body|article)[\s>]/i;

export const htmlReader: Reader = {
  name: 'html',
  detect(head: string, input: Input): boolean {
    if (input.contentType && /^\s*(text\/html|application\/xhtml\+xml)/i.test(input.contentType)) return true;
    return HTML_START.test(head) || HTML_PARTS.test(head);
  },
  *read(input: Input): Iterable<ReadOutcome> {
    const html = decodeBytes(input.bytes, input.contentType);
    const draft = extractArticle(html, input.url);
    yield { ok: true, label: input.name, draft };
  },
};
