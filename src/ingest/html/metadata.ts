/**
 * Article metadata from the page head and markup, by order of reliability: schema.org JSON-LD, then
 * OpenGraph / article:* properties, then Twitter cards, then plain <meta> names, then markup (<h1>,
 * <time>, byline elements, <html lang>). Dates stay raw here; the reader normalises them.
 */
import { cleanText, resolveUrl } from '../html-text.ts';
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
  const headline = rawHeadline ? stripSiteSuffix(cleanText(rawHeadline), publisher) : undefined;

  const ldAuthors = authors(article?.author);
  const metaAuthors = [...(meta.get('article:author') ?? []), ...(meta.get('author') ?? []), ...(meta.get('sailthru.author') ?? [])]
    .map(personName)
    .filter((x): x is string => !!x);
  const hinted = hints?.bylines.map((b) => b.replace(/^by[:\s]+/i, '')).find((b) => /\p{L}/u.test(b));
  const byline = hinted ?? bylineFromMarkup(document) ?? (ldAuthors.length ? ldAuthors.map((a) => a.name).join(', ') : metaAuthors[0]);

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
    standfirst: description ? cleanText(description) || undefined : undefined,
    byline: byline ? cleanText(byline) : undefined,
    authors: ldAuthors.length ? ldAuthors : metaAuthors.slice(0, 1).map((name) => ({ name })),
    publisher: publisher ? cleanText(publisher) : undefined,
    section: section ? cleanText(section) : undefined,
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
