/**
 * Runs an import where it does not hold the server: streamed GeoJSON/CSV of THREAD_BYTES or more
 * go to an import thread (./import-thread.ts) with its own database connection; the rest run
 * here: small files (a thread costs ~1 s to start with its TypeScript loader, more than they
 * take), files read whole (capped at OPSMAP_IMPORT_MAX_WHOLE_BYTES), `replace`, and wards (the
 * server's own ward index must see their change).
 */
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { LayerId } from '../../core/layers.ts';
import type { Store } from '../db/store.ts';
import { StoreError } from '../db/errors.ts';
import { IoError, type IoErrorKind } from './errors.ts';
import { detectFormat } from './format.ts';
import { importFile, streams, type ImportOptions, type ImportReport } from './import.ts';
import type { ImportThreadJob, ImportThreadMessage } from './import-thread.ts';

export interface Where {
  /** The database the server uses: a SQLite file or a postgres:// URL. */
  location: string;
  borderDistanceM: number;
}

/** From this size on, a streamed import gets a thread of its own (~10,000 incidents as CSV). */
export const THREAD_BYTES = 1024 * 1024;

/** Whether this import goes to a thread of its own. */
export function onThread(layer: LayerId, size: number, opts: Pick<ImportOptions, 'format' | 'filename' | 'replace'>): boolean {
  return size >= THREAD_BYTES && layer !== 'wards' && streams(layer, detectFormat(opts), opts.replace);
}

/**
 * One import thread at a time per SQLite file: SQLite has one writer, and a second thread would
 * wait only its busy timeout (5 s) for the first one's minute-long transaction, then fail. The
 * next import waits its turn here instead. PostgreSQL takes imports side by side.
 */
const lanes = new Map<string, Promise<unknown>>();

export function inLane<T>(location: string, work: () => Promise<T>): Promise<T> {
  if (/^postgres(ql)?:\/\//.test(location)) return work();
  const next = (lanes.get(location) ?? Promise.resolve()).then(work, work);
  const settled = next.catch(() => undefined);
  lanes.set(location, settled);
  void settled.then(() => lanes.get(location) === settled && lanes.delete(location));
  return next;
}

export async function runImport(store: Store, where: Where | null, layer: LayerId, path: string, opts: ImportOptions): Promise<ImportReport> {
  if (!where || !onThread(layer, statSync(path).size, opts)) return importFile(store, layer, path, opts);
  const report = await inLane(where.location, () => onImportThread(where, layer, path, opts));
  announce(store, layer, report, opts);
  return report;
}

function onImportThread(where: Where, layer: LayerId, path: string, opts: ImportOptions): Promise<ImportReport> {
  const { onProgress, ...options } = opts;
  const job: ImportThreadJob = { location: where.location, borderDistanceM: where.borderDistanceM, layer, path, options };
  return new Promise<ImportReport>((resolve, reject) => {
    const worker = new Worker(new URL('./import-thread.mjs', import.meta.url), { workerData: { importJob: job } });
    let settled = false;
    worker.on('message', (m: ImportThreadMessage) => {
      if (m.type === 'progress') onProgress?.(m.read);
      else if (m.type === 'done') [settled] = [true, resolve(m.report)];
      else {
        settled = true;
        const e = m.error;
        if (e.class === 'StoreError') reject(new StoreError(e.kind as never, e.message, (e.issues ?? []) as never));
        else if (e.class === 'IoError') reject(new IoError(e.kind as IoErrorKind, e.message));
        // The code travels too: SQLITE_BUSY (a CLI import holding the lock) is answered 503, not 500.
        else reject(Object.assign(new Error(e.message), { code: e.code }));
      }
    });
    worker.on('error', (e) => {
      if (!settled) [settled] = [true, reject(e)];
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`The import thread ended (exit code ${code}) before it finished; nothing was imported.`));
    });
  });
}

/** The batch was committed by the thread's connection: the server's live maps are told here. */
function announce(store: Store, layer: LayerId, r: ImportReport, opts: ImportOptions): void {
  if (r.first_id === null || r.batch === null) return;
  store.changes.announce([{ collection: layer, id: r.first_id, action: 'import', version: 1, at: new Date().toISOString(), actor: opts.actor.name, batch: { id: r.batch, count: r.imported } }]);
}
