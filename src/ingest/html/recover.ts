/**
 * Recovery of article text Readability drops. Its cleaning pass removes, inside the story container,
 * blocks that look like furniture by shape: subheadings it scores as headers, lists and short blocks with
 * a few links, and a lead paragraph that a template puts in its own wrapper next to the body. The rules
 * here put such blocks back when they sit between (or just before) the paragraphs Readability kept and
 * look like text rather than navigation.
 */
import { cleanText } from '../html-text.ts';
import { isBoilerplateText, linkDensity } from './boilerplate.ts';

/** The blocks recovery considers, collected from the page before Readability runs. */
export const BLOCK_SELECTOR = 'p, h2, h3, h4, h5, h6, ul, ol, blockquote';

const key = (text: string) => text.replace(/[\s\u00a0\u200b]+/g, '');

/** How far before the first kept block a lead paragraph may sit (in blocks). */
const LEAD_WINDOW = 2;

/** Whether a block Readability dropped reads as story text (by kind); `lead` is stricter. */
export function isRecoverable(el: Element, lead: boolean): boolean {
  const tag = el.tagName.toLowerCase();
  const text = cleanText(el.textContent ?? '');
  if (!text || isBoilerplateText(text)) return false;
  const density = linkDensity(el);
  if (/^h[2-6]$/.test(tag)) {
    // Subheadings: short, not a link (a linked heading is a related-story promo), only inside the body.
    return !lead && text.length >= 3 && text.length <= 150 && density < 0.5;
  }
  if (tag === 'ul' || tag === 'ol') {
    // Lists inside the article: items with words, not a menu of links.
    const items = [...el.querySelectorAll('li')].map((li) => cleanText(li.textContent ?? '')).filter(Boolean);
    if (lead || !items.length) return false;
    const average = items.reduce((s, t) => s + t.length, 0) / items.length;
    return density < 0.3 && average >= 15;
  }
  // Paragraphs and quotes: a lead must be a real sentence-length paragraph without links.
  if (lead) return text.length >= 80 && density < 0.2 && /[.!?"”’]$/.test(text);
  return text.length >= 30 && density < 0.5;
}

/** Whether another collected block contains this one (recover the outer block only). */
function nestedInBlock(el: Element): boolean {
  return !!el.parentElement?.closest(BLOCK_SELECTOR);
}

/**
 * The innermost block inside `article` whose text contains `needle` (a normalised key); a list item or
 * table cell is widened to its list or table so that a recovered block never lands inside one.
 */
function findAnchor(article: Element, needle: string): Element | undefined {
  if (!needle) return undefined;
  let best: Element | undefined;
  let bestLength = Infinity;
  for (const el of article.querySelectorAll('p, li, h2, h3, h4, h5, h6, blockquote, pre, td, div')) {
    const k = key(el.textContent ?? '');
    if (k.length < bestLength && k.includes(needle)) {
      best = el;
      bestLength = k.length;
    }
  }
  if (best && /^(LI|TD)$/.test(best.tagName)) best = best.closest('ul, ol, table') ?? best;
  return best;
}

/**
 * Puts dropped blocks back into Readability's article element, in page order. `blocks` are the page's
 * blocks in document order, collected before Readability ran (they keep their content when it detaches
 * them). `skip` is text never to recover as a lead (the standfirst, which the draft holds separately).
 * Returns the number of blocks recovered.
 */
export function recoverDroppedBlocks(article: Element, blocks: readonly Element[], skip?: string): number {
  const articleKey = key(article.textContent ?? '');
  const keys = blocks.map((b) => key(b.textContent ?? ''));
  const kept = keys.map((k) => k.length >= 20 && articleKey.includes(k));
  const first = kept.indexOf(true);
  const last = kept.lastIndexOf(true);
  if (first < 0) return 0;
  const skipKey = skip ? key(skip) : '';
  let recovered = 0;
  for (let i = Math.max(0, first - LEAD_WINDOW); i < last; i++) {
    const el = blocks[i]!;
    const k = keys[i]!;
    if (kept[i] || !k || articleKey.includes(k) || nestedInBlock(el)) continue;
    const lead = i < first;
    if (lead && skipKey && (skipKey.includes(k) || k.includes(skipKey))) continue;
    if (!isRecoverable(el, lead)) continue;
    const clone = el.cloneNode(true) as Element;
    if (lead) {
      const anchor = findAnchor(article, keys[first]!.slice(0, 40));
      if (!anchor) continue;
      anchor.before(clone);
    } else {
      // After the nearest kept block before it.
      let j = i - 1;
      while (j >= first && !kept[j]) j--;
      const anchor = findAnchor(article, keys[j]!.slice(-40));
      if (!anchor) continue;
      anchor.after(clone);
      kept[i] = true;
    }
    recovered++;
  }
  return recovered;
}
