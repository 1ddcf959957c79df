/**
 * Starts the real server process the way `npm start` does (tsx server/main.ts serving the
 * built dist/), on a temporary database and a free port, for end-to-end and process tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migratedDatabaseSync } from './postgres.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningServer {
  url: string;
  port: number;
  dbFile: string;
  dir: string;
  proc: ChildProcess;
  output: () => string;
  /** The first-run admin (OPSMAP_ADMIN_PASSWORD), for Basic auth or signing in. */
  credentials: { name: string; password: string };
  /** Graceful stop (SIGTERM), then removes the temp dir unless keepDir. */
  stop(opts?: { keepDir?: boolean }): Promise<void>;
  /** SIGKILL, as a crash would. */
  kill(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

const databases = new Map<string, string>();
function databaseFor(dbFile: string): string {
  let url = databases.get(dbFile);
  if (!url) databases.set(dbFile, (url = migratedDatabaseSync().url));
  return url;
}

export interface StartOptions {
  env?: Record<string, string>;
  dir?: string;
  dbFile?: string;
  /** How long seeding and start may take (default 60 s; a city of 1,000,000 incidents takes longer on a busy machine). */
  startMs?: number;
}

export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'opsmap-srv-'));
  const dbFile = opts.dbFile ?? join(dir, 'opsmap.sqlite');
  // The API suite's run on PostgreSQL: each database file a test names stands for one database
  // (a restart on the same file finds the same database).
  const databaseUrl = process.env.OPSMAP_TEST_BACKEND === 'postgres' && !opts.env?.OPSMAP_DATABASE_URL ? databaseFor(dbFile) : undefined;
  const port = await freePort();
  // A fixed default, so that a restart on the same database (crash tests) signs in the same way.
  const adminPassword = opts.env?.OPSMAP_ADMIN_PASSWORD ?? 'opsmap-test-lantern-quay-7';
  const proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), OPSMAP_DB: dbFile, OPSMAP_ADMIN_PASSWORD: adminPassword, ...(databaseUrl ? { OPSMAP_DATABASE_URL: databaseUrl } : {}), ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
  const startMs = opts.startMs ?? 60_000;
  const deadline = Date.now() + startMs;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}:\n${out}`);
    if (/listening on/.test(out)) break;
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`server did not start within ${startMs / 1000} s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    dbFile,
    dir,
    proc,
    output: () => out,
    credentials: { name: 'admin', password: adminPassword },
    async stop({ keepDir = false } = {}) {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        await exited;
      }
      if (!keepDir && !opts.dir) rmSync(dir, { recursive: true, force: true });
    },
    async kill() {
      proc.kill('SIGKILL');
      await exited;
    },
  };
}
