/** Configuration from environment variables, with the defaults documented in the README. */
import { fileURLToPath } from 'node:url';
import { loadAuthSettings, type AuthSettings } from './auth/settings.ts';

export interface Config {
  host: string;
  port: number;
  dbFile: string;
  /** Distance (m) from a ward border within which a checkpoint is "on the border". */
  borderDistanceM: number;
  /** Build the demo scenario into an empty database on first start. */
  seedDemo: boolean;
  /** Where the built client lives (vite build output). */
  clientDir: string;
  /** Base URL for absolute links when behind a proxy; default: taken from each request. */
  baseUrl: string | null;
  /** Accounts, sessions and rate limits (server/auth/settings.ts). */
  auth: AuthSettings;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  const border = Number(env.OPSMAP_BORDER_M ?? 50);
  if (!(border >= 0)) throw new Error(`OPSMAP_BORDER_M must be a distance in metres, not "${env.OPSMAP_BORDER_M}"`);
  return {
    host: env.HOST ?? '127.0.0.1',
    port,
    dbFile: env.OPSMAP_DB ?? `${ROOT}data/opsmap.sqlite`,
    borderDistanceM: border,
    seedDemo: (env.OPSMAP_SEED ?? 'demo') !== 'none',
    clientDir: env.OPSMAP_CLIENT_DIR ?? `${ROOT}dist`,
    baseUrl: env.OPSMAP_BASE_URL ?? null,
    auth: loadAuthSettings(env),
  };
}
