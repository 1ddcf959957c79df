/**
 * A thread with its own read-only connection to the database file, for the reads every map
 * view and GIS client asks for: a page of items. better-sqlite3 runs a statement on the thread
 * that calls it, so the ~1–3 ms SQLite spends finding and joining a page of 1,000 incidents held
 * the request thread, and four clients' pages queued behind one another and behind their own
 * HTTP work. Here the request thread answers HTTP while this thread reads, on the other core.
 * WAL lets it read beside the server's writes; each statement sees every write committed before
 * it started, as the server's own connection would.
 *
 * Until the thread is ready, and once it has ended, `page` answers undefined and the caller reads
 * on its own connection: no request waits for the thread to start, and none fails with it. So it
 * does while the thread has IN_HAND pages already (see there).
 */
import { Worker } from 'node:worker_threads';
import { READER_PRAGMAS } from '../open.ts';
import type { PointPageSql } from './point-page.mjs';

type Page = [number, Uint8Array | null];

/**
 * 32 MiB of page cache rather than a reader's 8 (READER_PRAGMAS; the later pragma wins). A page of
 * 1,000 incidents touches ~1,000 table pages scattered by id (~4 MB): 8 MiB held two views' pages,
 * so a map going back and forth between three missed nearly every one, and each miss is a read
 * from the OS's file cache (measured on the city, three boxes in turn: 3.5 ms of CPU a page, 1.5 ms
 * of it in the kernel, against 1.8 ms with 32 MiB). The cache fills only with the pages of items
 * this thread reads, so it costs memory only as views are asked for (at most 24 MB more).
 */
const THREAD_CACHE = 'cache_size = -32768';

/**
 * Pages the thread is given at most at once; a page past them is read by the caller on its own
 * connection. With every page sent here, four clients' pages queued on this one thread (~1.5–2 ms
 * of CPU each under load) while the request thread, on the other core, had ~1 ms of HTTP work a
 * page. The request thread should read only the share that evens the two out (a fifth to a
 * quarter): with two in hand it read over half (request thread 2.5 ms of CPU a page, this one
 * 0.9–1.0: the request thread then the bottleneck); with three, about a quarter (1.6–2.0 against
 * 1.4). Wall times on the shared machine (concurrency 4, load 5–8) were too noisy to tell the
 * three apart beyond that: 300 pages in 0.9–2.1 s whichever.
 * The request thread is held ~1.5 ms a page it reads: far inside the event loop's budget.
 */
const IN_HAND = 3;

export class ReadThread {
  private readonly worker: Worker;
  /** Resolves true once the thread answers, false if it failed first. */
  readonly started: Promise<boolean>;
  private setStarted: (ok: boolean) => void = () => {};
  private ready = false;
  private failed = false;
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (page: Page | undefined) => void; reject: (e: Error) => void }>();

  constructor(file: string) {
    this.worker = new Worker(new URL('./read-thread-worker.mjs', import.meta.url), { workerData: { file, pragmas: [...READER_PRAGMAS, THREAD_CACHE] }, execArgv: [] });
    this.worker.unref(); // never what keeps the process alive
    this.started = new Promise((resolve) => (this.setStarted = resolve));
    this.worker.on('message', (m: { ready?: true; id: number; page?: Page; error?: string }) => {
      if (m.ready) return void this.setStarted((this.ready = true));
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.error !== undefined) w?.reject(new Error(m.error));
      else w?.resolve(m.page);
    });
    this.worker.on('error', (e) => {
      console.error(`opsmap: the read thread failed (${e.message}); pages are read on the request thread`);
      this.stop();
    });
    this.worker.on('exit', () => this.stop());
  }

  /**
   * A page of points in a box (point-page.mjs readPointPage), read on the thread; undefined at
   * once while the thread cannot answer or has IN_HAND pages already, and for a read in flight
   * when the thread ends. An error of a statement rejects.
   */
  page(sql: PointPageSql, box: { w: number; s: number; e: number; n: number }, limit: number, offset: number): Promise<Page | undefined> | undefined {
    if (!this.ready || this.failed || this.waiting.size >= IN_HAND) return undefined;
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, sql, box, limit, offset });
    });
  }

  /** The reads in flight are handed back unanswered: their callers read them themselves. */
  private stop() {
    this.failed = true;
    this.setStarted(false);
    for (const w of this.waiting.values()) w.resolve(undefined);
    this.waiting.clear();
  }

  async close(): Promise<void> {
    this.stop();
    await this.worker.terminate();
  }
}
