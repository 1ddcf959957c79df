/**
 * Users, sessions and API tokens in the database. Like the feature store, every function
 * takes the database handle first. Secrets (session cookies, API tokens) are stored only as
 * SHA-256 hashes: a copied database holds no usable session or token.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { apiTokens, sessions, users } from '../db/schema.ts';
import { DEFAULT_COST, hashPassword, hashPasswordSync, type ScryptCost } from './password.ts';
import type { Role } from './roles.ts';

export interface Scope {
  /** Ward codes the user may see and edit. */
  wards?: string[];
  /** District name the user may see and edit. */
  district?: string;
  /** Polling-station ids a `team` account reports for. */
  stations?: number[];
}

/** The signed-in user as routes see it (`c.get('user')`). */
export interface AuthUser {
  id: number;
  name: string;
  role: Role;
  scope: Scope | null;
}

export type UserRow = typeof users.$inferSelect;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const secret = () => randomBytes(32).toString('base64url');
const iso = (d: Date) => d.toISOString();

export const NAME_PATTERN = /^[\p{L}\p{N}._@-]{1,64}$/u;

export function toAuthUser(u: UserRow): AuthUser {
  return { id: u.id, name: u.name, role: u.role as Role, scope: u.scope ? (JSON.parse(u.scope) as Scope) : null };
}

export function findUserByName(db: Db, name: string): UserRow | undefined {
  return db.orm.select().from(users).where(eq(users.name, name)).get();
}

export function findUser(db: Db, id: number): UserRow | undefined {
  return db.orm.select().from(users).where(eq(users.id, id)).get();
}

export function listUsers(db: Db): UserRow[] {
  return db.orm.select().from(users).orderBy(users.name).all();
}

export function countUsers(db: Db): number {
  return db.orm.get<{ n: number }>(sql`SELECT count(*) AS n FROM users`).n;
}

export class AccountError extends Error {
  constructor(
    readonly kind: 'invalid' | 'exists' | 'not_found',
    message: string,
  ) {
    super(message);
  }
}

export interface NewUser {
  name: string;
  role: Role;
  password: string;
  scope?: Scope | null;
}

export async function createUser(db: Db, input: NewUser, cost: ScryptCost = DEFAULT_COST): Promise<UserRow> {
  checkNewUser(db, input.name);
  return insertUser(db, input, await hashPassword(input.password, cost));
}

/** The same, hashing synchronously: for the command line and test set-up. */
export function createUserSync(db: Db, input: NewUser, cost: ScryptCost = DEFAULT_COST): UserRow {
  checkNewUser(db, input.name);
  return insertUser(db, input, hashPasswordSync(input.password, cost));
}

function checkNewUser(db: Db, name: string) {
  if (!NAME_PATTERN.test(name)) throw new AccountError('invalid', `A user name is 1–64 letters, digits or . _ @ - (not "${name}").`);
  if (findUserByName(db, name)) throw new AccountError('exists', `There is already a user named ${name}.`);
}

function insertUser(db: Db, input: NewUser, passwordHash: string): UserRow {
  const at = iso(new Date());
  return db.orm
    .insert(users)
    .values({ name: input.name, passwordHash, role: input.role, scope: input.scope ? JSON.stringify(input.scope) : null, createdAt: at, updatedAt: at })
    .returning()
    .get();
}

export function updateUser(db: Db, id: number, change: Partial<Pick<UserRow, 'role' | 'passwordHash' | 'disabled' | 'scope' | 'failedLogins' | 'lockedUntil'>>): UserRow {
  const row = db.orm
    .update(users)
    .set({ ...change, updatedAt: iso(new Date()) })
    .where(eq(users.id, id))
    .returning()
    .get();
  if (!row) throw new AccountError('not_found', `There is no user with id ${id}.`);
  // A new password, role or a disabled account ends every session: whoever held one must sign in again.
  if (change.passwordHash || change.disabled || change.role) db.orm.delete(sessions).where(eq(sessions.userId, id)).run();
  // A new password also revokes the API tokens: whoever stole the old password may have made one (issue 15 #8).
  if (change.passwordHash) db.orm.delete(apiTokens).where(eq(apiTokens.userId, id)).run();
  return row;
}

export async function setPassword(db: Db, id: number, password: string, cost: ScryptCost = DEFAULT_COST): Promise<UserRow> {
  return updateUser(db, id, { passwordHash: await hashPassword(password, cost), failedLogins: 0, lockedUntil: null });
}

// ---- failed sign-ins and locking -------------------------------------------------

/**
 * Reserves a sign-in attempt before the password is checked, as a failure, in one statement:
 * N parallel guesses are N failures however they interleave with the scrypt wait (issue 15 #3:
 * they were counted after it, from a row read before it, so 20 parallel guesses counted 1).
 * At `maxFailures` the account locks until now + lockMinutes. A good password then clears it.
 */
export function reserveAttempt(db: Db, u: UserRow, maxFailures: number, lockMinutes: number, now: Date): UserRow {
  const lock = iso(new Date(now.getTime() + lockMinutes * 60_000));
  return db.orm
    .update(users)
    .set({
      failedLogins: sql`CASE WHEN ${users.failedLogins} + 1 >= ${maxFailures} THEN 0 ELSE ${users.failedLogins} + 1 END`,
      lockedUntil: sql`CASE WHEN ${users.failedLogins} + 1 >= ${maxFailures} THEN ${lock} ELSE ${users.lockedUntil} END`,
    })
    .where(eq(users.id, u.id))
    .returning()
    .get()!;
}

export function recordSuccess(db: Db, u: UserRow): void {
  db.orm.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, u.id)).run();
}

export const lockedUntil = (u: UserRow, now: Date): string | null => (u.lockedUntil && u.lockedUntil > iso(now) ? u.lockedUntil : null);

// ---- sessions -------------------------------------------------------------------

export interface NewSession {
  cookie: string;
  csrf: string;
  expiresAt: string;
}

export function createSession(db: Db, userId: number, hours: number, address: string | null, now = new Date()): NewSession {
  const cookie = secret();
  const csrf = randomBytes(24).toString('base64url');
  const expiresAt = iso(new Date(now.getTime() + hours * 3_600_000));
  db.orm.insert(sessions).values({ id: sha256(cookie), userId, csrf, createdAt: iso(now), expiresAt, address }).run();
  // Sessions that ended are swept as new ones begin, so the table does not grow without end.
  db.orm.delete(sessions).where(sql`${sessions.expiresAt} < ${iso(now)}`).run();
  return { cookie, csrf, expiresAt };
}

export type SessionRow = typeof sessions.$inferSelect;

export function findSession(db: Db, cookie: string): { session: SessionRow; user: UserRow } | undefined {
  const r = db.orm.select().from(sessions).innerJoin(users, eq(sessions.userId, users.id)).where(eq(sessions.id, sha256(cookie))).get();
  return r ? { session: r.sessions, user: r.users } : undefined;
}

export function deleteSession(db: Db, cookie: string): void {
  db.orm.delete(sessions).where(eq(sessions.id, sha256(cookie))).run();
}

// ---- API tokens -----------------------------------------------------------------

/** Tokens start with a recognisable prefix so a leaked one is easy to find in logs and repositories. */
export const TOKEN_PREFIX = 'opsmap_';

export function createToken(db: Db, userId: number, name: string, days: number | null = null, now = new Date()): { token: string; id: number; expiresAt: string | null } {
  const token = TOKEN_PREFIX + secret();
  const expiresAt = days ? iso(new Date(now.getTime() + days * 86_400_000)) : null;
  const row = db.orm.insert(apiTokens).values({ userId, name, tokenHash: sha256(token), createdAt: iso(now), expiresAt }).returning({ id: apiTokens.id }).get();
  return { token, id: row.id, expiresAt };
}

export type TokenRow = typeof apiTokens.$inferSelect;

export function findToken(db: Db, token: string): { token: TokenRow; user: UserRow } | undefined {
  const r = db.orm.select().from(apiTokens).innerJoin(users, eq(apiTokens.userId, users.id)).where(eq(apiTokens.tokenHash, sha256(token))).get();
  return r ? { token: r.api_tokens, user: r.users } : undefined;
}

/** Noted at most once a minute per token: a GIS client paging through a layer should not write on every page. */
export function touchToken(db: Db, t: TokenRow, now = new Date()): void {
  if (t.lastUsedAt && now.getTime() - Date.parse(t.lastUsedAt) < 60_000) return;
  db.orm.update(apiTokens).set({ lastUsedAt: iso(now) }).where(eq(apiTokens.id, t.id)).run();
}

export function listTokens(db: Db, userId: number): Array<Omit<TokenRow, 'tokenHash'>> {
  return db.orm
    .select({ id: apiTokens.id, userId: apiTokens.userId, name: apiTokens.name, createdAt: apiTokens.createdAt, expiresAt: apiTokens.expiresAt, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(apiTokens.id)
    .all();
}

/** Revokes a token; with `userId`, only if it belongs to that user. Returns whether one was removed. */
export function deleteToken(db: Db, id: number, userId?: number): boolean {
  const where = userId === undefined ? eq(apiTokens.id, id) : and(eq(apiTokens.id, id), eq(apiTokens.userId, userId));
  return db.orm.delete(apiTokens).where(where).run().changes > 0;
}

/** A user as shown to an admin: never the password hash. */
export function publicUser(u: UserRow, now = new Date()) {
  return { id: u.id, name: u.name, role: u.role, scope: u.scope ? JSON.parse(u.scope) : null, disabled: u.disabled, lockedUntil: lockedUntil(u, now), createdAt: u.createdAt, updatedAt: u.updatedAt };
}
