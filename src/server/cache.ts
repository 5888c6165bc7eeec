/** A small LRU of rendered pages with a time limit: keyed by the caller (id + version), bounded in size. */
export interface CachedPage {
  /** The page, encoded once (sending a Buffer skips re-encoding the string on every hit). */
  body: Buffer;
  etag: string;
}

export class PageCache {
  private readonly map = new Map<string, { value: CachedPage; version: string; at: number }>();

  constructor(
    readonly maxEntries = 2000,
    /** Pages also show rails and stories that change without the article changing: bound their age. */
    readonly ttlMs = 30_000,
  ) {}

  get(key: string, version: string, now = Date.now()): CachedPage | undefined {
    const entry = this.map.get(key);
    if (!entry) return undefined;
    if (entry.version !== version || now - entry.at > this.ttlMs) {
      this.map.delete(key);
      return undefined;
    }
    // Refresh its place in the LRU order.
    this.map.delete(key);
    this.map.set(key, entry);
    return entry.value;
  }

  set(key: string, version: string, value: CachedPage, now = Date.now()): void {
    this.map.delete(key);
    this.map.set(key, { value, version, at: now });
    while (this.map.size > this.maxEntries) this.map.delete(this.map.keys().next().value!);
  }

  delete(key: string): void {
    this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }

  get size(): number {
    return this.map.size;
  }
}
