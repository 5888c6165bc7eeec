/**
 * Outgoing feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the latest articles, a search, a story, an
 * entity and a contributor. XML is built with fast-xml-parser's XMLBuilder (which escapes text and
 * attributes); characters XML 1.0 forbids are removed first.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { XMLBuilder } from 'fast-xml-parser';
import { InputError } from '../errors.ts';
import { EntityType } from '../model.ts';
import type { ArticleCard, SiteData } from './data.ts';
import { HttpError } from './http.ts';
import { Queries } from './api/schemas.ts';
import { paths } from './format.ts';

export type FeedFormat = 'rss' | 'atom' | 'json';
const FORMATS: readonly FeedFormat[] = ['rss', 'atom', 'json'];
const CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};
const FEED_SIZE = 50;

export interface FeedSpec {
  title: string;
  description: string;
  /** Absolute URL of the HTML page this feed follows. */
  link: string;
  /** Absolute URL of the feed itself. */
  self: string;
  items: readonly ArticleCard[];
  baseUrl: string;
}

const INVALID_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
function x(text: string | undefined): string {
  return (text ?? '').replace(INVALID_XML, '');
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true, suppressBooleanAttributes: false });

function newest(items: readonly ArticleCard[]): string {
  return items.map((i) => i.publishedAt ?? '').sort().at(-1) || new Date().toISOString();
}

function authors(item: ArticleCard): string[] {
  return item.contributors.length ? item.contributors.map((c) => c.name) : item.byline ? [item.byline] : [];
}

export function rss(feed: FeedSpec): string {
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    rss: {
      '@_version': '2.0',
      '@_xmlns:atom': 'http://www.w3.org/2005/Atom',
      '@_xmlns:dc': 'http://purl.org/dc/elements/1.1/',
      channel: {
        title: x(feed.title),
        link: feed.link,
        description: x(feed.description),
        'atom:link': { '@_href': feed.self, '@_rel': 'self', '@_type': 'application/rss+xml' },
        lastBuildDate: new Date(newest(feed.items)).toUTCString(),
        generator: 'Storyline',
        item: feed.items.map((i) => {
          const url = `${feed.baseUrl}${paths.article(i.id)}`;
          return {
            title: x(i.headline),
            link: url,
            guid: { '#text': url, '@_isPermaLink': 'true' },
            ...(i.standfirst ? { description: x(i.standfirst) } : {}),
            ...(i.publishedAt ? { pubDate: new Date(i.publishedAt).toUTCString() } : {}),
            ...(authors(i).length ? { 'dc:creator': x(authors(i).join(', ')) } : {}),
            ...(i.section ? { category: x(i.section) } : {}),
          };
        }),
      },
    },
  });
}

export function atom(feed: FeedSpec): string {
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    feed: {
      '@_xmlns': 'http://www.w3.org/2005/Atom',
      id: feed.self,
      title: x(feed.title),
      subtitle: x(feed.description),
      updated: newest(feed.items),
      link: [
        { '@_rel': 'self', '@_type': 'application/atom+xml', '@_href': feed.self },
        { '@_rel': 'alternate', '@_type': 'text/html', '@_href': feed.link },
      ],
      author: { name: 'Storyline' },
      generator: 'Storyline',
      entry: feed.items.map((i) => {
        const url = `${feed.baseUrl}${paths.article(i.id)}`;
        const when = i.publishedAt ?? newest(feed.items);
        return {
          id: url,
          title: x(i.headline),
          updated: when,
          published: when,
          link: { '@_rel': 'alternate', '@_type': 'text/html', '@_href': url },
          ...(i.standfirst ? { summary: x(i.standfirst) } : {}),
          ...(authors(i).length ? { author: authors(i).map((name) => ({ name: x(name) })) } : {}),
          ...(i.section ? { category: { '@_term': x(i.section) } } : {}),
        };
      }),
    },
  });
}

export function jsonFeed(feed: FeedSpec): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: feed.title,
    description: feed.description,
    home_page_url: feed.link,
    feed_url: feed.self,
    items: feed.items.map((i) => {
      const url = `${feed.baseUrl}${paths.article(i.id)}`;
      return {
        id: url,
        url,
        title: i.headline,
        ...(i.standfirst ? { summary: i.standfirst, content_text: i.standfirst } : { content_text: i.headline }),
        ...(i.publishedAt ? { date_published: i.publishedAt } : {}),
        ...(authors(i).length ? { authors: authors(i).map((name) => ({ name })) } : {}),
        ...(i.section ? { tags: [i.section] } : {}),
        ...(i.url ? { external_url: i.url } : {}),
      };
    }),
  });
}

export function renderFeed(format: FeedFormat, feed: FeedSpec): string {
  return format === 'rss' ? rss(feed) : format === 'atom' ? atom(feed) : jsonFeed(feed);
}

/** "some-id.atom" -> ["some-id", "atom"]; 404 for another extension. */
function splitFile(file: string): [string, FeedFormat] {
  const dot = file.lastIndexOf('.');
  const ext = file.slice(dot + 1) as FeedFormat;
  if (dot <= 0 || !FORMATS.includes(ext)) throw new HttpError(404, 'feeds end in .rss, .atom or .json');
  return [file.slice(0, dot), ext];
}

export function registerFeeds(app: FastifyInstance, data: SiteData, baseUrlOf: (request: FastifyRequest) => string): void {
  const send = (request: FastifyRequest, reply: FastifyReply, format: FeedFormat, spec: Omit<FeedSpec, 'baseUrl' | 'self' | 'link'> & { path: string }) => {
    const baseUrl = baseUrlOf(request);
    const self = `${baseUrl}${request.url}`;
    reply.header('content-type', CONTENT_TYPES[format]).header('cache-control', 'public, max-age=300');
    return renderFeed(format, { ...spec, baseUrl, self, link: `${baseUrl}${spec.path}` });
  };

  for (const format of FORMATS) {
    app.get(`/feed/latest.${format}`, async (request, reply) => {
      const { items } = await data.latest(FEED_SIZE);
      return send(request, reply, format, { title: 'Storyline: latest articles', description: 'The latest articles in the archive', items, path: '/' });
    });
    app.get(`/feed/search.${format}`, async (request, reply) => {
      const parsed = Queries.search.safeParse(request.query ?? {});
      if (!parsed.success) throw new HttpError(400, `invalid search: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      try {
        const results = await data.search({ ...parsed.data, sort: parsed.data.sort ?? 'date', page: 1, pageSize: FEED_SIZE });
        const q = parsed.data.q ?? '';
        return send(request, reply, format, {
          title: q ? `Storyline search: ${q}` : 'Storyline search',
          description: `Articles matching ${q ? `“${q}”` : 'the filters'}`,
          items: results.items,
          path: `${paths.search({ ...parsed.data, page: undefined, pageSize: undefined })}`,
        });
      } catch (err) {
        if (err instanceof InputError) throw new HttpError(400, err.message);
        throw err;
      }
    });
  }

  app.get<{ Params: { file: string } }>('/feed/story/:file', async (request, reply) => {
    const [id, format] = splitFile(request.params.file);
    const story = await data.story(id);
    if (!story) throw new HttpError(404, `no story ${id}`);
    const items = [...story.timeline].reverse().slice(0, FEED_SIZE);
    return send(request, reply, format, { title: `Story: ${story.story.title}`, description: `The latest articles of the story “${story.story.title}”`, items, path: paths.story(id) });
  });

  app.get<{ Params: { type: string; file: string } }>('/feed/entity/:type/:file', async (request, reply) => {
    const [name, format] = splitFile(request.params.file);
    const type = EntityType.safeParse(request.params.type);
    if (!type.success) throw new HttpError(404, `no entity type ${request.params.type}`);
    const entity = await data.entity(type.data, name, 1, FEED_SIZE);
    if (!entity) throw new HttpError(404, `no ${type.data} ${name}`);
    return send(request, reply, format, { title: entity.entity.name, description: `Latest articles mentioning ${entity.entity.name}`, items: entity.articles.items, path: paths.entity(type.data, name) });
  });

  app.get<{ Params: { file: string } }>('/feed/contributor/:file', async (request, reply) => {
    const [name, format] = splitFile(request.params.file);
    const c = await data.contributor(name, 1, FEED_SIZE);
    if (!c) throw new HttpError(404, `no contributor ${name}`);
    return send(request, reply, format, { title: `Articles by ${c.name}`, description: `The latest articles by ${c.name}`, items: c.articles.items, path: paths.contributor(c.name) });
  });
}
