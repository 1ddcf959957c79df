/** Environment variables for accounts and limits (documented in the README). */
export interface AuthSettings {
  /** Password for the `admin` created on first start; absent: one is generated and printed once. */
  adminPassword: string | null;
  /** Mark the session cookie Secure even when the request arrives as plain HTTP (TLS ends at a proxy). */
  secureCookies: boolean;
  /** How long a sign-in lasts. */
  sessionHours: number;
  /** Consecutive wrong passwords that lock an account, and for how long. */
  maxFailures: number;
  lockMinutes: number;
  /** Sign-in attempts (form or HTTP Basic) allowed per address and per account name, per 15 minutes. */
  loginAttemptsPerAddress: number;
  loginAttemptsPerAccount: number;
  /** API requests per address per minute; 0 turns the limit off. */
  requestsPerMinute: number;
}

function number(env: NodeJS.ProcessEnv, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${key} must be a number ≥ 0, not "${raw}"`);
  return n;
}

export function loadAuthSettings(env: NodeJS.ProcessEnv): AuthSettings {
  return {
    adminPassword: env.OPSMAP_ADMIN_PASSWORD || null,
    secureCookies: env.OPSMAP_SECURE_COOKIES === '1',
    sessionHours: number(env, 'OPSMAP_SESSION_HOURS', 12),
    maxFailures: number(env, 'OPSMAP_LOCK_AFTER', 5),
    lockMinutes: number(env, 'OPSMAP_LOCK_MINUTES', 15),
    loginAttemptsPerAddress: number(env, 'OPSMAP_LOGIN_LIMIT_ADDRESS', 30),
    loginAttemptsPerAccount: number(env, 'OPSMAP_LOGIN_LIMIT_ACCOUNT', 10),
    requestsPerMinute: number(env, 'OPSMAP_RATE_LIMIT', 12_000), // a map panning at street zoom asks dozens of tiles a second
  };
}
