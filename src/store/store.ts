/**
 * The store interface: all state lives behind it, every method is asynchronous, so the embedded SQLite
 * store and the PostgreSQL store are interchangeable. It is split into repositories, one per capability
 * (articles, entities, related rails, stories, ...), each declared in its own file beside this one.
 */
import type { ArticleRepository } from './articles.ts';
import type { TermRepository } from './terms.ts';
import type { RelatedRepository } from './related.ts';

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Where the data lives, for messages (a file path or a URL without password). */
  readonly location: string;
  readonly articles: ArticleRepository;
  readonly terms: TermRepository;
  readonly related: RelatedRepository;
  /** Applies every migration not applied yet. Idempotent; open() calls it. */
  migrate(): Promise<void>;
  /**
   * Runs fn in one transaction: everything written through the Store passed to fn is committed together
   * or not at all. Transactions of one process are serialised.
   */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
