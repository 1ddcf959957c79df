/**
 * Backups of the live database, and restoring one.
 *
 *   npm run backup                          copy to data/backups/opsmap-<time>.sqlite
 *   npm run backup -- --out FILE            copy to FILE
 *   npm run backup -- --restore FILE        replace the database with FILE (server stopped)
 *   (--db FILE picks another database than OPSMAP_DB / data/opsmap.sqlite)
 *
 * The copy uses SQLite's online backup, so it is consistent while the server keeps writing.
 * Restoring refuses while a server holds the database open, checks the backup first, and
 * keeps the database it replaces beside it (…before-restore-<time>.sqlite).
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../config.ts';

const stamp = () => new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

export interface BackupInfo {
  file: string;
  features: number;
  users: number;
  audit: number;
}

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

/** A consistent copy of the database at one moment, taken while it stays in use. */
export async function backup(dbFile: string, out: string): Promise<BackupInfo> {
  if (!existsSync(dbFile)) throw new Error(`There is no database at ${dbFile}.`);
  if (existsSync(out)) throw new Error(`${out} exists already; choose another name.`);
  mkdirSync(dirname(out), { recursive: true });
  const db = new Database(dbFile, { fileMustExist: true });
  try {
    await db.backup(out);
  } finally {
    db.close();
  }
  return inspect(out);
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

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (!v || v.startsWith('--')) throw new Error(`${name} needs a file name.`);
  return v;
}

async function main(args: string[]) {
  const dbFile = resolve(option(args, '--db') ?? loadConfig().dbFile);
  const from = option(args, '--restore');
  if (from) {
    const { restored, keptAs } = await restore(resolve(from), dbFile);
    console.log(`Restored ${dbFile} from ${restored.file}: ${restored.features} features, ${restored.users} users, ${restored.audit} audit entries.`);
    if (keptAs) console.log(`The database it replaced is kept as ${keptAs}.`);
    return;
  }
  const out = resolve(option(args, '--out') ?? join(dirname(dbFile), 'backups', `opsmap-${stamp()}.sqlite`));
  const info = await backup(dbFile, out);
  console.log(`Backed up ${dbFile} to ${info.file}: ${info.features} features, ${info.users} users, ${info.audit} audit entries.`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(`backup: ${(e as Error).message}`);
    process.exit(1);
  });
}
