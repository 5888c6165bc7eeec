/**
 * The PostgreSQL store, for many processes on many machines sharing one archive. Same Store interface
 * as SQLite: repositories per capability, versioned migrations in PostgreSQL's dialect, one transaction
 * per article (a pooled connection held for its duration), advisory locks where writers must serialise.
 *
 * Every table is keyed by article id (or by a value looked up together with it), so that a distributed
 * PostgreSQL such as Citus could shard the archive by article id; see docs/postgres.md.
 */
import pg from 'pg';
import type { Store } from '../store.ts';
import { orderMigrations } from '../migrations.ts';
import { PgArticles, pgArticleChecks, pgArticleMigrations } from './articles.ts';
import { PgTerms, pgTermChecks, pgTermMigrations } from './terms.ts';
import { PgSubscriptions, pgSubscriptionMigrations } from './subscriptions.ts';
import { PgSearch, pgSearchMigrations } from './search.ts';
import { PgStories, pgStoryMigrations } from './stories.ts';
import { PgRelated, pgRelatedChecks, pgRelatedMigrations } from './related.ts';
import { PgEntities, pgEntityChecks, pgEntityMigrations } from './entities.ts';
import { PgTokens, pgTokenMigrations } from './tokens.ts';
import { CachedRelated, CachedTerms, WorkingSet } from '../working-set.ts';
import { shownLocation } from '../location.ts';

/** Anything that runs a query: the pool, or the client that holds a transaction. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

const MIGRATIONS = orderMigrations([pgArticleMigrations, pgTermMigrations, pgEntityMigrations, pgStoryMigrations, pgRelatedMigrations, pgSubscriptionMigrations, pgSearchMigrations, pgTokenMigrations]);

/**
 * Advisory-lock keys. PostgreSQL's advisory locks belong to the database, not to a schema, so each key
 * pairs a fixed number with a hash of the archive's schema: archives kept in different schemas of one
 * database (search_path) never wait for each other. keySpace is the first key of the article locks,
 * whose second key hashes the schema and the article's key together.
 */
const LOCK = { migrate: 7_310_001, analysis: 7_310_002, keySpace: 7_310 } as const;
const SCHEMA = `coalesce(current_schema(), '')`;
const SCHEMA_HASH = `hashtext(${SCHEMA})`;

export class PostgresStore implements Store {
  /**
   * Articles per transaction. With one article a transaction, each process ingesting beside others
   * found its related working set stale at every article (another process had analysed since) and
   * handed the analysis lock over at every article: 1, 2 and 4 processes stored 21, 18 and 15
   * articles/s of stories-dev; with 16, 25, 22 and 19 (`npm run bench -- ingest --db postgres://...`).
   * The lock is held longer, so a reader sees new articles in groups of up to 16.
   */
  readonly groupCommit = 16;
  readonly kind = 'postgres' as const;
  readonly articles: PgArticles;
  readonly terms: CachedTerms;
  readonly subscriptions: PgSubscriptions;
  readonly search: PgSearch;
  readonly stories: PgStories;
  readonly related: CachedRelated;
  readonly entities: PgEntities;
  readonly tokens: PgTokens;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly db: Queryable,
    readonly location: string,
    private readonly depth: number,
    /** Related lists, rails, profiles and document frequencies in memory, shared by the store and every transaction's repositories. */
    private readonly workingSet: WorkingSet,
    /** Of the transaction this store runs (shared by its savepoints): whether it has validated the working set. */
    private readonly txState: { validated: boolean } = { validated: false },
  ) {
    this.articles = new PgArticles(db);
    const usable = () => txState.validated;
    this.terms = new CachedTerms(new PgTerms(db), workingSet, usable);
    this.subscriptions = new PgSubscriptions(db);
    this.search = new PgSearch(db);
    this.stories = new PgStories(db);
    this.related = new CachedRelated(new PgRelated(db), workingSet, usable);
    this.entities = new PgEntities(db);
    this.tokens = new PgTokens(db);
  }

  /** Connects with a libpq-style URL (postgres://user@host:port/db?options=-c%20search_path%3Dname). */
  static async open(url: string, options: { poolSize?: number } = {}): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 8 });
    pool.on('error', () => undefined); // an idle client's error surfaces on its next use instead
    const store = new PostgresStore(pool, pool, shownLocation(url), 0, new WorkingSet());
    try {
      await store.migrate();
    } catch (err) {
      await pool.end();
      throw err;
    }
    return store;
  }

  async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      // One process migrates at a time; the others wait and then find nothing to do.
      await client.query(`SELECT pg_advisory_lock($1, ${SCHEMA_HASH})`, [LOCK.migrate]);
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
      const applied = new Set((await client.query<{ id: string }>('SELECT id FROM schema_migrations')).rows.map((r) => r.id));
      for (const m of MIGRATIONS) {
        if (applied.has(m.id)) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (id) VALUES ($1)', [m.id]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw new Error(`migration ${m.id} failed: ${(err as Error).message}`);
        }
      }
    } finally {
      await client.query(`SELECT pg_advisory_unlock($1, ${SCHEMA_HASH})`, [LOCK.migrate]).catch(() => undefined);
      client.release();
    }
  }

  async transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    if (this.depth > 0) {
      const name = `sp${this.depth}`;
      await this.db.query(`SAVEPOINT ${name}`);
      try {
        const result = await fn(new PostgresStore(this.pool, this.db, this.location, this.depth + 1, this.workingSet, this.txState));
        await this.db.query(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (err) {
        // The working set took the savepoint's writes: it is cleared with them.
        this.workingSet.clear();
        await this.db.query(`ROLLBACK TO SAVEPOINT ${name}`);
        throw err;
      }
    }
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await fn(new PostgresStore(this.pool, client, this.location, 1, this.workingSet));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      // Cleared before the rollback frees the analysis lock, so no other transaction of this process
      // validates a set that holds writes about to be undone.
      this.workingSet.clear();
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw err;
    } finally {
      client.release(broken);
    }
  }

  async lockKeys(keys: readonly string[]): Promise<void> {
    await this.db.query(`SELECT storyline_lock_keys($1, array(SELECT ${SCHEMA} || ':' || k FROM unnest($2::text[]) AS k))`, [LOCK.keySpace, keys]);
  }

  /**
   * Also validates the related working set: every analysis transaction bumps a generation counter under
   * the lock, so the set is current exactly when the counter stands one above the value this process
   * last committed (no other process has analysed since). Otherwise the set is cleared.
   */
  async lockAnalysis(): Promise<void> {
    await this.db.query(`SELECT pg_advisory_xact_lock($1, ${SCHEMA_HASH})`, [LOCK.analysis]);
    if (this.txState.validated) return;
    const { rows } = await this.db.query<{ n: string }>('UPDATE analysis_generation SET n = n + 1 RETURNING n');
    // BIGINT arrives as a string; the counter stays far below 2^53.
    const n = Number(rows[0]!.n);
    const set = this.workingSet;
    if (set.generation !== n - 1) set.clear();
    set.generation = n;
    this.txState.validated = true;
  }

  async check(): Promise<string[]> {
    const problems: string[] = [];
    for (const { name, sql } of [...pgArticleChecks, ...pgTermChecks, ...pgEntityChecks, ...pgRelatedChecks]) {
      const { rows } = await this.db.query<{ n: number }>(sql);
      if (rows[0]!.n > 0) problems.push(`${name}: ${rows[0]!.n}`);
    }
    return problems;
  }

  async close(): Promise<void> {
    if (this.depth === 0) await this.pool.end();
  }
}
