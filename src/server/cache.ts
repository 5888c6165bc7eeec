/** A small LRU of rendered pages with a time limit (lru-cache): keyed by the caller, checked against the article's version. */
import { LRUCache } from 'lru-cache';

export interface CachedPage {
  /** The page, encoded once (sending a Buffer skips re-encoding the string on every hit). */
  body: Buffer;
  etag: string;
}

export class PageCache {
  private readonly pages: LRUCache<string, { value: CachedPage; version: string }>;

  constructor(
    maxEntries = 2000,
    /** Pages also show rails and stories that change without the article changing: bound their age. */
    ttlMs = 30_000,
  ) {
    this.pages = new LRUCache({ max: maxEntries, ttl: ttlMs });
  }

  /** The page stored under key for this version of its article (a page of an older version is dropped). */
  get(key: string, version: string): CachedPage | undefined {
    const entry = this.pages.get(key);
    if (!entry) return undefined;
    if (entry.version !== version) {
      this.pages.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, version: string, value: CachedPage): void {
    this.pages.set(key, { value, version });
  }

  delete(key: string): void {
    this.pages.delete(key);
  }

  clear(): void {
    this.pages.clear();
  }
}
