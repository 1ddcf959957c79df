/**
 * npm run db:copy -- --from data/opsmap.sqlite --to postgres://user:pass@host:5432/db
 *
 * Moves a district's SQLite database into PostgreSQL + PostGIS (an empty database with the
 * postgis extension): migrates it, copies everything in one transaction, and prints each
 * table's count on both sides. Exits 1 when any count differs.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { copySqliteToPostgres } from '../db/postgres/copy-from-sqlite.ts';
import { migrate } from '../db/postgres/migrate.ts';
import { isPostgresUrl } from '../db/location.ts';
import { openPool } from '../db/postgres/pool.ts';

const USAGE = 'usage: npm run db:copy -- --from FILE.sqlite --to postgres://user:pass@host:5432/db';

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(1);
}

let values: { from?: string; to?: string; help?: boolean };
try {
  values = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }).values;
} catch (e) {
  fail((e as Error).message);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!values.from || !existsSync(values.from)) fail(`--from must name an existing SQLite database (${values.from ?? 'missing'}).`);
if (!isPostgresUrl(values.to)) fail('--to must be a postgres:// URL.');

const pool = openPool(values.to);
try {
  await migrate(pool);
  const report = await copySqliteToPostgres(values.from, pool, (line) => console.log(`copied ${line}`));
  const width = Math.max(...report.map((r) => r.table.length));
  console.log(`\n${'table'.padEnd(width)}  sqlite  postgres`);
  for (const r of report) console.log(`${r.table.padEnd(width)}  ${String(r.sqlite).padStart(6)}  ${String(r.postgres).padStart(8)}${r.sqlite === r.postgres ? '' : '  DIFFERS'}`);
  const bad = report.filter((r) => r.sqlite !== r.postgres);
  if (bad.length) fail(`\n${bad.length} count(s) differ: the copy is incomplete.`);
  console.log('\nAll counts match.');
} catch (e) {
  console.error(`db:copy failed: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  await pool.end();
}
