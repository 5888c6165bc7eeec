/** Reading impact-ordered postings (see ../postings.ts) from an SQLite table of (term, weight, id). */
import type { Db } from './store.ts';

/**
 * A reader of one term's heaviest `perTerm` postings as [id, weight] pairs. The rows are gathered into
 * one JSON text inside SQLite: a query reads up to 20 x 200 postings, and a row handed to JavaScript
 * costs more than its share of a JSON text.
 */
export function postingsReader(db: Db, table: string, idColumn: string): (term: string, perTerm: number) => [string, number][] {
  const stmt = db
    .prepare(`SELECT json_group_array(json_array(${idColumn}, weight)) FROM (SELECT ${idColumn}, weight FROM ${table} WHERE term = ? ORDER BY weight DESC LIMIT ?)`)
    .pluck();
  return (term, perTerm) => JSON.parse(stmt.get(term, perTerm) as string) as [string, number][];
}
