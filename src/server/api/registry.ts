/**
 * JSON API routes that own their schemas: each is registered with fastify and recorded for the OpenAPI
 * document, so the document cannot miss a route. Requests are validated with zod (400 on failure).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HttpError } from '../http.ts';
import { ErrorResponse } from './schemas.ts';

type AnyObject = z.ZodObject<z.ZodRawShape>;

export interface ApiRoute<P extends AnyObject = AnyObject, Q extends AnyObject = AnyObject> {
  /** fastify path, e.g. /api/v1/articles/:id */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  response: z.ZodType;
  handler(input: { params: z.output<P>; query: z.output<Q>; request: FastifyRequest; reply: FastifyReply }): Promise<unknown>;
}

export function defineRoute<P extends AnyObject, Q extends AnyObject>(route: ApiRoute<P, Q>): ApiRoute {
  return route as unknown as ApiRoute;
}

function parse<T extends z.ZodType>(schema: T | undefined, value: unknown, what: string): z.output<T> {
  if (!schema) return {} as z.output<T>;
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new HttpError(400, `invalid ${what}: ${issue?.path.join('.') || what}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

export class ApiRegistry {
  readonly routes: ApiRoute[] = [];

  register(app: FastifyInstance, route: ApiRoute): void {
    this.routes.push(route);
    app.get(route.path, async (request, reply) => {
      const params = parse(route.params, request.params, 'path parameter');
      const query = parse(route.query, request.query, 'query parameter');
      const result = await route.handler({ params, query, request, reply });
      if (reply.sent) return reply;
      reply.header('cache-control', 'public, max-age=60');
      return result;
    });
  }

  /** The OpenAPI 3.1 document of every registered route. */
  document(info: { title: string; version: string; description?: string }): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    const schema = (s: z.ZodType, io: 'input' | 'output') => {
      const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown>;
      return rest;
    };
    const errorContent = { 'application/json': { schema: schema(ErrorResponse, 'output') } };
    for (const r of this.routes) {
      const parameters: unknown[] = [];
      for (const [where, obj] of [['path', r.params], ['query', r.query]] as const) {
        if (!obj) continue;
        for (const [name, field] of Object.entries(obj.shape)) {
          const f = field as z.ZodType;
          const s = schema(f, 'input');
          parameters.push({
            name,
            in: where,
            required: where === 'path' || !f.safeParse(undefined).success,
            ...(typeof s.description === 'string' ? { description: s.description } : {}),
            schema: s,
          });
        }
      }
      const openapiPath = r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      paths[openapiPath] = {
        get: {
          operationId: r.operationId,
          summary: r.summary,
          tags: [r.tag],
          parameters,
          responses: {
            '200': { description: 'OK', content: { 'application/json': { schema: schema(r.response, 'output') } } },
            '304': { description: 'Not modified (If-None-Match matched the ETag)' },
            '400': { description: 'Invalid parameters', content: errorContent },
            '404': { description: 'Not found', content: errorContent },
          },
        },
      };
    }
    return { openapi: '3.1.0', info, paths };
  }
}
