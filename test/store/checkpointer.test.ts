/** The SQLite store copies its write-ahead log into the database file on a second thread (checkpointer.ts). */
import { existsSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { CHECKPOINT_PAGES, FALLBACK_CHECKPOINT_PAGES } from '../../src/store/sqlite/checkpointer.ts';
import type { SqliteStore } from '../../src/store/sqlite/store.ts';
import { tempStore } from '../helpers.ts';

let opened: Awaited<ReturnType<typeof tempStore>> | undefined;
afterEach(async () => {
  await opened?.cleanup();
  opened = undefined;
});

/** One transaction through the store that writes `bytes` of padding. */
async function write(store: SqliteStore, bytes: number): Promise<void> {
  await store.transaction(async () => {
    store.db.prepare('INSERT INTO pad (x) VALUES (randomblob(?))').run(bytes);
  });
}

async function until(condition: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('background WAL checkpoints (SQLite)', () => {
  it('a store that writes little keeps SQLite’s own checkpoints and starts no thread', async () => {
    opened = await tempStore();
    const { store } = opened;
    store.db.exec('CREATE TABLE pad (x BLOB)');
    await write(store, 100_000);
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(CHECKPOINT_PAGES);
    expect(store.checkpointer!.checkpoints).toBe(0);
  });

  it('once the log is long, another connection copies it into the file while the writer goes on', async () => {
    opened = await tempStore();
    const { store, path } = opened;
    store.db.exec('CREATE TABLE pad (x BLOB)');
    // More than SQLite's automatic checkpoint size (1,000 pages): the writer copies this log itself, as
    // SQLite always did, and the thread starts for what comes next.
    await write(store, 5_000_000);
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(FALLBACK_CHECKPOINT_PAGES);
    await until(() => store.checkpointer!.checkpoints > 0);
    const fileBefore = statSync(path).size;
    const version = store.db.pragma('data_version', { simple: true });
    const seen = store.checkpointer!.checkpoints;
    await write(store, 5_000_000);
    await until(() => store.checkpointer!.checkpoints > seen);
    const result = store.checkpointer!.lastResult!;
    expect(result.log).toBeGreaterThan(CHECKPOINT_PAGES);
    expect(result.checkpointed).toBe(result.log);
    // The pages are in the database file now, copied by the other connection ...
    expect(statSync(path).size).toBeGreaterThan(fileBefore + 4_000_000);
    // ... which changed no data: the writer's working set (valid while data_version stands) is kept.
    expect(store.db.pragma('data_version', { simple: true })).toBe(version);
    // Later commits wake it again.
    const before = store.checkpointer!.checkpoints;
    await write(store, 10_000);
    await until(() => store.checkpointer!.checkpoints > before);
    expect((store.db.prepare('SELECT count(*) AS n FROM pad').get() as { n: number }).n).toBe(3);
    // Closing stops the thread and closes its connection first, so the writer's close removes the log.
    await store.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
  });
});
