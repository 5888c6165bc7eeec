/**
 * Feeds, one draft per entry: RSS 2.0 (and 0.9x), RSS 1.0 (RDF), Atom 1.0 (the XML reader) and JSON
 * Feed 1.0/1.1 (the JSON reader).
 *
 * Per entry: full content when the feed carries it (content:encoded, Atom content, content_html /
 * content_text), else the description/summary serves as standfirst and body; byline from dc:creator /
 * author / authors; tags from categories; dates to ISO UTC; image from media:content, media:thumbnail,
 * an image enclosure or JSON Feed's image; url from the link (Atom: rel="alternate"), resolved against the
 * feed's link or input.url; sourceId from guid / id; publisher from the feed's title. An entry with no
 * title gets its first sentence as headline; one with no text at all is a per-item error.
 *
 * XML safety: fast-xml-parser never fetches external entities; documents declaring entities in a DOCTYPE
 * are refused outright (the "billion laughs" family needs such declarations), and entity expansion is
 * limited besides.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { InputError } from '../../errors.ts';
import type { ArticleDraftInput, Image } from '../../model.ts';
import { parseByline } from '../byline.ts';
import { toIsoUtc } from '../dates.ts';
import { htmlToParagraphs, textOrHtmlToParagraphs } from '../html-text.ts';
import {
  absoluteUrl, articleHtml, asArray, distinct, headStart, headlineFromText, imageOf, inlineText, inputText, isObject, mergeContributors, outcome,
  parseJson, str,
} from './common.ts';
import type { Input, ReadOutcome, Reader } from './reader.ts';

/**
 * The publisher behind a feed's title. Feeds are usually titled "<Publisher> - <section>" ("Meridian
 * Wire - All stories", "BBC News - World", "World news | The Guardian"): the part that names the
 * section is dropped when it is a generic listing word, so one publisher's feeds group together.
 */
const LISTING_WORDS = /^(all|top|latest|breaking|most|home|front|news|stories|story|headlines|articles|posts|feed|rss|atom|world|uk|us|politics|business|sport|sports|technology|tech|science|opinion|culture|section|page|[\s&,])+$/i;

export function publisherOfFeed(title: string): string {
  const m = title.match(/^(.+?)\s+[|\u2013\u2014:-]\s+(.+)$/);
  if (!m) return title;
  const [, left, right] = m as unknown as [string, string, string];
  if (LISTING_WORDS.test(right)) return left;
  if (LISTING_WORDS.test(left)) return right;
  return title;
}

type Node = Record<string, unknown>;

/** What one entry of any feed format gives, before it becomes a draft. */
interface Entry {
  sourceId?: string;
  url?: string;
  title?: string;
  /** Full content: HTML, or plain text when contentIsText. */
  content?: string;
  contentIsText?: boolean;
  summary?: string;
  authors: string[];
  tags: (string | undefined)[];
  published?: string;
  updated?: string;
  image?: Image;
  language?: string;
}

interface Feed {
  title?: string;
  base?: string;
  language?: string;
}

function draftOf(entry: Entry, feed: Feed): Partial<ArticleDraftInput> | string {
  const contentParagraphs = entry.content ? (entry.contentIsText ? textOrHtmlToParagraphs(entry.content) : htmlToParagraphs(entry.content)) : [];
  const summaryParagraphs = entry.summary ? textOrHtmlToParagraphs(entry.summary) : [];
  const body = contentParagraphs.length ? contentParagraphs : summaryParagraphs;
  const summary = inlineText(entry.summary);
  const headline = inlineText(entry.title) ?? headlineFromText(body);
  if (!headline) return 'entry has no title and no text';
  const url = absoluteUrl(entry.url, feed.base);
  const byline = entry.authors.length ? distinct(entry.authors).join(', ') : undefined;
  // The summary is the standfirst, unless it merely repeats the start of the full content.
  const repeatsContent = summary !== undefined && contentParagraphs[0]?.startsWith(summary.replace(/(…|\.\.\.|\[…\])$/, '').trim());
  return {
    sourceId: entry.sourceId,
    url,
    headline,
    standfirst: repeatsContent ? undefined : summary,
    body,
    bodyHtml: entry.contentIsText ? undefined : articleHtml(entry.content, url ?? feed.base),
    byline,
    contributors: byline ? mergeContributors(parseByline(byline), []) : [],
    publisher: feed.title ? publisherOfFeed(feed.title) : undefined,
    tags: distinct(entry.tags.map(inlineText)),
    publishedAt: toIsoUtc(entry.published) ?? toIsoUtc(entry.updated),
    updatedAt: toIsoUtc(entry.updated),
    image: entry.image ? { ...entry.image, url: absoluteUrl(entry.image.url, url, feed.base) ?? entry.image.url } : undefined,
    language: str(entry.language) ?? str(feed.language),
  };
}

/** One outcome per entry; an entry that could not even be parsed comes as the reason (a string). */
function* outcomes(input: Input, entries: readonly (Entry | string)[], feed: Feed): Generator<ReadOutcome> {
  if (entries.length === 0) throw new InputError('feed has no entries');
  for (const [i, entry] of entries.entries()) {
    const label = `${input.name}#${i + 1}`;
    const draft = typeof entry === 'string' ? entry : draftOf(entry, feed);
    yield typeof draft === 'string' ? { ok: false, label, error: draft } : outcome(label, draft);
  }
}

// ---------------------------------------------------------------- XML feeds

/** Atom content and summary are kept raw so type="xhtml" markup survives; decodeRaw() unescapes the rest. */
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: { enabled: true, maxEntityCount: 0, maxTotalExpansions: 100_000, maxExpandedLength: 20_000_000 },
  htmlEntities: false,
  stopNodes: ['feed.entry.content', 'feed.entry.summary'],
});

/** Text of an element: a string, or the #text of an element with attributes. */
function text(value: unknown): string | undefined {
  if (Array.isArray(value)) return text(value[0]);
  if (isObject(value)) return str(value['#text']);
  return str(value);
}

const attr = (node: unknown, name: string): string | undefined => (isObject(node) ? str(node[`@_${name}`]) : undefined);

/** A raw (stop-node) element body: CDATA sections kept as they are, XML escapes decoded elsewhere. */
function decodeRaw(raw: string): string {
  return raw
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part) =>
      part.startsWith('<![CDATA[')
        ? part.slice(9, -3)
        : part.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[\da-f]+);/gi, (m, e: string) => {
            const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
            if (named[e.toLowerCase()]) return named[e.toLowerCase()]!;
            const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
            return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
          }),
    )
    .join('');
}

/** Atom text construct: xhtml stays markup; html and text are escaped text inside the element. */
function atomText(node: unknown): { value?: string; isText: boolean } {
  const raw = text(node);
  if (!raw) return { isText: true };
  const type = attr(node, 'type') ?? 'text';
  if (type === 'xhtml') return { value: raw, isText: false };
  return { value: decodeRaw(raw), isText: type === 'text' || type === 'plain' };
}

function imageOfItem(item: Node): Image | undefined {
  const group = isObject(item['media:group']) ? item['media:group'] : {};
  const media = [...asArray(item['media:content']), ...asArray(group['media:content'])].filter(isObject);
  const pictured = media.find((m) => attr(m, 'medium') === 'image' || /^image\//.test(attr(m, 'type') ?? '')) ?? media.find((m) => !attr(m, 'medium') && !attr(m, 'type'));
  if (pictured) return imageOf(attr(pictured, 'url'), text(pictured['media:description']) ?? text(pictured['media:title']), text(pictured['media:credit']));
  const thumb = [...asArray(item['media:thumbnail']), ...asArray(group['media:thumbnail'])].find(isObject);
  if (thumb) return imageOf(attr(thumb, 'url'));
  const enclosure = asArray(item.enclosure).find((e) => /^image\//.test(attr(e, 'type') ?? ''));
  if (enclosure) return imageOf(attr(enclosure, 'url'));
  const enclosureLink = asArray(item.link).find((l) => attr(l, 'rel') === 'enclosure' && /^image\//.test(attr(l, 'type') ?? ''));
  return enclosureLink ? imageOf(attr(enclosureLink, 'href')) : undefined;
}

/** RSS author: "jane@example.com (Jane Doe)" -> "Jane Doe". */
function rssAuthor(value: unknown): string | undefined {
  const s = text(value);
  if (!s) return undefined;
  return /^\S+@\S+\s*\((.+)\)$/.exec(s)?.[1] ?? s;
}

function rssEntry(item: Node): Entry {
  const guid = item.guid;
  const permalink = attr(guid, 'isPermaLink') !== 'false' && /^https?:\/\//.test(text(guid) ?? '') ? text(guid) : undefined;
  const atomLink = asArray(item['atom:link']).find((l) => !attr(l, 'rel') || attr(l, 'rel') === 'alternate');
  return {
    sourceId: text(guid) ?? attr(item, 'rdf:about') ?? text(item.link),
    url: text(item.link) ?? attr(atomLink, 'href') ?? permalink ?? attr(item, 'rdf:about'),
    title: text(item.title),
    content: text(item['content:encoded']),
    summary: text(item.description) ?? text(item['dc:description']),
    authors: [...asArray(item['dc:creator']), ...asArray(item.author)].map(rssAuthor).filter((a): a is string => Boolean(a)),
    tags: [...asArray(item.category), ...asArray(item['dc:subject'])].map(text),
    published: text(item.pubDate) ?? text(item['dc:date']),
    updated: text(item['atom:updated']) ?? text(item['dc:modified']),
    image: imageOfItem(item),
    language: text(item['dc:language']),
  };
}

function atomLinkHref(links: unknown): string | undefined {
  const all = asArray(links);
  const alternate = all.find((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate' && /html|^$/.test(attr(l, 'type') ?? '')) ?? all.find((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate');
  return attr(alternate, 'href') ?? (typeof alternate === 'string' ? alternate : undefined);
}

function atomEntry(entry: Node, feedAuthors: string[]): Entry {
  const content = atomText(entry.content);
  const authors = asArray(entry.author).map((a) => (isObject(a) ? text(a.name) : text(a))).filter((a): a is string => Boolean(a));
  return {
    sourceId: text(entry.id),
    url: atomLinkHref(entry.link),
    title: atomText(entry.title).value,
    content: attr(entry.content, 'src') ? undefined : content.value,
    contentIsText: content.isText,
    summary: atomText(entry.summary).value,
    authors: authors.length ? authors : feedAuthors,
    tags: asArray(entry.category).map((c) => attr(c, 'label') ?? attr(c, 'term') ?? text(c)),
    published: text(entry.published) ?? text(entry.issued) ?? text(entry['dc:date']),
    updated: text(entry.updated) ?? text(entry.modified),
    image: imageOfItem(entry),
    language: attr(entry, 'xml:lang'),
  };
}

/** Where a line and column of a document that was put together from an input's parts stand in the input. */
type Place = (line: number, col: number) => { line: number; col: number };

/**
 * The validator's complaint in words a reader of the error line can act on. A document that ends with
 * elements still open (a feed cut short in transfer) is reported by fast-xml-parser as "Invalid '[ "rss",
 * "channel" ]' found." at line 1, column 1; it is said here as what it is.
 */
function xmlProblem(err: { code: string; msg: string; line: number; col: number }, at: Place = (line, col) => ({ line, col })): string {
  const open = err.code === 'InvalidXml' ? /^Invalid '(\[[\s\S]*\])' found\.$/.exec(err.msg) : null;
  if (open) {
    try {
      const tags = (JSON.parse(open[1]!) as string[]).map((t) => `<${t}>`).join(', ');
      return `: the document ends with ${tags} still open (cut short?)`;
    } catch {
      // Not the shape described above: the validator's own words follow.
    }
  }
  const { line, col } = at(err.line, err.col);
  // The message may name another place ("opened in line 3, col 21"): mapped the same way.
  const msg = err.msg.replace(/\bline (\d+), col (\d+)/g, (_, l: string, c: string) => {
    const p = at(Number(l), Number(c));
    return `line ${p.line}, col ${p.col}`;
  });
  return ` at line ${line}, column ${col}: ${msg}`;
}

function parseXml(xml: string, at?: Place): Node {
  const firstElement = xml.search(/<(?![?!])/);
  const prolog = firstElement < 0 ? xml : xml.slice(0, firstElement);
  if (/<!ENTITY/i.test(prolog)) throw new InputError('XML with entity declarations is not accepted (entity expansion risk)');
  // Feeds in the wild often carry bare "&" ("Fish & chips", "?a=1&b=2"); like lenient feed readers, escape
  // an "&" that does not start an entity or character reference instead of rejecting the whole feed.
  xml = xml.replace(/&(?!(?:[a-z][\w.-]*|#\d+|#x[\da-f]+);)/gi, '&amp;');
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: true });
  if (valid !== true) throw new InputError(`malformed XML${xmlProblem(valid.err, at)}`);
  try {
    return parser.parse(xml) as Node;
  } catch (error) {
    throw new InputError(`malformed XML: ${(error as Error).message}`);
  }
}

/** A parsed feed document's entries and what they share, or why the XML is no feed. */
function feedOf(doc: Node, input: Input): { entries: Entry[]; feed: Feed } {
  if (isObject(doc.rss) || isObject(doc['rdf:RDF'])) {
    const root = (isObject(doc.rss) ? doc.rss : doc['rdf:RDF']) as Node;
    const channel = (asArray(root.channel).find(isObject) ?? {}) as Node;
    // RSS 2.0 puts items in the channel; RSS 1.0 (RDF) beside it.
    const items = [...asArray(channel.item), ...asArray(root.item)].filter(isObject);
    const channelLink = text(channel.link) ?? attr(asArray(channel['atom:link'])[0], 'href');
    const feed: Feed = { title: inlineText(text(channel.title)), base: absoluteUrl(channelLink, input.url) ?? input.url, language: text(channel.language) ?? text(channel['dc:language']) };
    return { entries: items.map(rssEntry), feed };
  }
  if (isObject(doc.feed)) {
    const root = doc.feed;
    const feedAuthors = asArray(root.author).map((a) => (isObject(a) ? text(a.name) : text(a))).filter((a): a is string => Boolean(a));
    const feed: Feed = { title: inlineText(atomText(root.title).value), base: absoluteUrl(atomLinkHref(root.link), input.url) ?? input.url, language: attr(root, 'xml:lang') };
    return { entries: asArray(root.entry).filter(isObject).map((e) => atomEntry(e, feedAuthors)), feed };
  }
  throw new InputError('XML is not a feed (expected an <rss>, <feed> or <rdf:RDF> root)');
}

/** An RSS item or Atom entry, whole: from its start tag to the first end tag of its name. */
const ENTRY_ELEMENT = /<(item|entry)\b[^>]*>[\s\S]*?<\/\1\s*>/g;

/** Characters of frame that reading a malformed feed entry by entry may parse in all (40 MB: twice the largest input). */
const FRAME_WORK_LIMIT = 40_000_000;

/**
 * The line and column (1-based) of each index of a text, given in increasing order: one pass over the
 * text however many indexes (a feed may hold thousands of entries).
 */
function placesOf(text: string, indexes: readonly number[]): { line: number; col: number }[] {
  let line = 1;
  let lineStart = 0;
  let at = 0;
  return indexes.map((index) => {
    for (; at < index; at++) {
      if (text.charCodeAt(at) === 10) {
        line++;
        lineStart = at + 1;
      }
    }
    return { line, col: index - lineStart + 1 };
  });
}

/**
 * A feed that is malformed only inside some of its entries (an unclosed tag in one item's title, as
 * hand-made feeds have), read entry by entry: each entry is parsed in the feed's own frame (what stands
 * before the first entry and after the last), so a broken one is one error naming its line and the
 * others still land, as a lenient feed reader would have them. Undefined when the frame itself is
 * malformed (a feed cut short) or no whole entry can be found: the whole document's error stands.
 */
function entriesOneByOne(xml: string, input: Input): { entries: (Entry | string)[]; feed: Feed } | undefined {
  const found = [...xml.matchAll(ENTRY_ELEMENT)];
  if (!found.length) return undefined;
  const last = found[found.length - 1]!;
  const prefix = xml.slice(0, found[0]!.index);
  const suffix = xml.slice(last.index + last[0].length);
  // Each entry is parsed with the whole frame: a huge frame around many entries would cost their product.
  if ((prefix.length + suffix.length) * found.length > FRAME_WORK_LIMIT) return undefined;
  let frame: { entries: Entry[]; feed: Feed };
  try {
    frame = feedOf(parseXml(prefix + suffix), input);
  } catch (error) {
    if (error instanceof InputError) return undefined;
    throw error;
  }
  const framed = placesOf(prefix, [prefix.length])[0]!;
  const starts = placesOf(xml, found.map((m) => m.index));
  const entries = found.map((m, i): Entry | string => {
    const start = starts[i]!;
    // Places in the framed entry, mapped back to the input: lines after the frame's, columns on its first line.
    const at: Place = (line, col) => (line === framed.line ? { line: start.line, col: col - framed.col + start.col } : { line: line - framed.line + start.line, col });
    try {
      return feedOf(parseXml(prefix + m[0] + suffix, at), input).entries[0] ?? 'entry could not be read';
    } catch (error) {
      if (error instanceof InputError) return error.message;
      throw error;
    }
  });
  return { entries, feed: frame.feed };
}

/** The root element names of RSS 2.0, RSS 1.0 (RDF) and Atom documents. */
const FEED_ROOTS = 'rss|feed|rdf:RDF|atom:feed';
const FEED_ROOT_NAME = new RegExp(`^(?:${FEED_ROOTS})$`, 'i');
const FEED_ROOT_TAG = new RegExp(`<(?:${FEED_ROOTS})[\\s>/]`, 'i');

/**
 * The document with what a server printed before its XML declaration blanked out: a PHP warning or
 * notice ("<b>Warning</b>: Cannot modify header information ... on line 8<br />") ahead of a WordPress
 * feed made the whole feed unreadable, though browsers and feed readers show it. The declaration may
 * only open a document, so one found later marks where the document starts. What stands before it and
 * the declaration itself become spaces (line breaks kept), so every line and column of an error stays
 * the input's own. A text whose declaration opens it, or that has none, is returned as it is.
 */
export function blankBeforeDeclaration(text: string): string {
  const at = text.search(/<\?xml\s/);
  // After a feed's root has opened, '<?xml ' is content (a CDATA section quoting one), not a start.
  if (at <= 0 || !headStart(text.slice(0, at)) || FEED_ROOT_TAG.test(text.slice(0, at))) return text;
  const end = text.indexOf('?>', at);
  if (end < 0) return text;
  return text.slice(0, end + 2).replace(/[^\n\r]/g, ' ') + text.slice(end + 2);
}

function* readXmlFeed(input: Input): Generator<ReadOutcome> {
  const xml = blankBeforeDeclaration(inputText(input));
  let read: { entries: (Entry | string)[]; feed: Feed };
  try {
    read = feedOf(parseXml(xml), input);
  } catch (error) {
    // Any refusal of the whole document (also entity declarations, or no feed root) is met again by the
    // frame, so only a document malformed inside its entries is recovered.
    const recovered = error instanceof InputError ? entriesOneByOne(xml, input) : undefined;
    if (!recovered) throw error;
    read = recovered;
  }
  yield* outcomes(input, read.entries, read.feed);
}

/** The first element's name, after the XML declaration, comments, processing instructions and DOCTYPE. */
function rootElement(head: string): string | undefined {
  const s = headStart(blankBeforeDeclaration(head)).replace(/^(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>|\s+)*/i, '');
  return /^<([\w:.-]+)/.exec(s)?.[1];
}

export const xmlFeedReader: Reader = {
  name: 'feed',
  detect(head) {
    const root = rootElement(head);
    return root !== undefined && FEED_ROOT_NAME.test(root);
  },
  read: readXmlFeed,
};

// ---------------------------------------------------------------- JSON Feed

function jsonFeedEntry(item: Node, feedAuthors: string[]): Entry {
  const authors = [...asArray(item.authors), ...asArray(item.author)].map((a) => (isObject(a) ? str(a.name) : str(a))).filter((a): a is string => Boolean(a));
  const html = str(item.content_html);
  return {
    sourceId: str(item.id),
    url: str(item.url) ?? str(item.external_url),
    title: str(item.title),
    content: html ?? str(item.content_text),
    contentIsText: !html,
    summary: str(item.summary),
    authors: authors.length ? authors : feedAuthors,
    tags: asArray(item.tags).map(str),
    published: str(item.date_published),
    updated: str(item.date_modified),
    image: imageOf(item.image) ?? imageOf(item.banner_image),
    language: str(item.language),
  };
}

function* readJsonFeed(input: Input): Generator<ReadOutcome> {
  const doc = parseJson(inputText(input), 'JSON Feed');
  if (!isObject(doc) || !Array.isArray(doc.items)) throw new InputError('not a JSON Feed (no "items" array)');
  const feedAuthors = [...asArray(doc.authors), ...asArray(doc.author)].map((a) => (isObject(a) ? str(a.name) : undefined)).filter((a): a is string => Boolean(a));
  const feed: Feed = { title: inlineText(doc.title), base: absoluteUrl(doc.home_page_url, input.url) ?? input.url, language: str(doc.language) };
  const items = doc.items.map((item) => (isObject(item) ? jsonFeedEntry(item, feedAuthors) : { authors: [], tags: [] }));
  yield* outcomes(input, items, feed);
}

export const jsonFeedReader: Reader = {
  name: 'jsonfeed',
  detect(head) {
    return /^\{/.test(headStart(head)) && /"version"\s*:\s*"https?:\/\/jsonfeed\.org\/version\/1/.test(head);
  },
  read: readJsonFeed,
};
