/**
 * Bearer-token authentication: `Authorization: Bearer sl_...` checked against the store's hashed tokens.
 * Writes always need a token; reads need one only when the app is private.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Store } from '../store/store.ts';
import { verifyToken, type ApiToken } from '../store/tokens.ts';
import { HttpError } from './http.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified token of an authenticated request. */
    apiToken?: ApiToken;
  }
}

/** A use is recorded at most this often per token (each is a write). */
const TOUCH_EVERY_MS = 60_000;

export function bearerOf(header: string | undefined): string | undefined {
  const m = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header ?? '');
  return m?.[1];
}

export class TokenAuth {
  private readonly touched = new Map<number, number>();

  constructor(private readonly store: Store) {}

  /** Sets request.apiToken or throws 401 (with WWW-Authenticate). */
  async require(request: FastifyRequest, reply: FastifyReply): Promise<ApiToken> {
    const presented = bearerOf(request.headers.authorization);
    const token = presented ? await verifyToken(this.store.tokens, presented) : undefined;
    if (!token) {
      reply.header('www-authenticate', 'Bearer realm="storyline"');
      throw new HttpError(401, presented ? 'invalid or revoked token' : 'missing token: send Authorization: Bearer <token> (create one with: storyline token create --name NAME)');
    }
    request.apiToken = token;
    const now = Date.now();
    if ((this.touched.get(token.id) ?? 0) < now - TOUCH_EVERY_MS) {
      this.touched.set(token.id, now);
      await this.store.tokens.touch(token.id, new Date(now).toISOString());
    }
    return token;
  }
}
