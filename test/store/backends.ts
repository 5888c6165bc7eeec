/**
 * The store test suite runs against every backend: SQLite in a temporary file, and PostgreSQL (the
 * server on 127.0.0.1:5432, database `test`, or STORYLINE_TEST_PG) in a schema of its own, dropped
 * afterwards.
 */
import pg from 'pg';
import Database from 'better-sqlite3';
import type { Store } from '../../src/store/store.ts';
import { tempStore } from '../helpers.ts';

export const PG_URL = process.env.STORYLINE_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

export const HAVE_POSTGRES = await postgresReachable();
if (!HAVE_POSTGRES) console.warn(`skipping PostgreSQL store tests: no server at ${PG_URL}`);

export interface Backend {
  name: 'sqlite' | 'postgres';
  available: boolean;
  open(): Promise<{ store: Store; url: string; cleanup: () => Promise<void> }>;
}

/** A fresh, empty PostgreSQL schema and a URL whose search_path selects it. */
export async function freshPgSchema(): Promise<{ url: string; drop: () => Promise<void> }> {
  const schema = `sl_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    url,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

export const backends: Backend[] = [
  {
    name: 'sqlite',
    available: true,
    async open() {
      const t = await tempStore();
      return { store: t.store, url: t.path, cleanup: t.cleanup };
    },
  },
  {
    name: 'postgres',
    available: HAVE_POSTGRES,
    async open() {
      const { PostgresStore } = await import('../../src/store/postgres/store.ts');
      const schema = await freshPgSchema();
      const store = await PostgresStore.open(schema.url, { poolSize: 4 });
      return {
        store,
        url: schema.url,
        cleanup: async () => {
          await store.close();
          await schema.drop();
        },
      };
    },
  },
];

/** Runs SQL straight on a backend's database, behind the store's back (to age or damage an archive). */
export async function execSql(kind: Backend['name'], url: string, sql: string): Promise<void> {
  if (kind === 'sqlite') {
    const db = new Database(url);
    db.exec(sql);
    db.close();
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(sql);
  await client.end();
}
