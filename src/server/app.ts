/**
 * The web app as a factory: `buildApp({ store })` returns a fastify instance with the reader's pages,
 * the JSON API (+ /openapi.json), feeds, sitemap and robots.txt, and one stylesheet. Tests call
 * `app.inject()`; `storyline serve` calls `listen()`.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { Store } from '../store/store.ts';
import { SiteData, storeHooks, type DataHooks } from './data.ts';
import { HttpError, etagMatches, etagOf } from './http.ts';
import { PageCache } from './cache.ts';
import { registerApi, API_PREFIX } from './api/routes.ts';
import { registerFeeds } from './feeds.ts';
import { registerSeo } from './seo.ts';
import { registerPages } from './pages/routes.ts';
import type { SiteContext } from './pages/layout.tsx';
import { renderError, renderNotFound } from './pages/pages.tsx';
import { DEFAULT_WRITE_LIMITS, registerWriteApi, SubscriptionBodySchema, writeApiDocs, type WriteLimits } from './write.ts';
import { TokenAuth } from './auth.ts';
import { ErrorResponse } from './api/schemas.ts';
import { z } from 'zod';

export const STATIC_DIR = fileURLToPath(new URL('./static/', import.meta.url));
const STYLESHEET_VERSION = createHash('sha1').update(readFileSync(`${STATIC_DIR}style.css`)).digest('hex').slice(0, 10);

export interface AppOptions {
  store: Store;
  /** Data from related rails, stories and entities; defaults to what the store provides. */
  hooks?: DataHooks;
  /** The public base URL (https://news.example.org); else taken from each request's Host. */
  publicUrl?: string;
  /** fastify's logger option (off by default). */
  logger?: boolean;
  /** Rendered article pages kept in memory (0 disables the cache). */
  pageCacheSize?: number;
  pageCacheTtlMs?: number;
  /** Reads need a token too (`serve --private`); only /static/ stays public. */
  private?: boolean;
  /** Limits of the write API (body size, items per request, rate limits). */
  writeLimits?: Partial<WriteLimits>;
}

export interface StorylineApp extends FastifyInstance {
  siteData: SiteData;
  pageCache: PageCache;
  /** Every route registered (method and URL), for tests and the OpenAPI completeness check. */
  routeList: { method: string; url: string }[];
}

export async function buildApp(options: AppOptions): Promise<StorylineApp> {
  const app = Fastify({ logger: options.logger ?? false, trustProxy: false, routerOptions: { maxParamLength: 500, ignoreTrailingSlash: true } });
  const data = new SiteData(options.store, options.hooks ?? storeHooks(options.store));
  const cache = new PageCache(options.pageCacheSize ?? 2000, options.pageCacheTtlMs ?? 30_000);
  const publicUrl = options.publicUrl?.replace(/\/+$/, '');
  const baseUrlOf = (request: FastifyRequest) => publicUrl ?? `${request.protocol}://${request.host}`;
  const ctxOf = (request: FastifyRequest): SiteContext => ({
    baseUrl: baseUrlOf(request),
    stylesheet: `/static/style.css?v=${STYLESHEET_VERSION}`,
    hasStories: Boolean(data.hooks.stories),
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        // No scripts at all: pages work without JavaScript. (JSON-LD is data, never executed.)
        scriptSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'https:', 'data:'],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginEmbedderPolicy: false,
    hsts: false,
  });
  await app.register(fastifyStatic, { root: STATIC_DIR, prefix: '/static/', maxAge: '365d', immutable: true, index: false });

  const isApi = (url: string) => url.startsWith('/api/') || url === '/openapi.json';

  // ETag on every successful read that did not set its own; 304 when the client has it.
  app.addHook('onSend', async (request, reply, payload) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || reply.statusCode !== 200) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    let etag = reply.getHeader('etag') as string | undefined;
    if (!etag) {
      etag = etagOf(payload);
      reply.header('etag', etag);
    }
    if (etagMatches(request.headers['if-none-match'], etag)) {
      reply.code(304);
      return '';
    }
    return payload;
  });

  app.setNotFoundHandler(async (request, reply) => {
    reply.code(404).header('cache-control', 'no-store');
    if (isApi(request.url)) return { error: { status: 404, message: `no route ${request.method} ${request.url.split('?')[0]}` } };
    reply.header('content-type', 'text/html; charset=utf-8');
    return renderNotFound(ctxOf(request));
  });

  app.setErrorHandler(async (err: Error & { statusCode?: number; validation?: unknown }, request, reply) => {
    const status = err instanceof HttpError ? err.status : err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    const message = status >= 500 ? 'internal error' : err.message;
    if (status >= 500) request.log.error(err);
    reply.code(status).header('cache-control', 'no-store');
    if (isApi(request.url) || request.url.startsWith('/feed/')) return { error: { status, message } };
    reply.header('content-type', 'text/html; charset=utf-8');
    return status === 404 ? renderNotFound(ctxOf(request), message) : renderError(ctxOf(request), status, message);
  });

  const routeList: { method: string; url: string }[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routeList.push({ method, url: route.url });
  });

  if (options.private) {
    const auth = new TokenAuth(options.store);
    app.addHook('onRequest', async (request, reply) => {
      if ((request.method === 'GET' || request.method === 'HEAD') && !request.url.startsWith('/static/')) {
        await auth.require(request, reply);
      }
    });
    // Nothing a token unlocked may sit in a shared cache.
    app.addHook('onSend', async (request, reply, payload) => {
      if (!request.url.startsWith('/static/')) reply.header('cache-control', 'private, no-cache');
      return payload;
    });
  }

  const writeLimits = { ...DEFAULT_WRITE_LIMITS, ...options.writeLimits };
  await registerWriteApi(app, { store: options.store, limits: writeLimits, cache });
  const jsonSchema = (s: z.ZodType) => {
    const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    return rest;
  };
  registerPages(app, data, ctxOf, cache);
  registerApi(app, data, { paths: writeApiDocs(writeLimits, jsonSchema(ErrorResponse), jsonSchema(SubscriptionBodySchema)), privateReads: options.private });
  registerFeeds(app, data, baseUrlOf);
  registerSeo(app, data, baseUrlOf);

  const decorated = app as unknown as StorylineApp;
  decorated.siteData = data;
  decorated.pageCache = cache;
  decorated.routeList = routeList;
  return decorated;
}

export { API_PREFIX };
