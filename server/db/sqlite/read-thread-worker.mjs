// The thread of server/db/sqlite/read-thread.ts: runs the read statements it is sent on its own
// read-only connection and posts back the row, BLOBs transferred rather than copied. Plain
// JavaScript with better-sqlite3 only: no TypeScript loader, no drizzle, so the thread starts in
// a few tens of milliseconds and holds little memory.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma(`cache_size = -${workerData.cacheKiB}`);
const statements = new Map();

parentPort.on('message', ({ id, sql, params }) => {
  try {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = db.prepare(sql).raw()));
    const row = s.get(params) ?? null;
    // A BLOB better-sqlite3 made owns its memory whole: hand it over instead of copying it.
    const transfer = (row ?? []).filter((v) => v instanceof Uint8Array && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength).map((v) => v.buffer);
    parentPort.postMessage({ id, row }, transfer);
  } catch (e) {
    parentPort.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
});
parentPort.postMessage({ ready: true });
