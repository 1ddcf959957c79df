/**
 * Recently built responses of the feature API, by full request URL. Many maps and GIS
 * clients ask for the same pages; between two changes of the data the answer is the same
 * bytes, so it is built once. Any change committed by this server empties the cache (the
 * change feed), and so does a commit the feed did not announce (on SQLite, an import from the
 * command line), seen through the store's change stamp.
 */
import type { Store } from '../db/store.ts';

export interface CachedResponse {
  /** Encoded once: a hit then costs no UTF-8 encoding of a large page. */
  body: Uint8Array<ArrayBuffer>;
  etag: string;
}

export class ResponseCache {
  private entries = new Map<string, CachedResponse>();
  private bytes = 0;
  private dataVersion: string | null = null;

  constructor(
    private store: Store,
    /** Bytes of bodies kept (config.caches: OPSMAP_CACHE_MB); a page of 1,000 incidents is ~380 KB. */
    private maxBytes = 36 * 1024 * 1024,
  ) {
    store.changes.subscribe(() => this.clear());
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    const v = await this.store.changes.stamp();
    if (v !== this.dataVersion) {
      this.dataVersion = v;
      this.clear();
      return undefined;
    }
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key); // most recently used goes last
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, value: CachedResponse): void {
    if (value.body.byteLength > this.maxBytes / 4) return;
    this.entries.set(key, value);
    this.bytes += value.body.byteLength;
    for (const [k, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= old.body.byteLength;
    }
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  get size(): number {
    return this.entries.size;
  }
}
