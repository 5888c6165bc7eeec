/**
 * HTML fragments (feed content, API bodies, extracted article HTML) to clean paragraphs and to safe HTML.
 *
 * Paragraph splitting is hand-written on htmlparser2's event stream because no library turns HTML into
 * block-aware plain text the way news text needs: a break at every block element (p, h1-h6, li,
 * blockquote, div, figure...), inline elements joined without gluing words, <br> as a soft break,
 * scripts, styles and figure captions dropped.
 */
import { Parser } from 'htmlparser2';
import sanitize from 'sanitize-html';

const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset',
  'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol',
  'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul', 'br',
]);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'svg', 'button', 'select', 'figcaption', 'head', 'title']);

/** Collapses runs of white space (including NBSP) and trims. */
export function cleanText(text: string): string {
  return text.replace(/[\s\u00a0\u200b]+/g, ' ').trim();
}

/** Splits an HTML fragment into plain-text paragraphs at block boundaries. */
export function htmlToParagraphs(html: string): string[] {
  const paragraphs: string[] = [];
  let current = '';
  let skipDepth = 0;
  const flush = () => {
    const text = cleanText(current);
    if (text) paragraphs.push(text);
    current = '';
  };
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIP.has(name)) skipDepth++;
        else if (BLOCK.has(name)) flush();
      },
      onclosetag(name) {
        if (SKIP.has(name)) skipDepth = Math.max(0, skipDepth - 1);
        else if (BLOCK.has(name)) flush();
      },
      ontext(text) {
        if (skipDepth === 0) current += text;
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  flush();
  return paragraphs;
}

/** Plain text with paragraphs (no markup) from either plain text or HTML; detects which it got. */
export function textOrHtmlToParagraphs(value: string): string[] {
  if (/<\/?[a-z][^>]*>/i.test(value)) return htmlToParagraphs(value);
  return value
    .split(/\n\s*\n|\r\n\s*\r\n/)
    .map(cleanText)
    .filter(Boolean);
}

/**
 * Article HTML as Storyline stores it: an allow-list of text and structure elements, links limited to
 * http(s) and mailto, images to http(s), no scripts, styles, event handlers or frames.
 */
export function sanitiseArticleHtml(html: string, baseUrl?: string): string {
  return sanitize(html, {
    allowedTags: [
      'p', 'br', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'li', 'strong', 'b', 'em', 'i',
      'a', 'figure', 'figcaption', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'sub', 'sup', 'hr', 'cite', 'q',
    ],
    allowedAttributes: { a: ['href', 'title', 'rel'], img: ['src', 'alt', 'title', 'width', 'height'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowProtocolRelative: false,
    transformTags: {
      a: (tagName, attribs) => {
        const href = attribs.href && baseUrl ? resolveUrl(attribs.href, baseUrl) : attribs.href;
        return { tagName, attribs: { ...attribs, ...(href ? { href } : {}), rel: 'nofollow noopener' } };
      },
    },
  });
}

/** Resolves a possibly relative URL against a base; returns the input unchanged when it cannot. */
export function resolveUrl(url: string, base: string): string {
  try {
    return new URL(url, base).toString();
  } catch {
    return url;
  }
}
