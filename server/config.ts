/** Configuration from environment variables, with the defaults documented in the README. */
import { fileURLToPath } from 'node:url';
import { loadAuthSettings, type AuthSettings } from './auth/settings.ts';
import { loadWorkSettings, type WorkSettings } from './workers/pool.ts';
import { loadIoLimits, type IoLimits } from './io/limits.ts';
import { loadTrustProxy, type TrustProxy } from './http/client-address.ts';
import { isPostgresUrl, withoutPassword } from './db/location.ts';

export interface Config {
  host: string;
  port: number;
  dbFile: string;
  /** OPSMAP_DATABASE_URL: a postgres:// URL selects PostgreSQL + PostGIS instead of the SQLite file. */
  databaseUrl: string | null;
  /** Distance (m) from a ward border within which a checkpoint is "on the border". */
  borderDistanceM: number;
  /** Build a generated scenario into an empty database on first start (OPSMAP_SEED other than none). */
  seedDemo: boolean;
  /** Which: the two-district demo, or the 580-ward city (OPSMAP_SEED=city). */
  seedScenario: 'demo' | 'city' | 'none';
  /** Incidents in the city scenario (OPSMAP_CITY_INCIDENTS, default 1,000,000): fewer for quick trials and CI. */
  cityIncidents: number;
  /** Where the built client lives (vite build output). */
  clientDir: string;
  /** Base URL for absolute links when behind a proxy; default: taken from each request. */
  baseUrl: string | null;
  /** Which proxies' X-Forwarded-For gives the client's address (OPSMAP_TRUST_PROXY; server/http/client-address.ts). */
  trustProxy: TrustProxy;
  /** Accounts, sessions and rate limits (server/auth/settings.ts). */
  auth: AuthSettings;
  /** Caps on one import: file size, features (server/io/limits.ts; OPSMAP_IMPORT_MAX_*). */
  importLimits: IoLimits;
  /** Worker threads for heavy work and the queue in front of them (server/workers/pool.ts). */
  work: WorkSettings;
  /** Work allowed to one request, computed before it starts; over it, a 400 naming the parameter to change. */
  budgets: {
    /** Hot spots: cells × neighbours per cell (OPSMAP_HOTSPOT_BUDGET). */
    hotspotWork: number;
    /** Print: pages × features drawn (OPSMAP_PRINT_BUDGET). */
    printWork: number;
    /** Plan book: features in the stations' reach + 10,000 per station (OPSMAP_PLAN_BOOK_BUDGET; server/plans/service.ts). */
    planBookWork: number;
  };
  /**
   * Bytes of answers kept between two changes of the data, OPSMAP_CACHE_MB (default 96) shared
   * out: operational tiles 3/8, feature pages 3/8, analyses 1/8, reference tiles 1/8. Each
   * cache drops its least recently used answers past its share (server/http/byte-lru.ts).
   */
  caches: { tileBytes: number; pageBytes: number; analysisBytes: number; referenceTileBytes: number };
  /** Caps on what stays open at once. */
  caps: {
    /** Live (SSE) connections per user and in all (OPSMAP_SSE_PER_USER, OPSMAP_SSE_TOTAL). */
    ssePerUser: number;
    sseTotal: number;
    /** Prints rendering at once; more wait in the work queue or get 503 (OPSMAP_PRINTS). */
    concurrentPrints: number;
    /** A request (upload included) must arrive in this time, in seconds (OPSMAP_REQUEST_TIMEOUT_S). */
    requestTimeoutS: number;
  };
}

function positive(env: NodeJS.ProcessEnv, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${key} must be a number > 0, not "${raw}"`);
  return n;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** OPSMAP_CACHE_MB split among the caches (see Config.caches). */
function cacheShares(bytes: number): Config['caches'] {
  const share = (eighths: number) => Math.floor((bytes * eighths) / 8);
  return { tileBytes: share(3), pageBytes: share(3), analysisBytes: share(1), referenceTileBytes: share(1) };
}

function databaseUrl(raw: string | undefined): string | null {
  if (!raw) return null;
  if (isPostgresUrl(raw)) return raw;
  throw new Error(`OPSMAP_DATABASE_URL must be a postgres:// URL (postgres://user:pass@host:5432/db), not "${withoutPassword(String(raw))}"`);
}

/** Where the data is, for log lines: the file, or the URL without its password. */
/** Where the store is: the PostgreSQL URL when one is set, else the SQLite file. What every command opens. */
export const storeLocation = (c: Pick<Config, 'dbFile' | 'databaseUrl'>) => c.databaseUrl ?? c.dbFile;

export const databaseName = (c: Pick<Config, 'dbFile' | 'databaseUrl'>) => (c.databaseUrl ? withoutPassword(c.databaseUrl) : c.dbFile);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  const scenario = env.OPSMAP_SEED ?? 'demo';
  if (scenario !== 'demo' && scenario !== 'city' && scenario !== 'none') throw new Error(`OPSMAP_SEED must be demo, city or none, not "${scenario}"`);
  const cityIncidents = Number(env.OPSMAP_CITY_INCIDENTS ?? 1_000_000);
  if (!Number.isInteger(cityIncidents) || cityIncidents < 0) throw new Error(`OPSMAP_CITY_INCIDENTS must be a whole number, not "${env.OPSMAP_CITY_INCIDENTS}"`);
  const border = Number(env.OPSMAP_BORDER_M ?? 50);
  if (!(border >= 0)) throw new Error(`OPSMAP_BORDER_M must be a distance in metres, not "${env.OPSMAP_BORDER_M}"`);
  return {
    host: env.HOST ?? '127.0.0.1',
    port,
    dbFile: env.OPSMAP_DB ?? `${ROOT}data/opsmap.sqlite`,
    databaseUrl: databaseUrl(env.OPSMAP_DATABASE_URL),
    borderDistanceM: border,
    seedDemo: scenario !== 'none',
    seedScenario: scenario,
    cityIncidents,
    clientDir: env.OPSMAP_CLIENT_DIR ?? `${ROOT}dist`,
    baseUrl: env.OPSMAP_BASE_URL ?? null,
    trustProxy: loadTrustProxy(env.OPSMAP_TRUST_PROXY),
    auth: loadAuthSettings(env),
    work: loadWorkSettings(env),
    importLimits: loadIoLimits(env),
    budgets: {
      hotspotWork: positive(env, 'OPSMAP_HOTSPOT_BUDGET', 300_000_000), // ~0.3 s of one CPU
      printWork: positive(env, 'OPSMAP_PRINT_BUDGET', 2_000_000), // e.g. a 40-page atlas of 50,000 features
      planBookWork: positive(env, 'OPSMAP_PLAN_BOOK_BUDGET', 5_000_000), // e.g. 300 stations and 2,000,000 features in reach
    },
    caches: cacheShares(positive(env, 'OPSMAP_CACHE_MB', 96) * 1024 * 1024),
    caps: {
      ssePerUser: positive(env, 'OPSMAP_SSE_PER_USER', 8), // a few tabs and devices
      sseTotal: positive(env, 'OPSMAP_SSE_TOTAL', 500),
      concurrentPrints: positive(env, 'OPSMAP_PRINTS', 2),
      // A 2 MiB file at 700 B/s (a weak 2G link) takes ~50 min; Node's default cut uploads at 300 s.
      requestTimeoutS: positive(env, 'OPSMAP_REQUEST_TIMEOUT_S', 3600),
    },
  };
}
