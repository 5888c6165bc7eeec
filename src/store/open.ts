/** Opens the store a --db option or STORYLINE_DB names: a file path (SQLite, the default) or a URL. */
import type { Store } from './store.ts';
import { SqliteStore } from './sqlite/store.ts';
import { isPostgresUrl, shownLocation } from './location.ts';
import { ArchiveOpenError } from '../errors.ts';

export const DEFAULT_DB = './storyline.db';

export function resolveDbOption(option?: string): string {
  return option ?? process.env.STORYLINE_DB ?? DEFAULT_DB;
}

export async function openStore(option?: string): Promise<Store> {
  const location = resolveDbOption(option);
  try {
    if (isPostgresUrl(location)) {
      const { PostgresStore } = await import('./postgres/store.ts');
      return await PostgresStore.open(location);
    }
    return await SqliteStore.open(location);
  } catch (err) {
    throw new ArchiveOpenError(`cannot open the archive ${shownLocation(location)}: ${(err as Error).message}`, { cause: err });
  }
}
