/**
 * Recently built responses of the feature API, by full request URL. Many maps and GIS
 * clients ask for the same pages; between two changes of the data the answer is the same
 * bytes, so it is built once. Any change committed by this server empties the cache (the
 * change bus), and so does a commit by another process on the same database file (an import
 * from the command line, a second server), seen through SQLite's `PRAGMA data_version`.
 */
import type { Db } from '../db/open.ts';

export interface CachedResponse {
  /** Encoded once: a hit then costs no UTF-8 encoding of a large page. */
  body: Uint8Array<ArrayBuffer>;
  etag: string;
}

export class ResponseCache {
  private entries = new Map<string, CachedResponse>();
  private bytes = 0;
  private dataVersion: number;

  constructor(
    private db: Db,
    private maxBytes = 64 * 1024 * 1024, // enough for ~180 pages of 1,000 incidents
  ) {
    this.dataVersion = this.readDataVersion();
    db.bus.subscribe(() => this.clear());
  }

  get(key: string): CachedResponse | undefined {
    const v = this.readDataVersion();
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

  private readDataVersion(): number {
    return this.db.sqlite.pragma('data_version', { simple: true }) as number;
  }
}
