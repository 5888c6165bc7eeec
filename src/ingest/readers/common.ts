/** Helpers every reader shares: text cleaning, JSON parsing, outcome construction. */
import { basename } from 'node:path';
import { ArticleDraftSchema, type ArticleDraftInput, type Contributor, type Image } from '../../model.ts';
import { InputError } from '../../errors.ts';
import { decodeBytes } from '../decode.ts';
import { dateInPath } from '../dates.ts';
import { cleanText, htmlToParagraphs, resolveUrl, sanitiseArticleHtml } from '../html-text.ts';
import type { Input, ReadOutcome } from './reader.ts';

/** The whole input as text. Throws InputError for binary data. */
export function inputText(input: Input): string {
  const text = decodeBytes(input.bytes, input.contentType);
  if (looksBinary(text.slice(0, 8192))) throw new InputError('binary data, not text');
  return text;
}

/** Control characters (other than tab and line breaks) or U+FFFD in more than 1% of the text. */
export function looksBinary(text: string): boolean {
  if (!text) return false;
  const bad = text.match(/[\u0000-\u0008\u000e-\u001f\u007f\u0080-\u009f\ufffd]/g)?.length ?? 0;
  return bad > Math.max(2, text.length * 0.01);
}

/** A non-empty trimmed string from a string or number value, else undefined. */
export function str(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  return s || undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value or array of values as an array (feeds give one element or many). */
export function asArray<T = unknown>(value: unknown): T[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}

/**
 * HTML or plain text on one line: tags dropped, entities decoded, white space collapsed. Block breaks
 * (a standfirst's <br>) become "; " when the piece before has no closing punctuation, else a space.
 */
export function inlineText(value: unknown): string | undefined {
  const s = str(value);
  if (!s) return undefined;
  if (!/[<&]/.test(s)) return cleanText(s) || undefined;
  const parts = htmlToParagraphs(s);
  let out = '';
  for (const part of parts) {
    if (out) out += /[.!?…:;,"'”’)]$/.test(out) ? ' ' : '; ';
    out += part;
  }
  return out || undefined;
}

/** Plain-text body to paragraphs: blank lines separate paragraphs when there are any, else line breaks. */
export function textParagraphs(text: string): string[] {
  const splitter = /\n[ \t\u00a0]*\n/.test(text) ? /\r?\n[ \t\u00a0]*\r?\n/ : /\r?\n/;
  return text.split(splitter).map(cleanText).filter(Boolean);
}

/** A headline for an item that has none: its first sentence, cut at a word near 140 characters. */
export function headlineFromText(paragraphs: string[]): string | undefined {
  const first = paragraphs.find((p) => /\p{L}/u.test(p));
  if (!first) return undefined;
  const sentence = /^(.+?[.!?])(?:\s|$)/u.exec(first)?.[1] ?? first;
  if (sentence.length <= 140) return sentence;
  return sentence.slice(0, 140).replace(/\s+\S*$/, '') + '…';
}

/** Resolves a link against the first usable base; undefined for an empty or unusable link. */
export function absoluteUrl(link: unknown, ...bases: (string | undefined)[]): string | undefined {
  const s = str(link);
  if (!s) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(s)) return s;
  const base = bases.find((b) => b && /^https?:\/\//i.test(b));
  return base ? resolveUrl(s, base) : s;
}

export function imageOf(url: unknown, alt?: unknown, caption?: unknown): Image | undefined {
  const u = str(url);
  if (!u) return undefined;
  const image: Image = { url: u };
  const a = inlineText(alt);
  const c = inlineText(caption);
  if (a) image.alt = a;
  if (c) image.caption = c;
  return image;
}

/**
 * Contributors named in a byline, merged with contributors the source lists separately (Guardian
 * contributor tags, feed authors): same name (case-insensitive) -> one contributor with the byline's
 * location and role and the list's profile URL; names only in the list are appended.
 */
export function mergeContributors(fromByline: Contributor[], listed: Contributor[]): Contributor[] {
  const out = fromByline.map((c) => ({ ...c }));
  for (const c of listed) {
    const same = out.find((o) => o.name.toLowerCase() === c.name.toLowerCase());
    if (same) Object.assign(same, { ...c, ...same, profileUrl: same.profileUrl ?? c.profileUrl });
    else out.push({ ...c });
  }
  return out.map((c) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as Contributor);
}

/** Sanitised body HTML without empty paragraphs; undefined when nothing is left. */
export function articleHtml(html: string | undefined, baseUrl?: string): string | undefined {
  if (!html) return undefined;
  return sanitiseArticleHtml(html, baseUrl).replace(/<p>(?:\s|&nbsp;|<br \/>)*<\/p>/g, '').trim() || undefined;
}

/** Distinct non-empty cleaned strings, in first-seen order. */
export function distinct(values: (string | undefined)[]): string[] {
  return [...new Set(values.map((v) => (v ? cleanText(v) : '')).filter(Boolean))];
}

/** Drops undefined properties so drafts print and compare cleanly. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The outcome for one item: the draft when it passes ArticleDraftSchema, else the first problem. Every
 * reader ends here, so no reader can yield a draft the pipeline would reject.
 */
export function outcome(label: string, draft: Partial<ArticleDraftInput>): ReadOutcome {
  if (!draft.headline) return { ok: false, label, error: 'no headline and no text to make one from' };
  const clean = compact({ ...draft, body: (draft.body ?? []).filter(Boolean) } as ArticleDraftInput);
  const parsed = ArticleDraftSchema.safeParse(clean);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, label, error: `invalid article: ${issue?.path.join('.') || 'item'}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, label, draft: clean };
}

/**
 * The outcome of an input that holds one article, with the day its file name names (see ReadOutcome).
 * The file's own name only: a folder's date ("backups/2024-05-01/") says when it was saved, not published.
 */
export function withPathDate(result: ReadOutcome, input: Input): ReadOutcome {
  const pathDate = result.ok ? dateInPath(basename(input.name)) : undefined;
  return result.ok && pathDate ? { ...result, pathDate } : result;
}

/** JSON.parse that throws InputError naming the problem. */
export function parseJson(text: string, what = 'JSON'): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`malformed ${what}: ${(error as Error).message}`);
  }
}

/** First non-white-space characters of the head, without a BOM. */
export function headStart(head: string): string {
  return head.replace(/^\ufeff/, '').trimStart();
}
