/**
 * Recently built responses of the feature API, by full request URL. Many maps and GIS
 * clients ask for the same pages; between two changes of the data the answer is the same
 * bytes, so it is built once. Any change committed by this server empties the cache (the
 * change feed), and so does a commit the feed did not announce (on SQLite, an import from the
 * command line), seen through the store's change stamp.
 *
 * With `admitOnSecondAsk`, an answer is kept only when its key is asked for the second time: the
 * first ask leaves just the key. A map panning over a city asks for boxes it will never ask again;
 * each kept page (~380 KB) then outlived the young generation and went only with a full
 * collection — on a run of 200 different cold pages, ~0.5 ms of the request thread's ~2 ms a page
 * went to that churn. A page asked again (a GIS client paging, a map coming back) is kept then.
 */
import type { Store } from '../db/store.ts';
import { ByteLru } from './byte-lru.ts';

export interface CachedResponse {
  /** Encoded once: a hit then costs no UTF-8 encoding of a large page. */
  body: Uint8Array<ArrayBuffer>;
  etag: string;
}

/** Keys remembered as asked once: ~2 MB of URLs at most. */
const SEEN_KEYS = 10_000;

export class ResponseCache {
  private readonly entries: ByteLru<CachedResponse>;
  private dataVersion: string | null = null;
  /** Keys asked for once and not kept (admitOnSecondAsk); forgotten all at once past SEEN_KEYS. */
  private readonly seen: Set<string> | null;
  /** Times emptied; and per key missed, the count at the miss: an answer built across a change is not kept (it may be from before it). */
  private cleared = 0;
  private readonly missed = new Map<string, number>();

  constructor(
    private store: Store,
    /** Bytes of bodies kept (config.caches: OPSMAP_CACHE_MB); a page of 1,000 incidents is ~380 KB. One body is at most a quarter of it. */
    maxBytes = 36 * 1024 * 1024,
    { admitOnSecondAsk = false }: { admitOnSecondAsk?: boolean } = {},
  ) {
    this.seen = admitOnSecondAsk ? new Set() : null;
    this.entries = new ByteLru<CachedResponse>(maxBytes, (v) => v.body.byteLength, maxBytes / 4);
    store.changes.subscribe(() => this.clear());
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    const v = await this.store.changes.stamp();
    if (v !== this.dataVersion) {
      this.dataVersion = v;
      this.clear();
    }
    const hit = this.entries.get(key);
    if (!hit) {
      if (this.missed.size >= SEEN_KEYS) this.missed.clear();
      this.missed.set(key, this.cleared);
    }
    return hit;
  }

  set(key: string, value: CachedResponse): void {
    const at = this.missed.get(key);
    if (at !== undefined && at !== this.cleared) return;
    if (this.seen && !this.seen.delete(key)) {
      if (this.seen.size >= SEEN_KEYS) this.seen.clear();
      this.seen.add(key);
      return;
    }
    this.entries.set(key, value);
  }

  clear(): void {
    this.cleared++;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
