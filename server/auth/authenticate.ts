/**
 * Who is asking: a session cookie (the web client), an API token (`Authorization: Bearer`,
 * scripts and GDAL) or HTTP Basic (QGIS, GDAL `USERPWD`) over the same accounts. Password
 * checks, by sign-in form or Basic, share one path with the per-address limit and the
 * account lock.
 */
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { SignInPair, Store } from '../db/store.ts';
import { HttpProblem } from '../http/problem.ts';
import { actorOf } from '../http/request.ts';
import {
  findSession,
  findToken,
  findUserByName,
  lockedUntil,
  sha256,
  toAuthUser,
  touchToken,
  deleteSession,
  type AuthUser,
  type SessionRow,
  type UserRow,
} from './accounts.ts';
import { burnPasswordCheck, verifyPassword } from './password.ts';
import type { AuthSettings } from './settings.ts';

export const SESSION_COOKIE = 'opsmap_session';

export interface Identity {
  user: AuthUser;
  via: 'session' | 'token' | 'basic';
  session?: SessionRow;
}

const WRONG = 'Wrong user name or password.';
const LOGIN_WINDOW_MS = 15 * 60_000;
const BASIC_CACHE_MS = 5 * 60_000;
/** How long a good sign-in exempts its account-and-address pair from the lock and the address limit. */
const KNOWN_MS = 30 * 24 * 3600_000;

export const addressOf = (c: Context) => actorOf(c).address ?? 'unknown';

const when = (iso: string) => `${iso.replace('T', ' ').slice(0, 16)} UTC`;

/** Throttle keys of the per-address and per-name sign-in limits. */
const addressKey = (address: string) => `login-address:${address}`;
const accountKey = (name: string) => `login-account:${name}`;

/**
 * Every address's delay for an account and its per-name count forgotten: with an unlock or a new
 * password (the account lock itself is cleared on the user row). From the web or the command line.
 */
export async function liftDelays(store: Store, name: string): Promise<void> {
  await Promise.all([store.accounts.signInPairs.forgive(name), store.accounts.throttle.reset(accountKey(name))]);
}

export class Authenticator {
  /** Basic sends the password with every request; one scrypt per GDAL page would be slow, so a verified pair is remembered briefly. */
  private readonly basicCache = new Map<string, { userId: number; hash: string; until: number }>();

  /**
   * The per-address and per-name counts and each account-and-address pair's record are kept by
   * the store (store.accounts.throttle and .signInPairs): in the database on PostgreSQL, so that
   * N servers behind a proxy enforce one set of limits and delays, not N.
   */
  constructor(
    private readonly store: Store,
    private readonly settings: AuthSettings,
  ) {}

  private get throttle() {
    return this.store.accounts.throttle;
  }

  private get pairs() {
    return this.store.accounts.signInPairs;
  }

  /**
   * Checks a name and password; throws a problem saying why not. OWASP's design (issue 15 #3, #8):
   * - The attempt is reserved as a failure before the scrypt wait, synchronously and in one
   *   statement (store.accounts.users.recordFailure), so parallel guesses are all counted.
   * - Each account-and-address pair gets growing delays after `maxFailures` failures (1 s, 2 s,
   *   4 s… up to lockMinutes), so one guesser slows only itself.
   * - The account lock and the per-address and per-name limits stop guessers, but not a pair
   *   that has signed in before (the owner at their usual address, colleagues behind one NAT):
   *   an attacker cannot lock the owner out. An admin can always unlock (unlock()).
   */
  async signIn(name: string, password: string, address: string, now = new Date()): Promise<UserRow> {
    const { user, after, known } = await this.reserve(name, address, now);
    if (!user) {
      await burnPasswordCheck(password);
      throw new HttpProblem(401, WRONG);
    }
    if (!(await verifyPassword(password, user.passwordHash))) {
      const nowLocked = after && lockedUntil(after, now);
      if (nowLocked && !known) throw new HttpProblem(423, `Wrong password. The account ${name} is now locked after ${this.settings.maxFailures} wrong passwords, until ${when(nowLocked)}.`, { title: 'Account locked', lockedUntil: nowLocked });
      throw new HttpProblem(401, WRONG);
    }
    if (user.disabled) throw new HttpProblem(403, `The account ${name} is disabled; ask an admin.`);
    await this.store.accounts.users.recordSuccess(user.id);
    await Promise.all([
      this.throttle.unhit(addressKey(address), this.settings.loginAttemptsPerAddress, LOGIN_WINDOW_MS),
      this.throttle.unhit(accountKey(name), this.settings.loginAttemptsPerAccount, LOGIN_WINDOW_MS),
      this.pairs.succeed(name, address, now.getTime() + KNOWN_MS),
    ]);
    return user;
  }

  /**
   * The checks and the reservation of an attempt, one sign-in at a time in this process: the
   * store answers asynchronously, so without the lane 20 parallel guesses would all read the
   * account before any of them was counted. Only this short step waits in line, not the
   * password hash. Across servers the account's failures are reserved atomically in the
   * database (recordFailure), and each count is one atomic statement.
   */
  private reserve(name: string, address: string, now: Date): Promise<{ user: UserRow | undefined; after: UserRow | null; known: boolean }> {
    const step = async () => {
      const pair = await this.pairs.get(name, address);
      const known = !!pair && pair.knownUntil > now.getTime();
      if (!known) {
        const waits = await Promise.all([
          this.throttle.check(addressKey(address), this.settings.loginAttemptsPerAddress, LOGIN_WINDOW_MS, now.getTime()),
          this.throttle.check(accountKey(name), this.settings.loginAttemptsPerAccount, LOGIN_WINDOW_MS, now.getTime()),
        ]);
        const wait = Math.max(...waits);
        if (wait) throw new HttpProblem(429, `Too many failed sign-ins; wait ${Math.ceil(wait / 60)} minute(s) and try again.`, { retryAfter: wait });
      }
      const user = await findUserByName(this.store, name);
      const locked = user && !known ? lockedUntil(user, now) : null;
      if (locked) throw new HttpProblem(423, `The account ${name} is locked after ${this.settings.maxFailures} wrong passwords, until ${when(locked)}. Wait, or ask an admin to unlock it.`, { title: 'Account locked', lockedUntil: locked });
      // Unknown pairs meet the account lock (in the database, so `npm run user -- unlock` lifts it);
      // the pairs exempt from it are slowed instead.
      const delay = known ? this.pairDelay(pair, now) : 0;
      if (delay) throw new HttpProblem(429, `Too many wrong passwords for ${name} from your address; wait ${delay} s and try again.`, { retryAfter: delay });
      // Reserved before the password is checked: a failure until a good password clears it.
      const [after] = await Promise.all([
        user ? this.store.accounts.users.recordFailure(user.id, this.settings.maxFailures, this.settings.lockMinutes, now) : null,
        this.throttle.hit(addressKey(address), this.settings.loginAttemptsPerAddress, LOGIN_WINDOW_MS, now.getTime()),
        this.throttle.hit(accountKey(name), this.settings.loginAttemptsPerAccount, LOGIN_WINDOW_MS, now.getTime()),
        this.pairs.fail(name, address, now.getTime()),
      ]);
      return { user, after, known };
    };
    const run = this.lane.then(step, step);
    this.lane = run.catch(() => undefined);
    return run;
  }

  private lane: Promise<unknown> = Promise.resolve();

  /** An admin's unlock: the account and every address's delay for it start afresh, on every server. */
  unlock(name: string): Promise<void> {
    return liftDelays(this.store, name);
  }

  /** Seconds this pair must still wait: none for the first failures, then 1, 2, 4 … lockMinutes·60. */
  private pairDelay(p: SignInPair | null, now: Date): number {
    if (!p || p.failures < this.settings.maxFailures) return 0;
    const delayMs = Math.min(1000 * 2 ** (p.failures - this.settings.maxFailures), this.settings.lockMinutes * 60_000);
    return Math.max(0, Math.ceil((p.last + delayMs - now.getTime()) / 1000));
  }

  /** The identity behind the request's credentials, null when it carries none; throws when they are wrong. */
  async identify(c: Context, now = new Date()): Promise<Identity | null> {
    const header = c.req.header('authorization');
    if (header) {
      const [scheme, value = ''] = header.trim().split(/\s+/, 2);
      if (/^bearer$/i.test(scheme)) return this.bearer(value, now);
      if (/^basic$/i.test(scheme)) return this.basic(c, value, now);
      throw new HttpProblem(401, `Authorization scheme "${scheme}" is not supported; use Bearer (API token) or Basic.`);
    }
    const cookie = getCookie(c, SESSION_COOKIE);
    return cookie ? this.session(cookie, now) : null;
  }

  private async bearer(token: string, now: Date): Promise<Identity> {
    const found = token ? await findToken(this.store, token) : undefined;
    if (!found) throw new HttpProblem(401, 'This API token is not valid: it was revoked or mistyped. Create a new one (npm run user -- token NAME).');
    if (found.token.expiresAt && found.token.expiresAt <= now.toISOString()) throw new HttpProblem(401, `This API token expired at ${when(found.token.expiresAt)}; create a new one.`);
    if (found.user.disabled) throw new HttpProblem(403, `The account ${found.user.name} is disabled; ask an admin.`);
    await touchToken(this.store, found.token, now);
    return { user: toAuthUser(found.user), via: 'token' };
  }

  private async basic(c: Context, value: string, now: Date): Promise<Identity> {
    let decoded: string;
    try {
      decoded = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(value, 'base64'));
    } catch {
      throw new HttpProblem(401, 'The Basic credentials are not valid base64 of name:password.');
    }
    const colon = decoded.indexOf(':');
    if (colon < 1) throw new HttpProblem(401, 'The Basic credentials must be name:password.');
    const name = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    const key = sha256(`${name}\0${password}`);
    const cached = this.basicCache.get(key);
    if (cached && cached.until > now.getTime()) {
      const user = await findUserByName(this.store, name);
      // The password, role or state may have changed since: only a still-identical hash counts.
      if (user && user.id === cached.userId && user.passwordHash === cached.hash && !user.disabled && !lockedUntil(user, now)) return { user: toAuthUser(user), via: 'basic' };
      this.basicCache.delete(key);
    }
    const user = await this.signIn(name, password, addressOf(c), now);
    if (this.basicCache.size > 10_000) this.basicCache.clear();
    this.basicCache.set(key, { userId: user.id, hash: user.passwordHash, until: now.getTime() + BASIC_CACHE_MS });
    return { user: toAuthUser(user), via: 'basic' };
  }

  private async session(cookie: string, now: Date): Promise<Identity> {
    const found = await findSession(this.store, cookie);
    if (!found) throw new HttpProblem(401, 'Your session has ended (signed out, or the password or role changed); sign in again.');
    if (found.session.expiresAt <= now.toISOString()) {
      await deleteSession(this.store, cookie);
      throw new HttpProblem(401, `Your session expired at ${when(found.session.expiresAt)}; sign in again.`);
    }
    if (found.user.disabled) throw new HttpProblem(403, `The account ${found.user.name} is disabled; ask an admin.`);
    return { user: toAuthUser(found.user), via: 'session', session: found.session };
  }
}
