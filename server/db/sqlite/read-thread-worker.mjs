// The thread of server/db/sqlite/read-thread.ts: reads the pages it is sent on its own read-only
// connection (./point-page.mjs, the code the request thread runs too) and posts them back, the
// BLOB transferred rather than copied. Plain JavaScript with better-sqlite3 only: no TypeScript
// loader, no drizzle, so the thread starts in a few tens of milliseconds and holds little memory.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { readPointPage } from './point-page.mjs';

const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
// The settings of every read-only connection (READER_PRAGMAS in ../open.ts).
for (const p of workerData.pragmas) db.pragma(p);
const statements = new Map();
const prepared = (sql) => {
  let s = statements.get(sql);
  if (!s) statements.set(sql, (s = db.prepare(sql)));
  return s;
};

parentPort.on('message', ({ id, sql, box, limit, offset }) => {
  try {
    const page = readPointPage(prepared, sql, box, limit, offset);
    // A BLOB better-sqlite3 made owns its memory whole: hand it over instead of copying it.
    const blob = page[1];
    parentPort.postMessage({ id, page }, blob && blob.byteOffset === 0 && blob.byteLength === blob.buffer.byteLength ? [blob.buffer] : []);
  } catch (e) {
    parentPort.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
});
parentPort.postMessage({ ready: true });
