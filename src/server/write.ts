/**
 * The write API (/api/v1, token required): POST /articles (one article or a batch, in any format the
 * readers understand), DELETE /articles/:id, POST /subscriptions. Limits: body size, items per request,
 * requests per minute per IP and per token (on these routes only, so reads are never throttled).
 *
 * POST /articles answers 200 when every item was stored (new, updated, unchanged or duplicate), 207 when
 * some were and some failed, 400 when none was (nothing readable, or every item bad) — always with the
 * per-item results and a summary, except for 401/413/429 which carry only the error.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { z } from 'zod';
import { InputError } from '../errors.ts';
import { createPipeline } from '../ingest/stages.ts';
import { addToSummary, emptySummary, type IngestResult } from '../ingest/pipeline.ts';
import { FORMATS, readInput } from '../ingest/readers/index.ts';
import type { Input, Reader } from '../ingest/readers/reader.ts';
import { deleteArticle } from '../ingest/delete.ts';
import { subscribe } from '../fetch/subscribe.ts';
import type { Store } from '../store/store.ts';
import { TokenAuth } from './auth.ts';
import { HttpError } from './http.ts';
import { API_PREFIX } from './api/routes.ts';
import type { PageCache } from './cache.ts';

export interface WriteLimits {
  /** Largest request body (bytes); 413 above. */
  maxBodyBytes: number;
  /** Most items one POST /articles may hold; 413 above. */
  maxItems: number;
  /** Write requests per window per client IP (unauthenticated attempts included). */
  perIp: number;
  /** Write requests per window per token. */
  perToken: number;
  /** The rate-limit window, ms. */
  windowMs: number;
}

export const DEFAULT_WRITE_LIMITS: WriteLimits = {
  maxBodyBytes: 5 * 1024 * 1024,
  maxItems: 500,
  perIp: 600,
  perToken: 300,
  windowMs: 60_000,
};

/** Content-Type (without parameters) -> format name in FORMATS. */
const CONTENT_TYPES: Record<string, string> = {
  'application/json': 'json',
  'application/x-ndjson': 'jsonl',
  'application/ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
  'application/x-jsonlines': 'jsonl',
  'application/jsonlines': 'jsonl',
  'application/feed+json': 'jsonfeed',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'application/rss+xml': 'rss',
  'application/atom+xml': 'atom',
  'application/xml': 'feed',
  'text/xml': 'feed',
  'text/plain': 'text',
};

export const WRITE_FORMATS = Object.keys(FORMATS);

/** The readers for a request: the `format` parameter wins, then the Content-Type, else detection. */
export function readersFor(format: string | undefined, contentType: string | undefined): readonly Reader[] | undefined {
  if (format) {
    const readers = FORMATS[format];
    if (!readers) throw new HttpError(400, `unknown format "${format}" (one of: ${WRITE_FORMATS.join(', ')})`);
    return readers;
  }
  const bare = contentType?.split(';')[0]?.trim().toLowerCase();
  const name = bare ? CONTENT_TYPES[bare] : undefined;
  return name ? FORMATS[name] : undefined;
}

export type ItemResult =
  | { label: string; status: 'new' | 'updated' | 'unchanged' | 'duplicate'; id: string; duplicateOf?: string }
  | { label: string; status: 'failed'; error: string };

function itemResult(r: IngestResult): ItemResult {
  return r.ok
    ? { label: r.label, status: r.status, id: r.id, ...(r.duplicateOf ? { duplicateOf: r.duplicateOf } : {}) }
    : { label: r.label, status: 'failed', error: r.error };
}

const SubscriptionBody = z.object({
  url: z.string().min(1).max(2000).describe('a feed URL, or guardian:QUERY'),
  every: z.string().max(20).optional().describe('polling interval: 90s, 15m, 2h, 1d'),
  fullText: z.boolean().optional(),
  title: z.string().max(300).optional(),
});

export interface WriteApiOptions {
  store: Store;
  limits: WriteLimits;
  cache: PageCache;
}

export async function registerWriteApi(app: FastifyInstance, options: WriteApiOptions): Promise<void> {
  const { store, limits, cache } = options;
  const auth = new TokenAuth(store);
  const pipeline = createPipeline(store);

  await app.register(async (scope) => {
    await scope.register(rateLimit, { global: false });
    // Two limits on one request (the plugin's own hook runs once per request, so each is checked here).
    const limiter = (max: number, key: (req: FastifyRequest) => string) => {
      const check = scope.createRateLimit({ max, timeWindow: limits.windowMs, keyGenerator: key });
      return async (request: FastifyRequest, reply: FastifyReply) => {
        const r = await check(request);
        if (r.isAllowed || !r.isExceeded) return;
        reply.header('retry-after', String(r.ttlInSeconds));
        throw new HttpError(429, `rate limit exceeded: at most ${r.max} write requests per ${Math.round(limits.windowMs / 1000)} s; retry in ${r.ttlInSeconds} s`);
      };
    };
    const perIp = limiter(limits.perIp, (req) => `ip:${req.ip}`);
    const perToken = limiter(limits.perToken, (req) => `token:${req.apiToken?.id ?? req.ip}`);
    // Order: the IP limit first (it also slows token guessing), then the token, then its own limit —
    // all before the body is read, so an unauthenticated client cannot make us buffer megabytes.
    scope.addHook('onRequest', perIp);
    scope.addHook('onRequest', async (request, reply) => {
      await auth.require(request, reply);
    });
    scope.addHook('onRequest', perToken);

    // Bodies are read as bytes: the readers decode and detect formats themselves.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    const noStore = (reply: { header(k: string, v: string): unknown }) => reply.header('cache-control', 'no-store');

    scope.post(`${API_PREFIX}/articles`, { bodyLimit: limits.maxBodyBytes }, async (request, reply) => {
      noStore(reply);
      const query = request.query as Record<string, string | undefined>;
      const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      if (!bytes.length) throw new HttpError(400, 'empty body: send one article or a batch (JSON, JSON Lines, HTML, RSS/Atom, plain text)');
      const contentType = request.headers['content-type'];
      const candidates = readersFor(query.format, contentType);
      const input: Input = { name: 'request', bytes, contentType };
      const outcomes = readInput(input, candidates);
      if (outcomes.length > limits.maxItems) {
        throw new HttpError(413, `too many items: ${outcomes.length} in one request (limit ${limits.maxItems}); split the batch`);
      }
      if (outcomes.length === 1 && !outcomes[0]!.ok && outcomes[0]!.label === input.name) {
        throw new HttpError(400, `nothing could be read: ${outcomes[0]!.error}`);
      }
      const results = await pipeline.ingestOutcomes(input.name, outcomes);
      const summary = emptySummary();
      for (const r of results) addToSummary(summary, r);
      for (const r of results) if (r.ok && r.status !== 'unchanged') cache.delete(r.id);
      const stored = summary.read - summary.failed;
      reply.code(summary.failed === 0 ? 200 : stored > 0 ? 207 : 400);
      return { results: results.map(itemResult), summary };
    });

    scope.delete(`${API_PREFIX}/articles/:id`, async (request, reply) => {
      noStore(reply);
      const { id } = request.params as { id: string };
      if (!/^[a-z0-9]{16}$/.test(id)) throw new HttpError(404, `no article ${id}`);
      const result = await deleteArticle(store, id);
      if (!result) throw new HttpError(404, `no article ${id}`);
      cache.clear(); // rails and story pages of other articles may have shown it
      return { deleted: result.deleted };
    });

    scope.post(`${API_PREFIX}/subscriptions`, { bodyLimit: 64 * 1024 }, async (request, reply) => {
      noStore(reply);
      let json: unknown;
      try {
        json = JSON.parse(Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '');
      } catch {
        throw new HttpError(400, 'the body must be JSON: {"url": "https://.../feed.xml"}');
      }
      const parsed = SubscriptionBody.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new HttpError(400, `invalid body: ${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
      }
      const { url, ...opts } = parsed.data;
      try {
        // Over HTTP a subscription never reaches private addresses (allowPrivate is CLI-only).
        const { subscription, created } = await subscribe(store, url, { ...opts, allowPrivate: false });
        reply.code(created ? 201 : 200);
        return { subscription, created };
      } catch (err) {
        if (err instanceof InputError) throw new HttpError(400, err.message);
        throw err;
      }
    });
  });
}

/** OpenAPI paths of the write routes (merged into /openapi.json), each behind the bearer scheme. */
export function writeApiDocs(limits: WriteLimits, errorSchema: Record<string, unknown>, subscriptionSchema: Record<string, unknown>): Record<string, Record<string, unknown>> {
  const error = (description: string) => ({ description, content: { 'application/json': { schema: errorSchema } } });
  const security = [{ bearerAuth: [] }];
  const common = {
    '401': error('Missing, unknown or revoked token'),
    '429': error('Too many write requests (per IP and per token)'),
  };
  const itemResult = {
    oneOf: [
      {
        type: 'object',
        properties: { label: { type: 'string' }, status: { enum: ['new', 'updated', 'unchanged', 'duplicate'] }, id: { type: 'string' }, duplicateOf: { type: 'string' } },
        required: ['label', 'status', 'id'],
      },
      { type: 'object', properties: { label: { type: 'string' }, status: { const: 'failed' }, error: { type: 'string' } }, required: ['label', 'status', 'error'] },
    ],
  };
  const summary = {
    type: 'object',
    properties: Object.fromEntries(['read', 'new', 'updated', 'unchanged', 'duplicates', 'failed'].map((k) => [k, { type: 'integer' }])),
  };
  const ingestResponse = { type: 'object', properties: { results: { type: 'array', items: itemResult }, summary }, required: ['results', 'summary'] };
  const body = { schema: { type: 'string', format: 'binary' } };
  return {
    [`${API_PREFIX}/articles`]: {
      post: {
        operationId: 'postArticles',
        summary: 'Store one article or a batch, in any format Storyline reads',
        description:
          `The body is read like a file given to \`storyline ingest\`: JSON (an article object, an array, a Guardian API response, a JSON Feed), ` +
          `JSON Lines, HTML, RSS/Atom or plain text. The format is chosen by the \`format\` parameter, else by Content-Type, else detected. ` +
          `At most ${limits.maxBodyBytes} bytes and ${limits.maxItems} items per request.`,
        tags: ['write'],
        security,
        parameters: [{ name: 'format', in: 'query', required: false, schema: { enum: WRITE_FORMATS } }],
        requestBody: {
          required: true,
          content: Object.fromEntries([...Object.keys(CONTENT_TYPES), 'application/octet-stream'].map((t) => [t, body])),
        },
        responses: {
          '200': { description: 'Every item stored (new, updated, unchanged or duplicate)', content: { 'application/json': { schema: ingestResponse } } },
          '207': { description: 'Some items stored, some failed (see each result)', content: { 'application/json': { schema: ingestResponse } } },
          '400': { description: 'Nothing stored: the body could not be read (error), or every item failed (results)', content: { 'application/json': { schema: { oneOf: [errorSchema, ingestResponse] } } } },
          '413': error(`Body over ${limits.maxBodyBytes} bytes, or more than ${limits.maxItems} items`),
          ...common,
        },
      },
    },
    [`${API_PREFIX}/articles/{id}`]: {
      delete: {
        operationId: 'deleteArticle',
        summary: 'Delete an article with its duplicates and everything derived (entities, terms, story membership)',
        tags: ['write'],
        security,
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': { description: 'Deleted', content: { 'application/json': { schema: { type: 'object', properties: { deleted: { type: 'array', items: { type: 'string' } } } } } } },
          '404': error('No such article'),
          ...common,
        },
      },
    },
    [`${API_PREFIX}/subscriptions`]: {
      post: {
        operationId: 'subscribe',
        summary: 'Follow a feed URL or a Guardian search (guardian:QUERY)',
        tags: ['write'],
        security,
        requestBody: { required: true, content: { 'application/json': { schema: subscriptionSchema } } },
        responses: {
          '201': { description: 'Subscribed' },
          '200': { description: 'Already subscribed' },
          '400': error('Invalid URL, interval or body'),
          ...common,
        },
      },
    },
  };
}

export const SubscriptionBodySchema = SubscriptionBody;
