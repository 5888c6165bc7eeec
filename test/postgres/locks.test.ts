/**
 * Advisory locks belong to the whole PostgreSQL database: an archive's locks must not make an archive in
 * another schema of the same database wait, while two processes on one archive still serialise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { PostgresStore } from '../../src/store/postgres/store.ts';
import { HAVE_POSTGRES, freshPgSchema } from '../store/backends.ts';

/** Whether the promise settles within ms. */
async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([p.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

describe.skipIf(!HAVE_POSTGRES)('PostgreSQL advisory locks', () => {
  const schemas: { url: string; drop: () => Promise<void> }[] = [];
  const stores: PostgresStore[] = [];
  let first: PostgresStore;
  let sameArchive: PostgresStore;
  let otherArchive: PostgresStore;
  beforeAll(async () => {
    schemas.push(await freshPgSchema(), await freshPgSchema());
    stores.push(await PostgresStore.open(schemas[0]!.url), await PostgresStore.open(schemas[0]!.url), await PostgresStore.open(schemas[1]!.url));
    [first, sameArchive, otherArchive] = stores as [PostgresStore, PostgresStore, PostgresStore];
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
    for (const s of schemas) await s.drop();
  });

  for (const [name, lock] of [
    ['the analysis lock', (tx: Store) => tx.lockAnalysis()],
    ["an article's key lock", (tx: Store) => tx.lockKeys(['id:same-article'])],
  ] as const) {
    it(`holds ${name} against the same archive only`, async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const holding = new Promise<void>((resolve) => (locked = resolve));
      const holder = first.transaction(async (tx) => {
        await lock(tx);
        locked();
        await held;
      });
      await holding;
      const elsewhere = otherArchive.transaction(lock);
      const same = sameArchive.transaction(lock);
      try {
        expect(await settlesWithin(elsewhere, 5000)).toBe(true);
        expect(await settlesWithin(same, 500)).toBe(false);
      } finally {
        release();
      }
      await holder;
      expect(await settlesWithin(same, 5000)).toBe(true);
    });
  }
});
