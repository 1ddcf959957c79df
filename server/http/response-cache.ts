/**
 * Recently built responses of the feature API, by full request URL. Many maps and GIS
 * clients ask for the same pages; between two changes of the data the answer is the same
 * bytes, so it is built once. Any change committed by this server empties the cache (the
 * change feed), and so does a commit the feed did not announce (on SQLite, an import from the
 * command line), seen through the store's change stamp.
 */
import type { Store } from '../db/store.ts';
import { ByteLru } from './byte-lru.ts';

export interface CachedResponse {
  /** Encoded once: a hit then costs no UTF-8 encoding of a large page. */
  body: Uint8Array<ArrayBuffer>;
  etag: string;
}

export class ResponseCache {
  private readonly entries: ByteLru<CachedResponse>;
  private dataVersion: string | null = null;

  constructor(
    private store: Store,
    /** Bytes of bodies kept (config.caches: OPSMAP_CACHE_MB); a page of 1,000 incidents is ~380 KB. One body is at most a quarter of it. */
    maxBytes = 36 * 1024 * 1024,
  ) {
    this.entries = new ByteLru<CachedResponse>(maxBytes, (v) => v.body.byteLength, maxBytes / 4);
    store.changes.subscribe(() => this.clear());
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    const v = await this.store.changes.stamp();
    if (v !== this.dataVersion) {
      this.dataVersion = v;
      this.clear();
      return undefined;
    }
    return this.entries.get(key);
  }

  set(key: string, value: CachedResponse): void {
    this.entries.set(key, value);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
