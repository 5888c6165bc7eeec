/** What an archive's location (--db, STORYLINE_DB) names, and how it is shown in messages. */

/** A PostgreSQL URL (postgres:// or postgresql://); anything else is an SQLite file path. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** A PostgreSQL URL without its password; a file path as it is. */
export function shownLocation(location: string): string {
  if (!isPostgresUrl(location)) return location;
  try {
    const u = new URL(location);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres';
  }
}
