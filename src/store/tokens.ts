/**
 * API tokens: who may write through the HTTP API (and read, under `serve --private`). The store keeps a
 * name and the SHA-256 hash of each token — never the token itself, which is shown once when created.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { InputError } from '../errors.ts';

/** Every token starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const TOKEN_PREFIX = 'sl_';

export interface ApiToken {
  id: number;
  name: string;
  createdAt: string;
  revokedAt?: string;
  lastUsedAt?: string;
}

export interface TokenRepository {
  /** Stores a new token by its hash. Throws InputError when an active token already has the name. */
  create(name: string, hash: string, now: string): Promise<ApiToken>;
  /** Every token, revoked ones included, oldest first. */
  list(): Promise<ApiToken[]>;
  /** The token with this hash (revoked or not) and its stored hash, for a constant-time comparison. */
  byHash(hash: string): Promise<(ApiToken & { hash: string }) | undefined>;
  /** Revokes the active token with this name, or the token with this numeric id; undefined when none. */
  revoke(nameOrId: string, now: string): Promise<ApiToken | undefined>;
  /** Records a use. */
  touch(id: number, now: string): Promise<void>;
}

/** A fresh token: the prefix and 32 random bytes, base64url. */
export function generateToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** SHA-256 (hex) of a token: what the store keeps. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Whether two hex hashes are equal, in time independent of where they differ. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** A token name: 1-100 printable characters, not all digits (digits name an id in `token revoke`). */
export function validTokenName(name: string): boolean {
  return /^[\p{L}\p{N}_.@:-][\p{L}\p{N} _.@:-]{0,99}$/u.test(name) && !/^\d+$/.test(name);
}

export interface TokenRow {
  id: number | string;
  name: string;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

export function tokenFromRow(r: TokenRow): ApiToken {
  return {
    id: Number(r.id),
    name: r.name,
    createdAt: r.created_at,
    ...(r.revoked_at ? { revokedAt: r.revoked_at } : {}),
    ...(r.last_used_at ? { lastUsedAt: r.last_used_at } : {}),
  };
}

/** Creates a token: returns the token (to show once) and its record. Throws InputError for a bad name. */
export async function issueToken(repo: TokenRepository, name: string, now = new Date()): Promise<{ token: string; record: ApiToken }> {
  if (!validTokenName(name)) throw new InputError(`invalid token name "${name}": 1-100 letters, digits, spaces or _ . @ : -, not all digits`);
  const token = generateToken();
  return { token, record: await repo.create(name, hashToken(token), now.toISOString()) };
}

/**
 * The active token a presented token string is, or undefined (unknown, revoked, malformed). The lookup
 * is by hash; the stored hash is then compared in constant time.
 */
export async function verifyToken(repo: TokenRepository, presented: string): Promise<ApiToken | undefined> {
  if (!presented.startsWith(TOKEN_PREFIX) || presented.length > 200) return undefined;
  const hash = hashToken(presented);
  const found = await repo.byHash(hash);
  if (!found || !sameHash(found.hash, hash) || found.revokedAt) return undefined;
  const { hash: _hash, ...token } = found;
  return token;
}
