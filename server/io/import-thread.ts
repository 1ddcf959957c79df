/**
 * The import thread (issue 15 #7: a 61.5 MB import held every other request for ~20 s). For each
 * import it is sent, the thread opens its OWN connection to the database and runs the whole import
 * there: read (streamed, or whole for KML, Shapefile, OSM and `replace`), parse, map, check,
 * prepare and write, one transaction. Why its own connection rather than sending prepared batches
 * back: better-sqlite3 transactions are synchronous, so a transaction fed by messages would have
 * to span many turns of the server's event loop on the connection every request uses, and other
 * requests' writes would land inside it. With SQLite in WAL mode the server's readers go on
 * reading the last commit meanwhile; PostgreSQL is a second client like any other. The thread
 * posts each import's progress and its report (or its error) back, naming the import.
 *
 * The thread stays up between imports (./run-import.ts ends it when idle): starting one costs
 * ~1 s with its TypeScript loader, more than a small KML takes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { lowerThisThread } from '../workers/priority.ts';
import { openStore } from '../db/connect.ts';
import type { Change, Store } from '../db/store.ts';
import { toThreadError, type ThreadError } from './thread-errors.ts';
import { importFile, type ImportOptions } from './import.ts';
import type { LayerId } from '../../core/layers.ts';
import { isPostgresUrl } from '../db/location.ts';

export interface ImportThreadJob {
  /** A SQLite file or a postgres:// URL, as openStore takes it. */
  location: string;
  borderDistanceM: number;
  layer: LayerId;
  path: string;
  options: Omit<ImportOptions, 'onProgress'>;
}

/** To the thread: run this import. */
export interface ImportThreadRequest {
  id: number;
  job: ImportThreadJob;
}

/** From the thread, about import `id`. */
export type ImportThreadMessage = { id: number } & (
  | { type: 'progress'; read: number }
  | { type: 'done'; report: Awaited<ReturnType<typeof importFile>>; changes: Change[] }
  | { type: 'error'; error: ThreadError }
);


/**
 * The thread's connection to each database, kept between imports: opening one (and checking its
 * migrations) costs ~7 ms, more than a small refused file. A SQLite connection builds its ward
 * index once and rebuilds it only after its own ward writes, so it is opened again when another
 * connection has committed since its last import (`data_version`, the store's stamp, moved).
 * PostgreSQL's ward index follows a generation number in the database.
 */
const stores = new Map<string, { store: Store; stamp: string }>();

async function storeFor(job: ImportThreadJob): Promise<Store> {
  const kept = stores.get(job.location);
  if (kept && (isPostgresUrl(job.location) || (await kept.store.changes.stamp()) === kept.stamp)) return kept.store;
  stores.delete(job.location);
  await kept?.store.close();
  const store = await openStore(job.location, { borderDistanceM: job.borderDistanceM });
  stores.set(job.location, { store, stamp: await store.changes.stamp() });
  return store;
}

async function run({ id, job }: ImportThreadRequest): Promise<void> {
  const post = (m: ImportThreadMessage) => parentPort!.postMessage(m);
  try {
    const store = await storeFor(job);
    // What this connection committed, for the server to announce on its own bus (a batch, or each
    // feature of a `replace` and each point a ward import re-derived). PostgreSQL announces every
    // commit to every server itself (NOTIFY), so there is nothing to carry.
    const changes: Change[] = [];
    const stop = isPostgresUrl(job.location) ? () => {} : store.changes.subscribe((c) => changes.push(...c));
    try {
      const report = await importFile(store, job.layer, job.path, { ...job.options, onProgress: (read) => post({ id, type: 'progress', read }) });
      post({ id, type: 'done', report, changes });
    } finally {
      stop();
      const kept = stores.get(job.location);
      if (kept?.store === store) kept.stamp = await store.changes.stamp();
    }
  } catch (e) {
    post({ id, type: 'error', error: toThreadError(e) });
  }
}

if (parentPort && workerData?.importThread) {
  // Below the request thread, as the pool's workers are (server/workers/priority.ts): on 2 cores an
  // import at equal priority was the worst delay of a small GET (p99 89 ms, `npm run bench -- event-loop`).
  lowerThisThread(workerData.nice ?? 0);
  parentPort.on('message', (m: ImportThreadRequest) => void run(m));
}
