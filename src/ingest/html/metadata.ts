/**
 * Article metadata from the page head and markup, by order of reliability: schema.org JSON-LD, then
 * OpenGraph / article:* properties, then Twitter cards, then plain <meta> names, then markup (<h1>,
 * <time>, byline elements, <html lang>). Dates stay raw here; the reader normalises them.
 */
import { cleanText, htmlToParagraphs, resolveUrl } from '../html-text.ts';
import { authors, image as jsonImage, names, text, type JsonObject } from './jsonld.ts';

export interface PageMetadata {
  headline?: string;
  standfirst?: string;
  /** The byline as the page shows or declares it ("By Jane Doe and John Roe"). */
  byline?: string;
  /** Author names with profile URLs, when the page lists them individually (JSON-LD). */
  authors: { name: string; url?: string }[];
  publisher?: string;
  section?: string;
  tags: string[];
  publishedRaw?: string;
  updatedRaw?: string;
  image?: { url: string; alt?: string; caption?: string };
  language?: string;
  canonicalUrl?: string;
}

/** Meta tags by lower-cased name / property / itemprop, values in document order. */
export function metaMap(document: Document): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const meta of document.querySelectorAll('meta')) {
    const key = (meta.getAttribute('property') ?? meta.getAttribute('name') ?? meta.getAttribute('itemprop') ?? meta.getAttribute('http-equiv'))?.trim().toLowerCase();
    const value = meta.getAttribute('content')?.trim();
    if (!key || !value) continue;
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  }
  return map;
}

const looksLikeUrl = (s: string) => /^(https?:)?\/\//i.test(s);

/**
 * Plain text of a metadata value: JSON-LD and meta content often carry HTML entities ("&#8216;",
 * "&amp;") or stray tags; htmlparser2 (via htmlToParagraphs) decodes them.
 */
export function decodeText(value: string): string {
  return cleanText(/[&<]/.test(value) ? htmlToParagraphs(value).join(' ') : value);
}

const DATE_WORDS = /\s+(on\s+)?(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s.*$|\s+(updated|published|posted)\b.*$|\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d.*$|\s+\d{1,2}[/:.]\d.*$/i;

/**
 * A byline as shown in markup, cleaned: without a leading "By" / "Analysis by" / one-word label
 * ("Text:"), without the date that templates run into it, without trailing punctuation. Undefined
 * when what is left does not look like names (no letters, or one generic word such as "Biography").
 */
export function cleanByline(raw: string): string | undefined {
  let value = decodeText(raw)
    .replace(/^(\p{L}+\s+){0,2}by[:\s]+/iu, '')
    .replace(/^\p{L}+:\s*/u, '')
    .replace(DATE_WORDS, '')
    .replace(/[\s,;|:\u2013\u2014-]+$/, '')
    .trim();
  if (!/\p{Lu}/u.test(value) || value.length > 100) return undefined;
  if (!/\s/.test(value) && /^(biography|author|authors|contributor|staff|admin|editor|by)$/i.test(value)) return undefined;
  if (/[()@]/.test(value)) value = value.replace(/\s*\(.*?\)\s*/g, ' ').trim();
  return value || undefined;
}

/** An author value that names a person, not a profile URL (article:author often holds a URL). */
function personName(s: string | undefined): string | undefined {
  return s && !looksLikeUrl(s) ? cleanText(s) || undefined : undefined;
}

/**
 * The byline the page shows: the text of the first rel=author / itemprop=author / *byline* / *author*
 * element that is short enough to be a byline (author boxes with biographies are not).
 */
export function bylineFromMarkup(document: Document): string | undefined {
  const selectors = ['[rel="author"]', '[itemprop="author"]', '[class*="byline"]', '[class*="author"]'];
  for (const selector of selectors) {
    for (const el of document.querySelectorAll(selector)) {
      if (el.tagName === 'META' || el.tagName === 'LINK') continue;
      const value = cleanText(el.textContent ?? '');
      if (value.length >= 3 && value.length <= 120 && /\p{L}/u.test(value)) return value.replace(/^by[:\s]+/i, '');
    }
  }
  return undefined;
}

/** Removes a trailing " | Site" / " - Site" from a title when it names the site (or is short). */
export function stripSiteSuffix(title: string, site?: string): string {
  const m = title.match(/^(.*\S)\s+[|\u2013\u2014•·-]\s+([^|\u2013\u2014•·]{2,40})$/);
  if (!m) return title;
  const [, head, tail] = m;
  if (site && tail!.toLowerCase().includes(site.toLowerCase())) return head!;
  if (site && site.toLowerCase().includes(tail!.toLowerCase())) return head!;
  return title;
}

/** <html lang>, og:locale ("en_US" -> "en-US") or content-language. */
function language(document: Document, meta: Map<string, string[]>, article?: JsonObject): string | undefined {
  const candidates = [
    text(article?.inLanguage),
    document.documentElement?.getAttribute('lang') ?? undefined,
    meta.get('og:locale')?.[0],
    meta.get('content-language')?.[0],
    meta.get('language')?.[0],
  ];
  for (const c of candidates) {
    const v = c?.trim().replace(/_/g, '-');
    if (v && /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(v)) return v;
  }
  return undefined;
}

function firstAttr(document: Document, selector: string, attr: string): string | undefined {
  return document.querySelector(selector)?.getAttribute(attr)?.trim() || undefined;
}

/** Evidence gathered from markup that was removed before the DOM was built (see pruneBoilerplateHtml). */
export interface MarkupHints {
  bylines: string[];
  datetimes: string[];
}

/** Collects the metadata; `article` is the JSON-LD article node, if any. */
export function collectMetadata(document: Document, article: JsonObject | undefined, url?: string, hints?: MarkupHints): PageMetadata {
  const meta = metaMap(document);
  const m = (...keys: string[]) => {
    for (const key of keys) {
      const v = meta.get(key)?.[0];
      if (v) return v;
    }
    return undefined;
  };
  const abs = (u: string | undefined) => (u && url ? resolveUrl(u, url) : u);

  const publisher = text(article?.publisher) ?? m('og:site_name', 'application-name', 'publisher');
  const h1 = cleanText(document.querySelector('h1')?.textContent ?? '') || undefined;
  const title = cleanText(document.querySelector('title')?.textContent ?? '') || undefined;
  const rawHeadline = text(article?.headline) ?? m('og:title', 'twitter:title') ?? h1 ?? title;
  const headline = rawHeadline ? stripSiteSuffix(decodeText(rawHeadline), publisher) : undefined;

  const ldAuthors = authors(article?.author);
  const metaAuthors = [...(meta.get('article:author') ?? []), ...(meta.get('author') ?? []), ...(meta.get('sailthru.author') ?? [])]
    .map(personName)
    .filter((x): x is string => !!x);
  // Byline: the JSON-LD author list when there is one (markup bylines often carry roles and dates),
  // else the first usable byline element, else the author meta tag.
  const hinted = [...(hints?.bylines ?? []), bylineFromMarkup(document)].map((b) => (b ? cleanByline(b) : undefined)).find(Boolean);
  const byline = (ldAuthors.length ? ldAuthors.map((a) => a.name).join(', ') : undefined) ?? hinted ?? metaAuthors[0];

  const tags = [...(meta.get('article:tag') ?? [])];
  if (!tags.length) {
    const keywords = article?.keywords ?? m('news_keywords', 'keywords');
    const list = typeof keywords === 'string' ? keywords.split(',') : names(keywords);
    tags.push(...list);
  }

  const ldImage = jsonImage(article?.image);
  const ogImage = m('og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image', 'twitter:image:src');
  const imageUrl = ldImage?.url ?? ogImage;
  const alt = m('og:image:alt', 'twitter:image:alt');
  const image = imageUrl
    ? { url: abs(imageUrl)!, ...(alt ? { alt } : {}), ...(ldImage?.caption ? { caption: cleanText(ldImage.caption) } : {}) }
    : undefined;

  const mainEntity = article?.mainEntityOfPage;
  const canonical =
    firstAttr(document, 'link[rel="canonical"]', 'href') ??
    m('og:url') ??
    (typeof mainEntity === 'string' ? mainEntity : text(mainEntity as unknown, 'url') ?? (mainEntity as JsonObject | undefined)?.['@id']) ??
    text(article?.url, 'url');

  const description = text(article?.description) ?? m('og:description', 'twitter:description', 'description');
  const section = text(article?.articleSection) ?? m('article:section', 'section', 'category', 'parsely-section');

  return {
    headline: headline || undefined,
    standfirst: description ? decodeText(description) || undefined : undefined,
    byline: byline ? decodeText(byline) : undefined,
    authors: ldAuthors.map((a) => ({ ...a, name: decodeText(a.name) })),
    publisher: publisher ? decodeText(publisher) : undefined,
    section: section ? decodeText(section) : undefined,
    tags: [...new Set(tags.map(cleanText).filter(Boolean))],
    publishedRaw:
      text(article?.datePublished) ??
      m('article:published_time', 'og:article:published_time', 'datepublished', 'date', 'pubdate', 'publishdate', 'dc.date', 'dc.date.issued', 'dcterms.created', 'sailthru.date', 'parsely-pub-date', 'article.published', 'published_time') ??
      firstAttr(document, '[itemprop="datePublished"]', 'datetime') ??
      firstAttr(document, 'time[datetime]', 'datetime') ??
      hints?.datetimes[0],
    updatedRaw: text(article?.dateModified) ?? m('article:modified_time', 'og:updated_time', 'datemodified', 'dcterms.modified', 'last-modified'),
    image,
    language: language(document, meta, article),
    canonicalUrl: typeof canonical === 'string' ? abs(canonical) : undefined,
  };
}
