/**
 * Runs an import where it does not hold the server: on the import thread (./import-thread.ts),
 * which opens its own database connection. Only streamed GeoJSON/CSV smaller than THREAD_BYTES
 * run here (~10,000 incidents at most: less than a message round trip's worth of work to send
 * away). Files read whole — KML, zipped Shapefile, OSM, facilities from a file of places,
 * `replace` — always go to the thread, whatever their size: parsing them (KML ~1 ms a placemark
 * into a DOM, a Shapefile unzipped) is what must not hold the requests. The changes the thread
 * committed come back with its report and are announced here, so the server's live maps, tile
 * caches and (after a ward import) its ward index follow.
 *
 * One thread serves every import of this process and stays up IDLE_MS after the last one (it
 * costs ~1 s to start with its TypeScript loader); then it ends, and the memory a large import
 * left in its heap goes with it.
 */
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { LayerId } from '../../core/layers.ts';
import type { Change, Store } from '../db/store.ts';
import { fromThreadError } from './thread-errors.ts';
import { detectFormat } from './format.ts';
import { importFile, streams, type ImportOptions, type ImportReport } from './import.ts';
import type { ImportThreadJob, ImportThreadMessage, ImportThreadRequest } from './import-thread.ts';
import { loadWorkSettings } from '../workers/pool.ts';
import { isPostgresUrl } from '../db/location.ts';

export interface Where {
  /** The database the server uses: a SQLite file or a postgres:// URL. */
  location: string;
  borderDistanceM: number;
}

/** From this size on, a streamed import goes to the thread too (~10,000 incidents as CSV). */
export const THREAD_BYTES = 1024 * 1024;
/** The thread ends this long after its last import. */
export const IDLE_MS = 15_000;

/** Whether this import goes to the import thread. */
export function onThread(layer: LayerId, size: number, opts: Pick<ImportOptions, 'format' | 'filename' | 'replace'>): boolean {
  return size >= THREAD_BYTES || !streams(layer, detectFormat(opts), opts.replace);
}

/**
 * One import at a time per SQLite file: SQLite has one writer, and a second import would wait
 * only its busy timeout (5 s) for the first one's minute-long transaction, then fail. The next
 * import waits its turn here instead. PostgreSQL takes imports side by side.
 */
const lanes = new Map<string, Promise<unknown>>();

export function inLane<T>(location: string, work: () => Promise<T>): Promise<T> {
  if (isPostgresUrl(location)) return work();
  const next = (lanes.get(location) ?? Promise.resolve()).then(work, work);
  const settled = next.catch(() => undefined);
  lanes.set(location, settled);
  void settled.then(() => lanes.get(location) === settled && lanes.delete(location));
  return next;
}

export async function runImport(store: Store, where: Where | null, layer: LayerId, path: string, opts: ImportOptions): Promise<ImportReport> {
  if (!where || !onThread(layer, statSync(path).size, opts)) return importFile(store, layer, path, opts);
  const { report, changes } = await inLane(where.location, () => importThread.run(where, layer, path, opts));
  if (changes.length) store.changes.announce(changes);
  return report;
}

interface Pending {
  onProgress?: (read: number) => void;
  resolve: (r: { report: ImportReport; changes: Change[] }) => void;
  reject: (e: unknown) => void;
}

/** The import thread of this process, started on demand, ended when idle. */
const importThread = new (class {
  private worker: Worker | null = null;
  private pending = new Map<number, Pending>();
  private next = 1;
  private idle: NodeJS.Timeout | null = null;

  run(where: Where, layer: LayerId, path: string, opts: ImportOptions): Promise<{ report: ImportReport; changes: Change[] }> {
    const { onProgress, ...options } = opts;
    const job: ImportThreadJob = { location: where.location, borderDistanceM: where.borderDistanceM, layer, path, options };
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { onProgress, resolve, reject });
      if (this.idle) [this.idle] = [null, clearTimeout(this.idle)];
      this.thread().postMessage({ id, job } satisfies ImportThreadRequest);
    });
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./import-thread.mjs', import.meta.url), { workerData: { importThread: true, nice: loadWorkSettings(process.env).nice } });
    // An idle thread does not keep the process up.
    worker.unref();
    worker.on('message', (m: ImportThreadMessage) => this.receive(m));
    const lost = (why: string) => {
      if (this.worker === worker) this.worker = null;
      for (const p of this.pending.values()) p.reject(new Error(`The import thread ${why} before the import finished; nothing was imported.`));
      this.pending.clear();
    };
    worker.on('error', (e) => lost(`failed (${e.message})`));
    worker.on('exit', (code) => lost(`ended (exit code ${code})`));
    return (this.worker = worker);
  }

  private receive(m: ImportThreadMessage): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.type === 'progress') return p.onProgress?.(m.read);
    this.pending.delete(m.id);
    if (!this.pending.size) this.idle = setTimeout(() => this.stop(), IDLE_MS).unref();
    if (m.type === 'done') return p.resolve({ report: m.report, changes: m.changes });
    p.reject(fromThreadError(m.error));
  }

  private stop(): void {
    this.idle = null;
    if (this.pending.size || !this.worker) return;
    const w = this.worker;
    this.worker = null;
    void w.terminate();
  }
})();
