/**
 * An import's reading thread (./read-ahead.ts): reads, maps, checks and prepares the file's
 * features exactly as an import on one thread does (./streamed-read.ts, server/features/bulk.ts),
 * makes each the row the store writes (server/db/bulk-row.ts), and posts them BATCH_ROWS at a
 * time, never more than AHEAD batches in front of the writer. Ends with the read's summary, or
 * with the error that stops the import.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { bulkRow } from '../db/bulk-row.ts';
import type { BulkRow } from '../db/store.ts';
import { buildWardLookup } from '../db/ward-lookup.ts';
import { prepareEach } from '../features/bulk.ts';
import { AHEAD, BATCH_ROWS, flatten, POSTED, READ, READ_STEP, STOP, TAKEN, type ReadAheadJob, type ReadAheadMessage } from './read-ahead.ts';
import { StreamedRead } from './streamed-read.ts';
import { toThreadError } from './thread-errors.ts';

const { job, control, port } = workerData as { job: ReadAheadJob; control: SharedArrayBuffer; port: MessagePort };
const c = new Int32Array(control);

class Stopped extends Error {}

function post(m: ReadAheadMessage): void {
  port.postMessage(m);
  Atomics.add(c, POSTED, 1);
  Atomics.notify(c, POSTED);
  for (;;) {
    if (Atomics.load(c, STOP)) throw new Stopped();
    const taken = Atomics.load(c, TAKEN);
    if (Atomics.load(c, POSTED) - taken < AHEAD) return;
    Atomics.wait(c, TAKEN, taken, 1000);
  }
}

/** The bodies as read, counted in the READ slot: the writer sees progress while nothing is posted (past a bad feature, every problem is listed). */
function* counted<T>(bodies: Iterable<T>): Generator<T> {
  let n = 0;
  for (const b of bodies) {
    if (++n % READ_STEP === 0) Atomics.add(c, READ, 1);
    yield b;
  }
}

let read: StreamedRead | null = null;
try {
  read = new StreamedRead(job.path, job.format, job.layer, job.explicit, job.limits);
  const ctx = { wards: buildWardLookup(job.wards), borderDistanceM: job.borderDistanceM };
  let rows: BulkRow[] = [];
  for (const p of prepareEach(job.layer, counted(read.bodies()), ctx, { label: read.label })) {
    rows.push(bulkRow(job.layer, p));
    if (rows.length === BATCH_ROWS) {
      post(flatten(rows));
      rows = [];
    }
  }
  if (rows.length) post(flatten(rows));
  post({ type: 'end', summary: read.summary() });
} catch (e) {
  // Stopped: the writer gave up first (its own error), and no one reads this thread's any more.
  if (!(e instanceof Stopped)) post({ type: 'error', error: toThreadError(read ? read.named(e) : e) });
}
