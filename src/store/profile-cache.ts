/**
 * Parsed related profiles kept in memory, shared by both backends. Reranking reads the profiles of some
 * 60-80 candidates per new article, and parsing a 200-term profile costs about 50 µs, the largest share
 * of the read; in a stream the same recent articles are candidates again and again.
 *
 * Every stored profile carries a random `stamp`, rewritten with each putProfile. A read first fetches the
 * stamps (no JSON), serves the profiles whose cached stamp matches, and fetches and parses the rest. So a
 * profile rewritten by another process, or a write rolled back with its transaction, is never served
 * stale: its stamp no longer matches. No library does this (an LRU alone cannot know a row changed).
 */
import { randomInt } from 'node:crypto';
import type { RelatedProfile } from './related.ts';

/** A new stamp for a profile write (48 random bits: a repeat on one article is never expected). */
export function newStamp(): number {
  return randomInt(1, 2 ** 47);
}

export class ProfileCache {
  /** Insertion order is recency order: a hit moves the entry to the end. */
  private readonly entries = new Map<string, { stamp: number; profile: RelatedProfile }>();

  /** About 10 kB per profile: the default bounds the cache near 80 MB. */
  constructor(private readonly capacity = 8000) {}

  /**
   * The profiles of the given articles: `stamps` are what the store holds now; `fetch` reads and parses
   * the rows whose cached copy is missing or stale. The returned profiles are shared: never mutate them.
   */
  async read(
    stamps: ReadonlyMap<string, number>,
    fetch: (ids: string[]) => Promise<Map<string, { stamp: number; profile: RelatedProfile }>>,
  ): Promise<Map<string, RelatedProfile>> {
    const out = new Map<string, RelatedProfile>();
    const missing: string[] = [];
    for (const [id, stamp] of stamps) {
      const hit = this.entries.get(id);
      if (hit && hit.stamp === stamp) {
        this.entries.delete(id);
        this.entries.set(id, hit);
        out.set(id, hit.profile);
      } else missing.push(id);
    }
    if (!missing.length) return out;
    for (const [id, entry] of await fetch(missing)) {
      out.set(id, entry.profile);
      this.entries.delete(id);
      this.entries.set(id, entry);
    }
    this.evict();
    return out;
  }

  /**
   * Keeps a profile this process has just written with that stamp: the next read serves it without
   * parsing it back. Safe even if the write is rolled back: the stored stamp then differs.
   */
  remember(articleId: string, stamp: number, profile: RelatedProfile): void {
    this.entries.delete(articleId);
    this.entries.set(articleId, { stamp, profile });
    this.evict();
  }

  private evict(): void {
    for (const id of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(id);
    }
  }

  /** Forgets an article's profile (it was deleted). */
  forget(articleId: string): void {
    this.entries.delete(articleId);
  }
}
