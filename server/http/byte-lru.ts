/**
 * Answers kept by key within a budget of bytes, the least recently used dropped first: the one
 * eviction every answer cache of the server uses (operational tiles, reference tiles, feature pages
 * and analyses), each with its share of OPSMAP_CACHE_MB (config.caches), so the total stays within
 * it. A Map keeps insertion order, so re-inserting an entry on use makes its first key the least
 * recently used.
 */
export class ByteLru<V> {
  private readonly entries = new Map<string, V>();
  private total = 0;

  constructor(
    /** Bytes kept at most, all entries together. */
    private readonly maxBytes: number,
    /** An entry's size in bytes. */
    private readonly sizeOf: (v: V) => number,
    /** A larger entry is not kept (it would push out many smaller ones for one answer). */
    private readonly maxEntryBytes = maxBytes,
  ) {}

  /** The entry, now the most recently used; undefined when not kept. */
  get(key: string): V | undefined {
    const v = this.entries.get(key);
    if (v !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, v);
    }
    return v;
  }

  /** Keeps the entry as the most recently used (replacing one of the same key), then drops the least recently used past the budget. */
  set(key: string, value: V): void {
    this.delete(key);
    const size = this.sizeOf(value);
    if (size > this.maxEntryBytes || size > this.maxBytes) return;
    this.entries.set(key, value);
    this.total += size;
    for (const [k, old] of this.entries) {
      if (this.total <= this.maxBytes) break;
      this.entries.delete(k);
      this.total -= this.sizeOf(old);
    }
  }

  delete(key: string): void {
    const old = this.entries.get(key);
    if (old === undefined) return;
    this.entries.delete(key);
    this.total -= this.sizeOf(old);
  }

  /** Drops every entry whose key starts with `prefix` (e.g. a changed layer's tiles). */
  deletePrefix(prefix: string): void {
    for (const k of [...this.entries.keys()]) if (k.startsWith(prefix)) this.delete(k);
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Bytes kept now. */
  get bytes(): number {
    return this.total;
  }
}
