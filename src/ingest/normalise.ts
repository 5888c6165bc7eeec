/** Draft -> Article: validated, cleaned, with a stable id and a content hash. */
import { createHash } from 'node:crypto';
import { ArticleDraftSchema, type Article, type ArticleDraftInput } from '../model.ts';
import { InputError } from '../errors.ts';
import { cleanText, sanitiseArticleHtml } from './html-text.ts';
import { normaliseUrl } from './url.ts';
import { parseByline } from './byline.ts';
import { dateInPath, datelineOf } from './dates.ts';

/** Caps that keep one hostile item from bloating the archive. */
export const LIMITS = { headline: 1_000, standfirst: 5_000, paragraphs: 2_000, paragraph: 50_000, body: 1_000_000, tags: 100, tag: 200, contributors: 50, name: 200 };

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** 16 lower-case hex digits: short enough for URLs, 64 bits against collisions. */
export function articleId(key: string): string {
  return hash(key).slice(0, 16);
}

/** Exact-duplicate key: the headline and body, case and white space folded. */
export function contentHash(headline: string, body: readonly string[]): string {
  return hash(`${headline}\n${body.join('\n')}`.toLowerCase().replace(/\s+/g, ' ').trim());
}

function capBody(paragraphs: readonly string[]): string[] {
  const out: string[] = [];
  let total = 0;
  for (const raw of paragraphs.slice(0, LIMITS.paragraphs)) {
    const p = cleanText(raw).slice(0, LIMITS.paragraph);
    if (!p) continue;
    total += p.length;
    if (total > LIMITS.body) break;
    out.push(p);
  }
  return out;
}

/**
 * Validates a reader's draft and normalises it. The id comes from the canonical URL when there is one
 * (so a later version of the same page replaces the earlier one), else from the source's own id, else
 * from the headline, publisher and date. `pathDate` is the day the name of the draft's input names (see
 * ReadOutcome), for a draft whose page and address carry no date.
 */
export function normaliseDraft(input: ArticleDraftInput, now: Date = new Date(), pathDate?: string): Omit<Article, 'duplicateOf'> {
  const parsed = ArticleDraftSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`invalid article: ${issue?.path.join('.') || 'article'}: ${issue?.message ?? 'invalid'}`);
  }
  const draft = parsed.data;
  const headline = cleanText(draft.headline).slice(0, LIMITS.headline);
  if (!headline) throw new InputError('article has no headline');
  const body = capBody(draft.body);
  if (!body.length) throw new InputError('article has no body text');
  const standfirst = draft.standfirst ? cleanText(draft.standfirst).slice(0, LIMITS.standfirst) || undefined : undefined;
  const canonicalUrl = normaliseUrl(draft.canonicalUrl) ?? normaliseUrl(draft.url);
  const key = canonicalUrl
    ? `url:${canonicalUrl}`
    : draft.sourceId
      ? `source:${draft.publisher ?? ''}:${draft.sourceId}`
      : `text:${headline}|${draft.publisher ?? ''}|${draft.publishedAt ?? ''}`;
  return {
    ...draft,
    id: articleId(key),
    // An article without a date of its own is dated by the day its address names, else by the day the
    // name of its file names (pathDate), else by the dateline its headline or text opens with: after
    // the id, which stays what the page itself says.
    publishedAt: draft.publishedAt ?? dateInPath(canonicalUrl) ?? dateInPath(draft.url) ?? pathDate ?? datelineOf(headline) ?? datelineOf(body[0]),
    url: draft.url,
    canonicalUrl,
    headline,
    standfirst,
    body,
    // Readers sanitise the HTML they extract; this is the safety net for every other path to the store
    // (poller page merges, API callers of ingestDraft): no draft's HTML reaches the archive unsanitised.
    bodyHtml: draft.bodyHtml ? sanitiseArticleHtml(draft.bodyHtml, canonicalUrl ?? draft.url).trim() || undefined : undefined,
    // Readers that parse bylines themselves fill contributors; for the others the byline is parsed here.
    contributors: (draft.contributors.length ? draft.contributors : draft.byline ? parseByline(draft.byline) : [])
      .map((c) => ({ ...c, name: cleanText(c.name).slice(0, LIMITS.name) }))
      .filter((c) => c.name)
      .slice(0, LIMITS.contributors),
    tags: [...new Set(draft.tags.map((t) => cleanText(t).slice(0, LIMITS.tag)).filter(Boolean))].slice(0, LIMITS.tags),
    contentHash: contentHash(headline, body),
    ingestedAt: now.toISOString(),
  };
}
