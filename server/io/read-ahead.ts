/**
 * A large streamed import read on a second thread while this one writes. The reading thread
 * (./read-ahead-thread.ts) reads the file, maps, checks and prepares each feature and turns it into
 * the row a bulk write stores (server/db/bulk-row.ts: JSON texts, bounding box, compact columns);
 * this thread only inserts. On 1,000,000 incidents the reading side was about half the CPU time
 * of an import, so on two cores the two halves overlap instead of adding up.
 *
 * The rows come through a MessageChannel, pulled synchronously (receiveMessageOnPort, and
 * Atomics.wait on a shared counter while none is there): a better-sqlite3 transaction cannot
 * await, and the write stays one transaction. The reading thread stays at most AHEAD batches in
 * front, so memory holds a few thousand rows whatever the file's size. Its errors (a bad feature,
 * with the same labels and the same list of problems) come through the same channel and are
 * thrown here, inside the transaction, which then writes nothing.
 *
 * The thread is started from the thread that writes, so it runs at that thread's scheduling
 * priority: an HTTP import's import thread has lowered its own (server/workers/priority.ts), and
 * Linux threads inherit their creator's niceness.
 *
 * Why not for every import: starting the thread with its TypeScript loader costs ~1 s, so only
 * files of READ_AHEAD_BYTES and more read ahead; and only where the store takes rows made before
 * its transaction (store.writes.bulkTakesRows: SQLite).
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { LayerId } from '../../core/layers.ts';
import type { BulkRow, WardLookup } from '../db/store.ts';
import type { IoLimits } from './limits.ts';
import type { Mapping } from './mapping.ts';
import type { StreamedSummary } from './streamed-read.ts';
import { fromThreadError, type ThreadError } from './thread-errors.ts';

/** Files from this size on read ahead (~70,000 incidents as CSV). */
export const READ_AHEAD_BYTES = 8 * 1024 * 1024;
/** Rows per message: large enough that a message costs nothing beside its rows. */
export const BATCH_ROWS = 1000;
/** Batches the reading thread may be in front of the writer. */
export const AHEAD = 16;
/**
 * The reading thread is given up for lost after this long without a message or progress (it posts a
 * batch every few ms; past a bad feature it posts nothing until the end of the file, since every
 * problem is listed, but counts what it has read: a file of millions of rows is checked to its end).
 */
const STALL_MS = 120_000;
/** Features per step of the READ counter. */
export const READ_STEP = 1000;

/** Slots of the shared counters: messages posted and taken, the writer's stop, features read (in READ_STEPs). */
export const POSTED = 0, TAKEN = 1, STOP = 2, READ = 3;

export interface ReadAheadJob {
  path: string;
  format: 'csv' | 'geojson';
  layer: LayerId;
  explicit: Mapping;
  limits: IoLimits;
  wards: WardLookup['wards'];
  borderDistanceM: number;
}

/** What the reading thread posts. */
export type ReadAheadMessage =
  | { type: 'rows'; keys: string[]; n: number; flat: unknown[] }
  | { type: 'end'; summary: StreamedSummary }
  | { type: 'error'; error: ThreadError };

const FIXED = 8;

/** Rows flattened into one array of strings and numbers: cheap to copy between threads (objects cost several times more). */
export function flatten(rows: BulkRow[]): ReadAheadMessage {
  const keys = rows.length ? Object.keys(rows[0].compact) : [];
  const flat: unknown[] = [];
  for (const r of rows) {
    flat.push(r.properties, r.geometry, r.bbox[0], r.bbox[1], r.bbox[2], r.bbox[3], r.tStart, r.tEnd);
    for (const k of keys) flat.push(r.compact[k as keyof BulkRow['compact']]);
  }
  return { type: 'rows', keys, n: rows.length, flat };
}

function* unflatten(m: { keys: string[]; n: number; flat: unknown[] }): Generator<BulkRow> {
  const { keys, flat } = m;
  const width = FIXED + keys.length;
  for (let i = 0, o = 0; i < m.n; i++, o += width) {
    const compact: Record<string, unknown> = {};
    for (let k = 0; k < keys.length; k++) compact[keys[k]] = flat[o + FIXED + k];
    yield {
      row: true,
      properties: flat[o] as string,
      geometry: flat[o + 1] as string,
      bbox: [flat[o + 2], flat[o + 3], flat[o + 4], flat[o + 5]] as BulkRow['bbox'],
      tStart: flat[o + 6] as string | null,
      tEnd: flat[o + 7] as string | null,
      compact: compact as unknown as BulkRow['compact'],
    };
  }
}

export class ReadAhead {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly control = new Int32Array(new SharedArrayBuffer(4 * 4));
  private done: StreamedSummary | null = null;

  /** Starts reading at once, so the first rows are ready when the write begins. */
  constructor(job: ReadAheadJob) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(new URL('./read-ahead-thread.mjs', import.meta.url), { workerData: { job, control: this.control.buffer, port: port2 }, transferList: [port2] });
    this.worker.unref();
    // Its errors come through the port; an unhandled 'error' event would end the process.
    this.worker.on('error', () => {});
  }

  /** What the reading thread reports once every row has been taken. */
  get summary(): StreamedSummary {
    if (!this.done) throw new Error('The file has not been read to its end.');
    return this.done;
  }

  /** The rows, in the file's order; throws the reading thread's error where it met it. Ends the thread when done or abandoned. */
  *rows(): Generator<BulkRow> {
    try {
      for (;;) {
        const m = this.next();
        if (m.type === 'rows') yield* unflatten(m);
        else if (m.type === 'end') return void (this.done = m.summary);
        else throw fromThreadError(m.error);
      }
    } finally {
      this.stop();
    }
  }

  /** Ends the reading thread (also when the write stopped early). */
  stop(): void {
    if (Atomics.load(this.control, STOP)) return;
    Atomics.store(this.control, STOP, 1);
    Atomics.notify(this.control, TAKEN);
    this.port.close();
    void this.worker.terminate();
  }

  private next(): ReadAheadMessage {
    const c = this.control;
    let since = Date.now();
    let read = Atomics.load(c, READ);
    for (;;) {
      const r = receiveMessageOnPort(this.port);
      if (r) {
        Atomics.add(c, TAKEN, 1);
        Atomics.notify(c, TAKEN);
        return r.message as ReadAheadMessage;
      }
      const posted = Atomics.load(c, POSTED);
      if (posted > Atomics.load(c, TAKEN)) continue; // TAKEN counts the messages this thread has taken
      if (Atomics.wait(c, POSTED, posted, 1000) === 'timed-out') {
        if (Atomics.load(c, READ) !== read) (read = Atomics.load(c, READ)), (since = Date.now());
        else if (Date.now() - since > STALL_MS) throw new Error(`The import's reading thread sent nothing and read nothing for ${STALL_MS / 1000} s; nothing was imported.`);
      }
      if (Atomics.load(c, POSTED) !== posted) since = Date.now();
    }
  }
}
