/**
 * The article body: Readability (on linkedom) picks the container, then the rules in boilerplate.ts
 * (removal), recover.ts (recovery) and JSON-LD articleBody evidence correct it; when Readability finds
 * nothing, a paragraph-density fallback does. Returns plain paragraphs and the HTML they came from.
 */
import { Readability } from '@mozilla/readability';
import { shingles } from '../../analyse/shingles.ts';
import { cleanText, htmlToParagraphs, textOrHtmlToParagraphs } from '../html-text.ts';
import { isBoilerplateText, linkDensity, removeBoilerplateTextBlocks, removeLinkOnlyBlocks } from './boilerplate.ts';
import { BLOCK_SELECTOR, recoverDroppedBlocks } from './recover.ts';
import { escapeHtml } from '../../format.ts';

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

/** Readability's article element, or undefined when it finds none (it modifies the document). */
export function runReadability(document: Document): Element | undefined {
  try {
    const result = new Readability<Element>(document, { charThreshold: 300, serializer: (el) => el as Element }).parse();
    return result?.content ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Fallback when Readability finds nothing: the element that directly holds the most paragraph text
 * (paragraphs of at least 40 characters with few links), as classic text-density extractors pick it.
 */
export function densestContainer(blocks: readonly Element[]): Element | undefined {
  const score = new Map<Element, number>();
  for (const el of blocks) {
    if (el.tagName !== 'P') continue;
    const length = cleanText(el.textContent ?? '').length;
    const parent = el.parentElement;
    if (length < 40 || !parent || linkDensity(el) > 0.5) continue;
    score.set(parent, (score.get(parent) ?? 0) + length);
  }
  let best: Element | undefined;
  let bestScore = 0;
  for (const [el, s] of score) {
    if (s > bestScore) {
      best = el;
      bestScore = s;
    }
  }
  return bestScore >= 100 ? best : undefined;
}

/** Share of a text's shingles found in the evidence text. */
function coverage(text: string, evidence: Map<string, number>): number {
  const own = shingles(text);
  let found = 0;
  let total = 0;
  for (const [k, n] of own) {
    total += n;
    if (evidence.has(k)) found += n;
  }
  return total ? found / total : 0;
}

/**
 * JSON-LD articleBody as evidence. When the page's own structured data carries the full text and it
 * covers most of what was extracted, extracted paragraphs that share nothing with it are furniture
 * (captions, promos, bios) and are dropped. When it is much longer than the extraction (Readability
 * picked a teaser or a wrong block), the articleBody replaces it.
 */
export function applyArticleBody(paragraphs: string[], articleBody: string | undefined): { paragraphs: string[]; replaced: boolean } {
  if (!articleBody) return { paragraphs, replaced: false };
  const evidenceParas = textOrHtmlToParagraphs(articleBody);
  const evidenceText = evidenceParas.join('\n');
  const ours = paragraphs.join('\n');
  if (evidenceText.length >= 500 && evidenceText.length > 2 * ours.length) return { paragraphs: evidenceParas, replaced: true };
  const evidence = shingles(evidenceText);
  if (evidenceText.length < 200 || coverage(ours, evidence) < 0.7) return { paragraphs, replaced: false };
  // Only paragraphs long enough to judge (8+ words) are dropped.
  const kept = paragraphs.filter((p) => p.split(/\s+/).length < 8 || coverage(p, evidence) >= 0.2);
  return { paragraphs: kept, replaced: false };
}

/**
 * Removes the page's first <h1>: it is the headline, which the draft holds as metadata, and when it sits
 * inside the story container Readability and the fallback would make it the first body paragraph.
 */
export function removeHeadline(document: Document): void {
  document.querySelector('h1')?.remove();
}

export interface BodyOptions {
  /** JSON-LD articleBody, if the page has one. */
  articleBody?: string;
  /** The standfirst, never recovered as a lead paragraph. */
  standfirst?: string;
}

/** Extracts the body from a parsed (and pruned) page; undefined when there is no article text. */
export function extractBody(document: Document, options: BodyOptions = {}): ExtractedBody | undefined {
  removeHeadline(document);
  const blocks = [...document.querySelectorAll(BLOCK_SELECTOR)];
  let article = runReadability(document);
  let method: ExtractedBody['method'] = 'readability';
  if (article && cleanText(article.textContent ?? '').length < 50) article = undefined;
  if (!article) {
    article = densestContainer(blocks);
    method = 'fallback';
  }
  let paragraphs: string[] = [];
  let html = '';
  if (article) {
    removeLinkOnlyBlocks(article);
    removeBoilerplateTextBlocks(article);
    if (method === 'readability') recoverDroppedBlocks(article, blocks, options.standfirst);
    html = article.innerHTML;
    paragraphs = cleanParagraphs(htmlToParagraphs(html));
  }
  const evidence = applyArticleBody(paragraphs, options.articleBody);
  if (evidence.replaced) {
    paragraphs = evidence.paragraphs;
    html = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('');
    method = 'jsonld';
  } else paragraphs = evidence.paragraphs;
  if (!paragraphs.length) return undefined;
  return { paragraphs, html, method };
}

