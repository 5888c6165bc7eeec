/** Opens the store a --db option or STORYLINE_DB names: a file path (SQLite, the default) or a URL. */
import type { Store } from './store.ts';
import { SqliteStore } from './sqlite/store.ts';

export const DEFAULT_DB = './storyline.db';

export function resolveDbOption(option?: string): string {
  return option ?? process.env.STORYLINE_DB ?? DEFAULT_DB;
}

export async function openStore(option?: string): Promise<Store> {
  const location = resolveDbOption(option);
  if (/^postgres(ql)?:\/\//i.test(location)) {
    const { PostgresStore } = await import('./postgres/store.ts');
    return PostgresStore.open(location);
  }
  return SqliteStore.open(location);
}
