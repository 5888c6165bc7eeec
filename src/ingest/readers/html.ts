/**
 * The HTML article-page reader: one web page in, one article draft out. The body comes from
 * ../html/body.ts (Readability plus general correction rules), the metadata from JSON-LD, OpenGraph,
 * Twitter cards, <meta> names and markup (../html/metadata.ts).
 */
import { parseHTML } from 'linkedom';
import { parseByline } from '../byline.ts';
import { toIsoUtc } from '../dates.ts';
import { InputError } from '../../errors.ts';
import type { ArticleDraftInput, Contributor } from '../../model.ts';
import { decodeBytes } from '../decode.ts';
import { sanitiseArticleHtml } from '../html-text.ts';
import { pruneBoilerplateHtml } from '../html/boilerplate.ts';
import { extractBody } from '../html/body.ts';
import { findArticleNode, jsonLdNodes } from '../html/jsonld.ts';
import { collectMetadata } from '../html/metadata.ts';
import { prepareHtml } from '../html/prepare.ts';
import type { Input, Reader, ReadOutcome } from './reader.ts';
import { withPathDate } from './common.ts';

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
      ? parseByline(meta.byline)
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
  const publishedAt = toIsoUtc(meta.publishedRaw);
  if (publishedAt) draft.publishedAt = publishedAt;
  const updatedAt = toIsoUtc(meta.updatedRaw);
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
    yield withPathDate({ ok: true, label: input.name, draft }, input);
  },
};
