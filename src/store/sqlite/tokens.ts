/** SQLite API tokens: name, SHA-256 hash, lifecycle times. */
import { InputError } from '../../errors.ts';
import type { Migration } from '../migrations.ts';
import { tokenFromRow, type ApiToken, type TokenRepository, type TokenRow } from '../tokens.ts';
import type { Db } from './store.ts';

export const tokenMigrations: Migration[] = [
  {
    id: '008-tokens',
    sql: `
      CREATE TABLE api_tokens (
        id INTEGER PRIMARY KEY,
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

export class SqliteTokens implements TokenRepository {
  private readonly stmt;

  constructor(db: Db) {
    this.stmt = {
      activeByName: db.prepare('SELECT * FROM api_tokens WHERE name = ? AND revoked_at IS NULL'),
      insert: db.prepare('INSERT INTO api_tokens (name, token_hash, created_at) VALUES (?, ?, ?) RETURNING *'),
      list: db.prepare('SELECT * FROM api_tokens ORDER BY id'),
      byHash: db.prepare('SELECT * FROM api_tokens WHERE token_hash = ?'),
      revokeName: db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL RETURNING *'),
      revokeId: db.prepare('UPDATE api_tokens SET revoked_at = coalesce(revoked_at, ?) WHERE id = ? RETURNING *'),
      touch: db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?'),
    };
  }

  async create(name: string, hash: string, now: string): Promise<ApiToken> {
    if (this.stmt.activeByName.get(name)) throw new InputError(`a token named "${name}" exists already (revoke it first)`);
    return tokenFromRow(this.stmt.insert.get(name, hash, now) as TokenRow);
  }

  async list(): Promise<ApiToken[]> {
    return (this.stmt.list.all() as TokenRow[]).map(tokenFromRow);
  }

  async byHash(hash: string): Promise<(ApiToken & { hash: string }) | undefined> {
    const row = this.stmt.byHash.get(hash) as TokenRow | undefined;
    return row ? { ...tokenFromRow(row), hash: row.token_hash } : undefined;
  }

  async revoke(nameOrId: string, now: string): Promise<ApiToken | undefined> {
    const row = (/^\d+$/.test(nameOrId) ? this.stmt.revokeId.get(now, Number(nameOrId)) : this.stmt.revokeName.get(now, nameOrId)) as TokenRow | undefined;
    return row ? tokenFromRow(row) : undefined;
  }

  async touch(id: number, now: string): Promise<void> {
    this.stmt.touch.run(now, id);
  }
}
