/**
 * Backups of a SQLite database file, and restoring one (used by the store's backup() and by
 * `npm run backup`). The copy uses SQLite's online backup, so it is consistent while the
 * server keeps writing. Restoring refuses while a server holds the database open, checks the
 * backup first, and keeps the database it replaces beside it (…before-restore-<time>.sqlite).
 */
import { createPrivate } from '../open.ts';
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BackupInfo } from '../store.ts';

export const stamp = () => new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

/** Checks that `file` is a whole opsmap database and counts what it holds. */
export function inspect(file: string): BackupInfo {
  if (!existsSync(file)) throw new Error(`${file} does not exist.`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`${file} is damaged: ${check}`);
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    for (const t of ['features', 'users', 'audit']) if (!tables.has(t)) throw new Error(`${file} is not an opsmap database (no ${t} table).`);
    const count = (t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    return { file, features: count('features'), users: count('users'), audit: count('audit') };
  } finally {
    db.close();
  }
}

/** A consistent copy of the open database `from` at one moment, taken while it stays in use. */
export async function backupOpen(from: Database.Database, out: string): Promise<BackupInfo> {
  if (existsSync(out)) throw new Error(`${out} exists already; choose another name.`);
  mkdirSync(dirname(out), { recursive: true });
  createPrivate(out); // a backup holds what the database holds: owner-only, like it
  await from.backup(out);
  return inspect(out);
}

/** The same, of a database file. */
export async function backup(dbFile: string, out: string): Promise<BackupInfo> {
  if (!existsSync(dbFile)) throw new Error(`There is no database at ${dbFile}.`);
  if (existsSync(out)) throw new Error(`${out} exists already; choose another name.`);
  const db = new Database(dbFile, { fileMustExist: true });
  try {
    return await backupOpen(db, out);
  } finally {
    db.close();
  }
}

/** True when another process (a running server) has the database open. */
export function inUse(dbFile: string): boolean {
  if (!existsSync(dbFile)) return false;
  const db = new Database(dbFile, { timeout: 200 });
  try {
    // In WAL mode an exclusive lock is refused while any other connection is open.
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return false;
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_BUSY') return true;
    throw e;
  } finally {
    db.close();
  }
}

/** Replaces `dbFile` with the backup `from`; returns where the replaced database was kept (if there was one). */
export async function restore(from: string, dbFile: string): Promise<{ restored: BackupInfo; keptAs: string | null }> {
  const restored = inspect(from);
  if (inUse(dbFile)) throw new Error(`A running opsmap server has ${dbFile} open. Stop it first, then restore, then start it again.`);
  let keptAs: string | null = null;
  if (existsSync(dbFile)) {
    keptAs = dbFile.replace(/(\.sqlite)?$/, `.before-restore-${stamp()}.sqlite`);
    await backup(dbFile, keptAs);
  }
  // Copy beside the target, then rename: a crash half-way never leaves a half-written database.
  const tmp = `${dbFile}.restoring`;
  rmSync(tmp, { force: true });
  createPrivate(tmp);
  const src = new Database(from, { readonly: true, fileMustExist: true });
  try {
    await src.backup(tmp);
  } finally {
    src.close();
  }
  for (const ext of ['-wal', '-shm']) rmSync(dbFile + ext, { force: true });
  renameSync(tmp, dbFile);
  return { restored, keptAs };
}
