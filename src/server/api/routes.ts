/** /api/v1: the data of every page as JSON. */
import type { FastifyInstance } from 'fastify';
import { InputError } from '../../errors.ts';
import type { SiteData } from '../data.ts';
import { HttpError } from '../http.ts';
import { ApiRegistry, defineRoute } from './registry.ts';
import { Params, Queries, Schemas } from './schemas.ts';

export const API_PREFIX = '/api/v1';

export function apiRoutes(data: SiteData) {
  return [
    defineRoute({
      path: `${API_PREFIX}/home`,
      operationId: 'getHome',
      summary: 'The home page: latest articles and the most active stories',
      tag: 'articles',
      response: Schemas.home,
      handler: () => data.home(),
    }),
    defineRoute({
      path: `${API_PREFIX}/articles`,
      operationId: 'listArticles',
      summary: 'Latest articles, newest first',
      tag: 'articles',
      query: Queries.list,
      response: Schemas.articles,
      handler: async ({ query }) => {
        const { items, next } = await data.latest(query.limit, query.before);
        return { articles: items, ...(next ? { next } : {}) };
      },
    }),
    defineRoute({
      path: `${API_PREFIX}/articles/:id`,
      operationId: 'getArticle',
      summary: 'One article with its Related Content rail, story and entities (a duplicate redirects to its original)',
      tag: 'articles',
      params: Params.id,
      response: Schemas.article,
      handler: async ({ params, reply }) => {
        const found = await data.article(params.id);
        if (!found) throw new HttpError(404, `no article ${params.id}`);
        if ('redirect' in found) return reply.redirect(`${API_PREFIX}/articles/${encodeURIComponent(found.redirect)}`, 301);
        return found;
      },
    }),
    defineRoute({
      path: `${API_PREFIX}/search`,
      operationId: 'search',
      summary: 'Full-text search with filters, highlighted snippets and pages',
      tag: 'search',
      query: Queries.search,
      response: Schemas.search,
      handler: async ({ query }) => {
        try {
          const r = await data.search(query);
          return { total: r.total, page: r.page, pageSize: r.pageSize, sort: r.sort, words: r.words, results: r.items };
        } catch (err) {
          if (err instanceof InputError) throw new HttpError(400, err.message);
          throw err;
        }
      },
    }),
    defineRoute({
      path: `${API_PREFIX}/stories`,
      operationId: 'listStories',
      summary: 'Stories, most recently updated first',
      tag: 'stories',
      query: Queries.stories,
      response: Schemas.stories,
      handler: async ({ query }) => ({ stories: await data.stories(query.pageSize, (query.page - 1) * query.pageSize, query.active), page: query.page }),
    }),
    defineRoute({
      path: `${API_PREFIX}/stories/:id`,
      operationId: 'getStory',
      summary: 'A story: its timeline (oldest first) and articles per day',
      tag: 'stories',
      params: Params.id,
      response: Schemas.story,
      handler: async ({ params }) => {
        const story = await data.story(params.id);
        if (!story) throw new HttpError(404, `no story ${params.id}`);
        return story;
      },
    }),
    defineRoute({
      path: `${API_PREFIX}/entities/:type/:name`,
      operationId: 'getEntity',
      summary: 'A person, organisation or place: mentions per day, stories, latest articles',
      tag: 'entities',
      params: Params.entity,
      query: Queries.page,
      response: Schemas.entity,
      handler: async ({ params, query }) => {
        const e = await data.entity(params.type, params.name, query.page, query.pageSize);
        if (!e) throw new HttpError(404, `no ${params.type} ${params.name}`);
        return { entity: e.entity, perDay: e.perDay, stories: e.stories, articles: e.articles.items, total: e.articles.total, page: e.articles.page, pageSize: e.articles.pageSize };
      },
    }),
    defineRoute({
      path: `${API_PREFIX}/contributors/:name`,
      operationId: 'getContributor',
      summary: "A contributor: articles per day, stories, latest articles",
      tag: 'contributors',
      params: Params.name,
      query: Queries.page,
      response: Schemas.contributor,
      handler: async ({ params, query }) => {
        const c = await data.contributor(params.name, query.page, query.pageSize);
        if (!c) throw new HttpError(404, `no contributor ${params.name}`);
        const { articles, ...rest } = c;
        return { ...rest, articles: articles.items, total: articles.total, page: articles.page, pageSize: articles.pageSize };
      },
    }),
  ];
}

export interface ApiExtras {
  /** More OpenAPI paths (the write routes), merged by path and method. */
  paths?: Record<string, Record<string, unknown>>;
  /** Reads need a token too (serve --private). */
  privateReads?: boolean;
}

export function registerApi(app: FastifyInstance, data: SiteData, extras: ApiExtras = {}): ApiRegistry {
  const registry = new ApiRegistry();
  for (const route of apiRoutes(data)) registry.register(app, route);
  const doc = registry.document({
    title: 'Storyline API',
    version: '1',
    description:
      'The data of every Storyline page as JSON. Reads carry an ETag; send If-None-Match for a 304. ' +
      'Writes need `Authorization: Bearer <token>` (storyline token create --name NAME)' +
      (extras.privateReads ? '; on this server reads need it too.' : '; reads are public.'),
  });
  const paths = doc.paths as Record<string, Record<string, unknown>>;
  for (const [path, methods] of Object.entries(extras.paths ?? {})) paths[path] = { ...paths[path], ...methods };
  doc.components = { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API token (sl_...) from `storyline token create`' } } };
  if (extras.privateReads) doc.security = [{ bearerAuth: [] }];
  app.get('/openapi.json', async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return doc;
  });
  return registry;
}
