/** PostgreSQL API tokens: name, SHA-256 hash, lifecycle times. */
import { InputError } from '../../errors.ts';
import type { Migration } from '../migrations.ts';
import { tokenFromRow, type ApiToken, type TokenRepository, type TokenRow } from '../tokens.ts';
import type { Queryable } from './store.ts';

export const pgTokenMigrations: Migration[] = [
  {
    id: '008-tokens',
    sql: `
      CREATE TABLE api_tokens (
        id SERIAL PRIMARY KEY,
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT,
        last_used_at TEXT
      );
      CREATE UNIQUE INDEX api_tokens_active_name ON api_tokens(name) WHERE revoked_at IS NULL;
    `,
  },
];

export class PgTokens implements TokenRepository {
  constructor(private readonly db: Queryable) {}

  async create(name: string, hash: string, now: string): Promise<ApiToken> {
    const { rows } = await this.db.query<TokenRow>(
      `INSERT INTO api_tokens (name, token_hash, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (name) WHERE revoked_at IS NULL DO NOTHING RETURNING *`,
      [name, hash, now],
    );
    if (!rows[0]) throw new InputError(`a token named "${name}" exists already (revoke it first)`);
    return tokenFromRow(rows[0]);
  }

  async list(): Promise<ApiToken[]> {
    return (await this.db.query<TokenRow>('SELECT * FROM api_tokens ORDER BY id')).rows.map(tokenFromRow);
  }

  async byHash(hash: string): Promise<(ApiToken & { hash: string }) | undefined> {
    const row = (await this.db.query<TokenRow>('SELECT * FROM api_tokens WHERE token_hash = $1', [hash])).rows[0];
    return row ? { ...tokenFromRow(row), hash: row.token_hash } : undefined;
  }

  async revoke(nameOrId: string, now: string): Promise<ApiToken | undefined> {
    const { rows } = /^\d+$/.test(nameOrId)
      ? await this.db.query<TokenRow>('UPDATE api_tokens SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2 RETURNING *', [now, Number(nameOrId)])
      : await this.db.query<TokenRow>('UPDATE api_tokens SET revoked_at = $1 WHERE name = $2 AND revoked_at IS NULL RETURNING *', [now, nameOrId]);
    return rows[0] ? tokenFromRow(rows[0]) : undefined;
  }

  async touch(id: number, now: string): Promise<void> {
    await this.db.query('UPDATE api_tokens SET last_used_at = $1 WHERE id = $2', [now, id]);
  }
}
