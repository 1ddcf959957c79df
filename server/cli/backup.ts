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
import { join, dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../config.ts';
import { backup, inspect, inUse, restore, stamp } from '../db/sqlite/backup.ts';

export { backup, inspect, inUse, restore };
export type { BackupInfo } from '../db/store.ts';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (!v || v.startsWith('--')) throw new Error(`${name} needs a file name.`);
  return v;
}

async function main(args: string[]) {
  const config = loadConfig();
  const given = option(args, '--db');
  // Never back up (or restore over) the unused SQLite file of a PostgreSQL deployment.
  if (!given && config.databaseUrl) throw new Error('OPSMAP_DATABASE_URL is set: this database is PostgreSQL, backed up with pg_dump (README, "PostgreSQL"). npm run backup copies SQLite files only; pass --db FILE for one.');
  const dbFile = resolve(given ?? config.dbFile);
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
