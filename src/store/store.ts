/**
 * The store interface: all state lives behind it, every method is asynchronous, so the embedded SQLite
 * store and the PostgreSQL store are interchangeable. It is split into repositories, one per capability
 * (articles, entities, related rails, stories, ...), each declared in its own file beside this one.
 */
import type { ArticleRepository } from './articles.ts';
import type { TermRepository } from './terms.ts';
import type { SubscriptionRepository } from './subscriptions.ts';
import type { SearchRepository } from './search.ts';
import type { EntityRepository } from './entities.ts';
import type { StoryRepository } from './stories.ts';
import type { RelatedRepository } from './related.ts';
import type { TokenRepository } from './tokens.ts';

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Where the data lives, for messages (a file path or a URL without password). */
  readonly location: string;
  readonly articles: ArticleRepository;
  readonly terms: TermRepository;
  readonly subscriptions: SubscriptionRepository;
  readonly search: SearchRepository;
  /**
   * How many articles the pipeline may commit in one transaction (each in its own savepoint), sharing
   * the commit and, on PostgreSQL, the analysis lock and the related working set's validation among
   * them. Every writing transaction takes the analysis lock before any key lock, so concurrent writers
   * cannot deadlock however many articles a transaction holds.
   */
  readonly groupCommit: number;
  readonly entities: EntityRepository;
  readonly stories: StoryRepository;
  readonly related: RelatedRepository;
  /** API tokens (hashed) for writes and private reads. */
  readonly tokens: TokenRepository;
  /** Applies every migration not applied yet. Idempotent; open() calls it. */
  migrate(): Promise<void>;
  /**
   * Runs fn in one transaction: everything written through the Store passed to fn is committed together
   * or not at all. Transactions of one process are serialised. Called inside another transaction, it is
   * a nested one (a savepoint): its failure undoes only its own writes.
   */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  /**
   * Inside a transaction: holds locks on the given keys until it ends, so that writers in other
   * processes touching any of the same keys serialise (PostgreSQL; SQLite has one writer anyway).
   * Taken only after lockAnalysis (see groupCommit).
   */
  lockKeys(keys: readonly string[]): Promise<void>;
  /**
   * Inside a transaction: serialises the analysis stages that read and update shared state (stories).
   * Every writing transaction takes it first, before any key lock, so writers cannot deadlock.
   */
  lockAnalysis(): Promise<void>;
  /**
   * Checks the archive's consistency (storage integrity, every index and derived table in step with the
   * articles) and returns the problems found; empty when all is well.
   */
  check(): Promise<string[]>;
  close(): Promise<void>;
}
