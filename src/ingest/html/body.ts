/**
 * The article body: Readability (on linkedom) picks the container, then the rules in boilerplate.ts,
 * recover.ts and jsonld evidence correct what it gets wrong. Returns plain paragraphs and the HTML they
 * came from.
 */
import { Readability } from '@mozilla/readability';
import { htmlToParagraphs } from '../html-text.ts';
import { isBoilerplateText, removeBoilerplateElements } from './boilerplate.ts';

export interface ExtractedBody {
  paragraphs: string[];
  /** HTML of the body (unsanitised; the reader sanitises it). */
  html: string;
  /** Which route produced it. */
  method: 'readability' | 'jsonld' | 'fallback';
}

/**
 * Drops boilerplate paragraphs and immediate repeats (a heading printed twice by a responsive template).
 * Repeats further apart are kept: recipes, tables and Q&As legitimately repeat lines.
 */
export function cleanParagraphs(paragraphs: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paragraphs) {
    if (isBoilerplateText(p)) continue;
    if (out.length && out[out.length - 1] === p) continue;
    out.push(p);
  }
  return out;
}

/** Runs Readability on a copy of the document; the original stays intact for the other rules. */
export function runReadability(document: Document): string | undefined {
  const copy = document.cloneNode(true) as Document;
  try {
    const result = new Readability(copy, { charThreshold: 300 }).parse();
    return result?.content ?? undefined;
  } catch {
    return undefined;
  }
}

/** Extracts the body from a parsed page; undefined when there is no article text. */
export function extractBody(document: Document): ExtractedBody | undefined {
  if (document.body) removeBoilerplateElements(document.body);
  const html = runReadability(document);
  if (html) {
    const paragraphs = cleanParagraphs(htmlToParagraphs(html));
    if (paragraphs.length) return { paragraphs, html, method: 'readability' };
  }
  return undefined;
}
