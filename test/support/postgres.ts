/**
 * A throwaway PostgreSQL + PostGIS cluster for tests: initdb into a temporary folder, a free
 * port, a socket folder owned by the `postgres` user (initdb refuses to run as root), and
 * fsync off — a test cluster lives for one run, durability would only cost time.
 *
 * One cluster serves a whole vitest run when the global set-up starts it (it publishes its
 * admin URL in OPSMAP_TEST_PG_ADMIN); a test file run alone starts its own. Each caller gets
 * its own database, cloned from a template that already has PostGIS (CREATE DATABASE …
 * TEMPLATE takes ~50 ms, CREATE EXTENSION postgis ~400 ms).
 *
 * Without PostgreSQL or PostGIS, `hasPostgres()` says what is missing and returns false (tests
 * skip), or throws under CI=true (CI runs everything).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './server.ts';

export const POSTGRES_HINT = 'sudo apt-get install -y postgresql-15 postgresql-15-postgis-3';
const TEMPLATE = 'opsmap_template';
/** A template with opsmap's migrations applied too, made by the global set-up for the API suite. */
export const MIGRATED_TEMPLATE = 'opsmap_migrated';

/** The newest installed server's bin folder (Debian keeps one per major version), or OPSMAP_PG_BIN. */
function binDir(): string | null {
  if (process.env.OPSMAP_PG_BIN) return process.env.OPSMAP_PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : null;
}

function missing(): string | null {
  const bin = binDir();
  if (!bin) return 'PostgreSQL server (initdb) is not installed';
  const version = bin.split('/').at(-2);
  if (!existsSync(`/usr/share/postgresql/${version}/extension/postgis.control`)) return `PostGIS for PostgreSQL ${version} is not installed`;
  return null;
}

/**
 * True when a test cluster can be started. When not: under CI=true it throws; otherwise it
 * prints what is missing and returns false, for `describe.skipIf(!hasPostgres())`.
 */
export function hasPostgres(): boolean {
  if (process.env.OPSMAP_TEST_PG_ADMIN) return true;
  const why = missing();
  if (!why) return true;
  const msg = `${why} — install with: ${POSTGRES_HINT}`;
  if (process.env.CI === 'true') throw new Error(msg + ' (CI=true: every test must run)');
  console.warn(`SKIPPED: ${msg}`);
  return false;
}

export interface Cluster {
  /** URL of the `postgres` database, as the superuser. */
  adminUrl: string;
  stop(): Promise<void>;
}

const isRoot = () => process.getuid?.() === 0;

/** Runs a server binary as `postgres` when we are root (initdb and postgres refuse root). */
function asPostgres(bin: string, args: string[]) {
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
}

export async function startCluster(): Promise<Cluster> {
  const bin = binDir();
  if (!bin) throw new Error(missing()!);
  const dir = mkdtempSync(join(tmpdir(), 'opsmap-pg-'));
  const data = join(dir, 'data');
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  asPostgres(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
  const port = await freePort();
  // fsync off: a test cluster never outlives its run. Never do this in a deployment.
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=64MB`;
  asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-w', '-l', join(dir, 'log'), 'start', '-o', opts]);
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await adminQuery(adminUrl, `CREATE DATABASE ${TEMPLATE}`);
  await adminQuery(adminUrl.replace(/\/postgres$/, `/${TEMPLATE}`), 'CREATE EXTENSION postgis');
  return {
    adminUrl,
    async stop() {
      try {
        asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

async function adminQuery(url: string, text: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

let own: Promise<Cluster> | null = null;
let seq = 0;

/**
 * A new, empty database with PostGIS, on the run's cluster (or this file's own), as a URL.
 * `drop()` removes it; a cluster this file started stops when the process exits.
 */
export async function testDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  let admin = process.env.OPSMAP_TEST_PG_ADMIN;
  if (!admin) {
    own ??= startCluster().then((c) => {
      process.once('exit', () => void c.stop());
      return c;
    });
    admin = (await own).adminUrl;
    process.env.OPSMAP_TEST_PG_ADMIN = admin; // child servers started by this file use it too
  }
  const name = `opsmap_t${process.pid}_${++seq}_${Date.now().toString(36)}`;
  await adminQuery(admin, `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}`);
  return {
    url: admin.replace(/\/postgres$/, `/${name}`),
    drop: () => adminQuery(admin!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** Stops a cluster this test file started itself (vitest afterAll), so no server outlives the file. */
export async function stopOwnCluster(): Promise<void> {
  if (!own) return;
  const c = await own;
  own = null;
  delete process.env.OPSMAP_TEST_PG_ADMIN;
  await c.stop();
}

/** Runs SQL through psql, synchronously (for set-ups that tests call without await); returns its unaligned output. */
export function psqlSync(url: string, sql: string): string {
  const bin = binDir();
  return execFileSync(bin ? join(bin, 'psql') : 'psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], { encoding: 'utf8' }).trim();
}

let syncSeq = 0;

/**
 * A new database with opsmap's schema, made synchronously from the migrated template of the
 * run's cluster (the global set-up makes both when OPSMAP_TEST_BACKEND=postgres).
 */
export function migratedDatabaseSync(): { url: string; drop(): void } {
  const admin = process.env.OPSMAP_TEST_PG_ADMIN;
  if (!admin) throw new Error('OPSMAP_TEST_BACKEND=postgres needs the cluster of the global set-up (test/support/global-setup.ts)');
  const name = `opsmap_s${process.pid}_${++syncSeq}_${Date.now().toString(36)}`;
  psqlSync(admin, `CREATE DATABASE ${name} TEMPLATE ${MIGRATED_TEMPLATE}`);
  return { url: admin.replace(/\/postgres$/, `/${name}`), drop: () => void adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {}) };
}

/** Makes the migrated template on a cluster (once per run). */
export async function makeMigratedTemplate(adminUrl: string): Promise<void> {
  const { migrate } = await import('../../server/db/postgres/migrate.ts');
  const { openPool } = await import('../../server/db/postgres/pool.ts');
  await adminQuery(adminUrl, `CREATE DATABASE ${MIGRATED_TEMPLATE} TEMPLATE ${TEMPLATE}`);
  const pool = openPool(adminUrl.replace(/\/postgres$/, `/${MIGRATED_TEMPLATE}`));
  try {
    await migrate(pool);
  } finally {
    await pool.end();
  }
}
