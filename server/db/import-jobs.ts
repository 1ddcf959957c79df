/**
 * Import jobs (server/io/import-jobs.ts) in a table every server of one database reads, so a
 * client polling through a load balancer may ask any of them. A job is written when it starts
 * and when it ends; on PostgreSQL its progress and a heartbeat are written as it runs too. On
 * SQLite the import thread holds the one write lock for the whole import, so progress is known
 * live only to the server running it (the table says `running` until the end).
 *
 * A job whose server died ends failed rather than staying `running`: its row names the server's
 * host and process (see lostServer). On the same host, a process that no longer exists is dead
 * at once; on PostgreSQL, a heartbeat older than STALE_MS (written every HEARTBEAT_MS) is too.
 * The import was one transaction, which the database rolled back when its connection died:
 * nothing was written.
 */
export interface ImportJobProblem {
  status: number;
  detail: string;
  issues?: unknown[];
}

export interface ImportJobRow {
  id: string;
  layer: string;
  file: string;
  state: 'running' | 'done' | 'failed';
  /** Features read (and checked) so far; all of them are written in the one transaction at the end. */
  read: number;
  /** Features written: 0 until the transaction commits, then all of them. */
  written: number;
  /** The import report (server/io/import.ts) once done. */
  report?: unknown;
  problem?: ImportJobProblem;
  started_at: string;
  finished_at?: string;
}

/** Which server runs a job: enough for another one to tell whether it is still alive. */
export interface JobOwner {
  server: string;
  host: string;
  pid: number;
}

export interface ImportJobStore {
  /** Whether progress and heartbeats are written while a job runs (see the module comment). */
  readonly heartbeats: boolean;
  create(job: ImportJobRow, owner: JobOwner): Promise<void>;
  /** Features read so far, and a sign of life (PostgreSQL; SQLite: nothing, see the module comment). */
  progress(id: string, read: number): Promise<void>;
  /** Sign of life for every running job of `server` (PostgreSQL; SQLite: nothing). */
  heartbeat(server: string): Promise<void>;
  finish(id: string, end: Pick<ImportJobRow, 'state' | 'read' | 'written' | 'report' | 'problem'>): Promise<void>;
  /** The job as recorded, with its owner and last sign of life; null when there is none (or it is past its TTL). */
  get(id: string): Promise<(ImportJobRow & { owner: JobOwner; heartbeat_at: string }) | null>;
}

/** Finished jobs are kept this long for their answer to be read. */
export const JOB_TTL_MS = 60 * 60_000;
/** How often a server says its running jobs are alive (PostgreSQL). */
export const HEARTBEAT_MS = 10_000;
/** A running job with no sign of life for this long, from a server on another host, has lost its server. */
export const STALE_MS = 60_000;

/** Whether process `pid` of this host exists (signal 0 checks without sending anything). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The asking server, as lostServer needs it. */
export interface Asker extends JobOwner {
  /** Whether the backend writes heartbeats while a job runs (PostgreSQL yes, SQLite no). */
  heartbeats: boolean;
}

/**
 * Why a job recorded as running has lost its server, or null if it may still be running.
 * `alive` tells whether a process of this host exists. A job of this host's process with this
 * server's own process id but another server id was started by an earlier run of this process
 * id (a container's server is often process 1 after every restart). Where heartbeats are written,
 * one older than STALE_MS is enough, whatever the host (process ids of another container on the
 * same host say nothing).
 */
export function lostServer(job: { state: string; owner: JobOwner; heartbeat_at: string }, now: number, me: Asker, alive: (pid: number) => boolean = processAlive): string | null {
  if (job.state !== 'running' || job.owner.server === me.server) return null;
  const { host, pid } = job.owner;
  const gone = host === me.host && (pid === me.pid || !alive(pid));
  const silent = (me.heartbeats || host !== me.host) && now - Date.parse(job.heartbeat_at) > STALE_MS;
  if (gone) return `The server running this import (process ${pid} on ${host}) stopped before it finished. An import is one transaction, so nothing of it was written; import the file again.`;
  if (silent) return `The server running this import (on ${host}) has not been heard from since ${job.heartbeat_at}: it stopped before the import finished. An import is one transaction, so nothing of it was written; import the file again.`;
  return null;
}

/** A row of import_jobs as both backends store it (report and problem as JSON text). */
export interface StoredJobRow {
  id: string;
  layer: string;
  file: string;
  state: ImportJobRow['state'];
  n_read: number | string;
  n_written: number | string;
  report: string | null;
  problem: string | null;
  server: string;
  host: string;
  pid: number;
  started_at: string;
  heartbeat_at: string;
  finished_at: string | null;
}

export function jobOfRow(r: StoredJobRow): ImportJobRow & { owner: JobOwner; heartbeat_at: string } {
  return {
    id: r.id,
    layer: r.layer,
    file: r.file,
    state: r.state,
    read: Number(r.n_read),
    written: Number(r.n_written),
    ...(r.report ? { report: JSON.parse(r.report) } : {}),
    ...(r.problem ? { problem: JSON.parse(r.problem) } : {}),
    started_at: r.started_at,
    ...(r.finished_at ? { finished_at: r.finished_at } : {}),
    owner: { server: r.server, host: r.host, pid: r.pid },
    heartbeat_at: r.heartbeat_at,
  };
}

export const expired = (finishedAt: string | null | undefined, now = Date.now()) => !!finishedAt && now - Date.parse(finishedAt) > JOB_TTL_MS;

/** Rows finished before this instant are past keeping (each backend deletes them on create). */
export const expiredBefore = (now = Date.now()) => new Date(now - JOB_TTL_MS).toISOString();

/** A job's end as stored: its report and problem as JSON text (jobOfRow reads them back). */
export const storedEnd = (end: Parameters<ImportJobStore['finish']>[1]) =>
  [end.state, end.read, end.written, end.report === undefined ? null : JSON.stringify(end.report), end.problem ? JSON.stringify(end.problem) : null] as const;
