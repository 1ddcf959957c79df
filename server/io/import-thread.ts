/**
 * An import on its own thread (issue 15 #7: a 61.5 MB import held every other request for
 * ~20 s). The thread opens its OWN connection to the database and runs the whole import there:
 * read, map, check, prepare and write, one transaction. Why its own connection rather than
 * sending prepared batches back: better-sqlite3 transactions are synchronous, so a transaction
 * fed by messages would have to span many turns of the server's event loop on the connection
 * every request uses, and other requests' writes would land inside it. With SQLite in WAL mode
 * the server's readers go on reading the last commit meanwhile; PostgreSQL is a second client
 * like any other. The thread posts its progress and its report (or its error) back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../db/connect.ts';
import { StoreError } from '../db/errors.ts';
import { IoError } from './errors.ts';
import { importFile, type ImportOptions } from './import.ts';
import type { LayerId } from '../../core/layers.ts';

export interface ImportThreadJob {
  /** A SQLite file or a postgres:// URL, as openStore takes it. */
  location: string;
  borderDistanceM: number;
  layer: LayerId;
  path: string;
  options: Omit<ImportOptions, 'onProgress'>;
}

export type ImportThreadMessage =
  | { type: 'progress'; read: number }
  | { type: 'done'; report: Awaited<ReturnType<typeof importFile>> }
  | { type: 'error'; error: { class: 'StoreError' | 'IoError' | 'Error'; kind?: string; code?: string; message: string; issues?: unknown[] } };

async function run(job: ImportThreadJob): Promise<void> {
  const post = (m: ImportThreadMessage) => parentPort!.postMessage(m);
  const store = await openStore(job.location, { borderDistanceM: job.borderDistanceM });
  try {
    const report = await importFile(store, job.layer, job.path, { ...job.options, onProgress: (read) => post({ type: 'progress', read }) });
    post({ type: 'done', report });
  } catch (e) {
    if (e instanceof StoreError) post({ type: 'error', error: { class: 'StoreError', kind: e.kind, message: e.message, issues: e.issues } });
    else if (e instanceof IoError) post({ type: 'error', error: { class: 'IoError', kind: e.kind, message: e.message } });
    else {
      console.error(e);
      post({ type: 'error', error: { class: 'Error', code: (e as { code?: string }).code, message: (e as Error).message } });
    }
  } finally {
    await store.close();
  }
}

if (parentPort && workerData?.importJob) await run(workerData.importJob as ImportThreadJob);
