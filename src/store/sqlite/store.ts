/**
 * The embedded default store: better-sqlite3 12 in WAL mode (one writer, many readers), FTS5 for full
 * text. better-sqlite3 is synchronous; the async Store interface wraps it so callers never know.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import Database from 'better-sqlite3';
import type { Store } from '../store.ts';
import { orderMigrations, type Migration } from '../migrations.ts';
import { SqliteArticles, articleChecks, articleMigrations } from './articles.ts';
import { SqliteTerms, termChecks, termMigrations } from './terms.ts';
import { SqliteSubscriptions, subscriptionMigrations } from './subscriptions.ts';
import { SqliteSearch, searchMigrations } from './search.ts';
import { SqliteEntities, entityChecks, entityMigrations } from './entities.ts';
import { SqliteStories, storyMigrations } from './stories.ts';
import { SqliteRelated, relatedChecks, relatedMigrations } from './related.ts';
import { SqliteTokens, tokenMigrations } from './tokens.ts';
import { CachedRelated, CachedTerms, WorkingSet } from '../working-set.ts';
import { BackgroundCheckpointer } from './checkpointer.ts';

export type Db = Database.Database;

/** Every schema migration of the SQLite store, from every repository. */
const MIGRATIONS = orderMigrations([articleMigrations, termMigrations, entityMigrations, storyMigrations, relatedMigrations, subscriptionMigrations, searchMigrations, tokenMigrations]);

/**
 * How long opening an archive waits for another process that holds the write lock while it migrates (a
 * rebuilt table of a large archive takes seconds), instead of the usual busy timeout.
 */
const MIGRATION_BUSY_MS = 60_000;

/**
 * Applies the migrations the archive lacks, each in its own immediate transaction. Several processes may
 * open an archive that needs a migration at the same moment (`serve` and a scheduled `ingest` after an
 * upgrade): each migration is checked again under the write lock, so the processes that waited find it
 * done instead of running it twice. An archive that is up to date is never write-locked.
 */
export function applyMigrations(db: Db, migrations: readonly Migration[] = MIGRATIONS): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set((db.prepare('SELECT id FROM schema_migrations').all() as { id: string }[]).map((r) => r.id));
  const missing = migrations.filter((m) => !applied.has(m.id));
  if (!missing.length) return;
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE id = ?').pluck();
  const record = db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)');
  const busy = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma(`busy_timeout = ${MIGRATION_BUSY_MS}`);
  try {
    for (const m of missing) {
      try {
        db.transaction(() => {
          if (isApplied.get(m.id)) return;
          db.exec(m.sql);
          record.run(m.id, new Date().toISOString());
        }).immediate();
      } catch (err) {
        throw new Error(`migration ${m.id} failed: ${(err as Error).message}`, { cause: err });
      }
    }
  } finally {
    db.pragma(`busy_timeout = ${busy}`);
  }
}

/** Queries that count rows breaking an invariant; each repository's derived tables must follow its articles. */
const CONSISTENCY_CHECKS: { name: string; sql: string }[] = [
  ...articleChecks,
  ...termChecks,
  ...entityChecks,
  ...relatedChecks,
];

export class SqliteStore implements Store {
  readonly groupCommit = 64;
  readonly kind = 'sqlite' as const;
  readonly articles: SqliteArticles;
  readonly terms: CachedTerms;
  readonly subscriptions: SqliteSubscriptions;
  readonly search: SqliteSearch;
  readonly entities: SqliteEntities;
  readonly stories: SqliteStories;
  readonly related: CachedRelated;
  readonly tokens: SqliteTokens;
  /** Serialises transactions: better-sqlite3 has one connection, so interleaved async ones would mix. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Set inside a transaction's async context, so a nested transaction() joins it instead of deadlocking. */
  private readonly txContext = new AsyncLocalStorage<true>();
  private savepoints = 0;
  /** Candidate lists, rails, profiles and document frequencies in memory (see WorkingSet), valid while data_version stands still. */
  private readonly workingSet = new WorkingSet();
  private dataVersion = -1;
  private readonly dataVersionStmt;
  /** Copies committed pages from the log into the file on a second thread (see checkpointer.ts); none when read-only. */
  readonly checkpointer: BackgroundCheckpointer | undefined;

  private constructor(
    readonly db: Db,
    readonly location: string,
  ) {
    this.checkpointer = db.readonly || db.memory ? undefined : new BackgroundCheckpointer(db, location);
    this.articles = new SqliteArticles(db);
    this.subscriptions = new SqliteSubscriptions(db);
    this.search = new SqliteSearch(db);
    this.entities = new SqliteEntities(db);
    this.stories = new SqliteStories(db);
    this.dataVersionStmt = db.prepare('PRAGMA data_version').pluck();
    const usable = () => this.workingSetValid();
    this.terms = new CachedTerms(new SqliteTerms(db), this.workingSet, usable);
    this.related = new CachedRelated(new SqliteRelated(db), this.workingSet, usable);
    this.tokens = new SqliteTokens(db);
  }

  static async open(path: string, options: { readonly?: boolean } = {}): Promise<SqliteStore> {
    const db = new Database(path, { readonly: options.readonly ?? false });
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    // SQLite's own page cache defaults to 2 MB, a sliver of a large archive's indexes: allow 128 MB (taken
    // only as pages are read) and read through a 1 GB memory map. Measured with `npm run bench -- related`
    // at 100k articles: rail computation p99 125 -> 88 ms, p50 46 -> 45 ms.
    db.pragma('cache_size = -131072');
    db.pragma('mmap_size = 1073741824');
    db.pragma('foreign_keys = ON');
    // Repositories prepare their statements when constructed, so the schema must exist first.
    if (!options.readonly) applyMigrations(db);
    return new SqliteStore(db, path);
  }

  async migrate(): Promise<void> {
    applyMigrations(this.db);
  }

  /**
   * Whether the working set still mirrors the file: `PRAGMA data_version` changes when another connection
   * (another process) commits, never for this connection's own writes. When it has moved, the set is
   * cleared and refills from the file. Inside a write transaction no one else can commit, so the version
   * is read once when it begins (transaction()), not on every repository call.
   */
  private workingSetValid(): boolean {
    if (!this.db.inTransaction) this.checkDataVersion();
    return true;
  }

  private checkDataVersion(): void {
    const version = this.dataVersionStmt.get() as number;
    if (version !== this.dataVersion) {
      this.workingSet.clear();
      this.dataVersion = version;
    }
  }

  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    if (this.txContext.getStore()) return this.savepoint(fn);
    const run = (): Promise<T> =>
      this.txContext.run(true, async () => {
        this.db.exec('BEGIN IMMEDIATE');
        try {
          this.checkDataVersion();
          const result = await fn(this);
          this.db.exec('COMMIT');
          this.checkpointer?.afterCommit();
          return result;
        } catch (err) {
          // The working set took the transaction's writes: it is cleared with them.
          this.workingSet.clear();
          if (this.db.inTransaction) this.db.exec('ROLLBACK');
          throw err;
        }
      });
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** SQLite has one writer at a time (BEGIN IMMEDIATE): every transaction is already serialised. */
  async lockKeys(): Promise<void> {}

  async lockAnalysis(): Promise<void> {}

  /** A nested transaction: a savepoint that rolls back alone when fn fails. */
  private async savepoint<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    const name = `sp${++this.savepoints}`;
    this.db.exec(`SAVEPOINT ${name}`);
    try {
      const result = await fn(this);
      this.db.exec(`RELEASE ${name}`);
      return result;
    } catch (err) {
      this.workingSet.clear();
      this.db.exec(`ROLLBACK TO ${name}`);
      this.db.exec(`RELEASE ${name}`);
      throw err;
    } finally {
      this.savepoints--;
    }
  }

  async check(): Promise<string[]> {
    const problems: string[] = [];
    const integrity = this.db.pragma('integrity_check') as { integrity_check: string }[];
    if (integrity[0]?.integrity_check !== 'ok') problems.push(`integrity_check: ${integrity.map((r) => r.integrity_check).join('; ')}`);
    for (const { name, sql } of CONSISTENCY_CHECKS) {
      const n = (this.db.prepare(sql).get() as { n: number }).n;
      if (n > 0) problems.push(`${name}: ${n}`);
    }
    return problems;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.checkpointer?.stop();
    this.db.close();
  }
}
