/** HTML page routes: server-rendered, no JavaScript. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { InputError } from '../../errors.ts';
import { Params, Queries } from '../api/schemas.ts';
import type { SiteData } from '../data.ts';
import { HttpError, etagMatches, etagOf } from '../http.ts';
import type { PageCache } from '../cache.ts';
import { paths } from '../format.ts';
import { renderArticlePage } from './article.tsx';
import type { SiteContext } from './layout.tsx';
import { renderContributor, renderEntity, renderHome, renderSearch, renderStories, renderStory } from './pages.tsx';

const HTML = 'text/html; charset=utf-8';
const PAGE_CACHE_CONTROL = 'public, max-age=60';

function html(reply: FastifyReply, body: string, status = 200): string {
  reply.code(status).header('content-type', HTML).header('cache-control', status === 200 ? PAGE_CACHE_CONTROL : 'no-store');
  return body;
}

function parseOr404<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const r = schema.safeParse(value ?? {});
  if (!r.success) throw new HttpError(404, 'no such page');
  return r.data;
}

export function registerPages(app: FastifyInstance, data: SiteData, ctxOf: (request: FastifyRequest) => SiteContext, cache: PageCache): void {
  app.get<{ Querystring: { before?: string } }>('/', async (request, reply) => {
    const before = typeof request.query.before === 'string' && request.query.before.length <= 40 ? request.query.before : undefined;
    const ctx = ctxOf(request);
    if (!before) return html(reply, renderHome(ctx, await data.home()));
    const { items, next } = await data.latest(20, before);
    return html(reply, renderHome(ctx, { latest: items, next, hotStories: [] }, before));
  });

  app.get<{ Params: { id: string } }>('/article/:id', async (request, reply) => {
    const { id } = parseOr404(Params.id, request.params);
    const ctx = ctxOf(request);
    const stamp = await data.articleStamp(id);
    if (!stamp) throw new HttpError(404, `There is no article ${id} in the archive.`);
    const key = `${ctx.baseUrl}|${id}`;
    let page = cache.get(key, stamp);
    if (!page) {
      const found = await data.article(id);
      if (!found) throw new HttpError(404, `There is no article ${id} in the archive.`);
      if ('redirect' in found) return reply.redirect(paths.article(found.redirect), 301);
      const body = Buffer.from(renderArticlePage(ctx, found));
      page = { body, etag: etagOf(body) };
      cache.set(key, stamp, page);
    }
    reply.header('etag', page.etag).header('content-type', HTML).header('cache-control', PAGE_CACHE_CONTROL);
    if (etagMatches(request.headers['if-none-match'], page.etag)) return reply.code(304).send();
    return reply.send(page.body);
  });

  app.get<{ Querystring: { page?: string; active?: string } }>('/stories', async (request, reply) => {
    const { page, pageSize, active } = parseOr404(Queries.stories, request.query);
    const stories = await data.stories(pageSize + 1, (page - 1) * pageSize, active);
    return html(reply, renderStories(ctxOf(request), stories.slice(0, pageSize), { page, hasMore: stories.length > pageSize, developing: active }));
  });

  app.get<{ Params: { id: string } }>('/story/:id', async (request, reply) => {
    const { id } = parseOr404(Params.id, request.params);
    const story = await data.story(id);
    if (!story) throw new HttpError(404, `There is no story ${id}.`);
    return html(reply, renderStory(ctxOf(request), story));
  });

  app.get<{ Params: { type: string; name: string } }>('/entity/:type/:name', async (request, reply) => {
    const { type, name } = parseOr404(Params.entity, request.params);
    if (type === 'contributor') return reply.redirect(paths.contributor(name), 301);
    const { page, pageSize } = parseOr404(Queries.page, request.query);
    const entity = await data.entity(type, name, page, pageSize);
    if (!entity) throw new HttpError(404, `We know of no ${type} called ${name}.`);
    return html(reply, renderEntity(ctxOf(request), entity));
  });

  app.get<{ Params: { name: string } }>('/contributor/:name', async (request, reply) => {
    const { name } = parseOr404(Params.name, request.params);
    const { page, pageSize } = parseOr404(Queries.page, request.query);
    const c = await data.contributor(name, page, pageSize);
    if (!c) throw new HttpError(404, `We have no articles by ${name}.`);
    return html(reply, renderContributor(ctxOf(request), c));
  });

  app.get('/search', async (request, reply) => {
    const ctx = ctxOf(request);
    const facets = await data.facets();
    const raw = (request.query ?? {}) as Record<string, unknown>;
    // Empty form fields arrive as "": treat them as absent.
    const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== ''));
    const parsed = Queries.search.safeParse(cleaned);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const params = Object.fromEntries(Object.entries(cleaned).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
      return html(reply, renderSearch(ctx, { params: { ...params, page: undefined, pageSize: undefined, sort: undefined, entityType: undefined }, facets, error: `Please check ${issue?.path.join('.') || 'the form'}: ${issue?.message ?? 'invalid'}` }), 400);
    }
    const params = parsed.data;
    const hasCriteria = Boolean(params.q?.trim() || params.from || params.to || params.publisher || params.section || params.entity || params.contributor);
    if (!hasCriteria) return html(reply, renderSearch(ctx, { params, facets }));
    try {
      const results = await data.search(params);
      return html(reply, renderSearch(ctx, { params, facets, results }));
    } catch (err) {
      if (err instanceof InputError) return html(reply, renderSearch(ctx, { params, facets, error: err.message }), 400);
      throw err;
    }
  });
}
