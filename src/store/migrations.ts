/** Versioned schema migrations. Each repository module lists its own; the store applies the missing ones. */
export interface Migration {
  /** Unique and ordered: "<NNN>-<what>", e.g. "001-articles". Applied in id order, each exactly once. */
  id: string;
  sql: string;
}

/** Sorts migrations by id and fails loudly on a repeated id (two modules claiming one version). */
export function orderMigrations(lists: readonly (readonly Migration[])[]): Migration[] {
  const all = lists.flat().sort((a, b) => a.id.localeCompare(b.id));
  for (let i = 1; i < all.length; i++) {
    if (all[i]!.id === all[i - 1]!.id) throw new Error(`migration ${all[i]!.id} is defined twice`);
  }
  return all;
}
