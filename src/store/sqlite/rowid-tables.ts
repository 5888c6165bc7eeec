/**
 * Rebuilding a WITHOUT ROWID table as an ordinary (rowid) table, keeping its rows.
 *
 * SQLite advises WITHOUT ROWID only for small rows (under about a twentieth of a page): such a table is
 * an index b-tree, whose cells keep at most about a quarter of a page in place, so a row of a few KB
 * (an article's term counts, a related-content profile, a story member's vectors) is mostly written
 * to and read from overflow pages. Each arrival writes one such row per table and reads dozens of
 * profiles, so at 100k articles the layout shows in every rail (`npm run bench -- related`).
 */

/**
 * SQL for one migration: `table` recreated from `definition` (its column list, as in CREATE TABLE), its
 * rows copied by `columns`, and `after` (its indexes and triggers, which DROP TABLE takes with it) run
 * again. Dropping the old table fires no trigger, and copying into the new one fires none either.
 */
export function rebuildAsRowidTable(table: string, definition: string, columns: string, after = ''): string {
  return `
    CREATE TABLE ${table}_rebuilt (${definition});
    INSERT INTO ${table}_rebuilt (${columns}) SELECT ${columns} FROM ${table};
    DROP TABLE ${table};
    ALTER TABLE ${table}_rebuilt RENAME TO ${table};
    ${after}
  `;
}
