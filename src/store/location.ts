/** How an archive's location is shown in messages. */

/** A PostgreSQL URL without its password; a file path as it is. */
export function shownLocation(location: string): string {
  if (!/^postgres(ql)?:\/\//i.test(location)) return location;
  try {
    const u = new URL(location);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres';
  }
}
