/**
 * Users, sessions and API tokens, over a Store (the SQL is in server/db/). Secrets (session
 * cookies, API tokens) are stored only as SHA-256 hashes: a copied database holds no usable
 * session or token.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SessionRow, Store, TokenRow, UserChange, UserRow } from '../db/store.ts';
import { DEFAULT_COST, hashPassword, type ScryptCost } from './password.ts';
import type { Role } from './roles.ts';

export type { SessionRow, TokenRow, UserRow };

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

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const secret = () => randomBytes(32).toString('base64url');
const iso = (d: Date) => d.toISOString();

export const NAME_PATTERN = /^[\p{L}\p{N}._@-]{1,64}$/u;

export function toAuthUser(u: UserRow): AuthUser {
  return { id: u.id, name: u.name, role: u.role as Role, scope: u.scope ? (JSON.parse(u.scope) as Scope) : null };
}

export async function findUserByName(store: Store, name: string): Promise<UserRow | undefined> {
  return (await store.accounts.users.byName(name)) ?? undefined;
}

export async function findUser(store: Store, id: number): Promise<UserRow | undefined> {
  return (await store.accounts.users.byId(id)) ?? undefined;
}

export const listUsers = (store: Store): Promise<UserRow[]> => store.accounts.users.list();
export const countUsers = (store: Store): Promise<number> => store.accounts.users.count();

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

export async function createUser(store: Store, input: NewUser, cost: ScryptCost = DEFAULT_COST): Promise<UserRow> {
  if (!NAME_PATTERN.test(input.name)) throw new AccountError('invalid', `A user name is 1–64 letters, digits or . _ @ - (not "${input.name}").`);
  if (await store.accounts.users.byName(input.name)) throw new AccountError('exists', `There is already a user named ${input.name}.`);
  const passwordHash = await hashPassword(input.password, cost);
  return store.accounts.users.create({ name: input.name, passwordHash, role: input.role, scope: input.scope ? JSON.stringify(input.scope) : null });
}

/** Changes a user; a new password, role or a disabled account ends every session of theirs. */
export async function updateUser(store: Store, id: number, change: UserChange): Promise<UserRow> {
  const row = await store.accounts.users.update(id, change);
  if (!row) throw new AccountError('not_found', `There is no user with id ${id}.`);
  return row;
}

export async function setPassword(store: Store, id: number, password: string, cost: ScryptCost = DEFAULT_COST): Promise<UserRow> {
  return updateUser(store, id, { passwordHash: await hashPassword(password, cost), failedLogins: 0, lockedUntil: null });
}

export const lockedUntil = (u: UserRow, now: Date): string | null => (u.lockedUntil && u.lockedUntil > iso(now) ? u.lockedUntil : null);

// ---- sessions -------------------------------------------------------------------

export interface NewSession {
  cookie: string;
  csrf: string;
  expiresAt: string;
}

export async function createSession(store: Store, userId: number, hours: number, address: string | null, now = new Date()): Promise<NewSession> {
  const cookie = secret();
  const csrf = randomBytes(24).toString('base64url');
  const expiresAt = iso(new Date(now.getTime() + hours * 3_600_000));
  await store.accounts.sessions.create({ id: sha256(cookie), userId, csrf, createdAt: iso(now), expiresAt, address });
  return { cookie, csrf, expiresAt };
}

export async function findSession(store: Store, cookie: string): Promise<{ session: SessionRow; user: UserRow } | undefined> {
  return (await store.accounts.sessions.find(sha256(cookie))) ?? undefined;
}

export const deleteSession = (store: Store, cookie: string): Promise<void> => store.accounts.sessions.delete(sha256(cookie));

// ---- API tokens -----------------------------------------------------------------

/** Tokens start with a recognisable prefix so a leaked one is easy to find in logs and repositories. */
export const TOKEN_PREFIX = 'opsmap_';

/** A new token and what is stored of it. */
export function newToken(userId: number, name: string, days: number | null = null, now = new Date()): { token: string; row: Omit<TokenRow, 'id' | 'lastUsedAt'> } {
  const token = TOKEN_PREFIX + secret();
  const expiresAt = days ? iso(new Date(now.getTime() + days * 86_400_000)) : null;
  return { token, row: { userId, name, tokenHash: sha256(token), createdAt: iso(now), expiresAt } };
}

export async function createToken(store: Store, userId: number, name: string, days: number | null = null, now = new Date()): Promise<{ token: string; id: number; expiresAt: string | null }> {
  const { token, row } = newToken(userId, name, days, now);
  return { token, id: await store.accounts.tokens.create(row), expiresAt: row.expiresAt };
}

export async function findToken(store: Store, token: string): Promise<{ token: TokenRow; user: UserRow } | undefined> {
  return (await store.accounts.tokens.find(sha256(token))) ?? undefined;
}

/** Noted at most once a minute per token: a GIS client paging through a layer should not write on every page. */
export async function touchToken(store: Store, t: TokenRow, now = new Date()): Promise<void> {
  if (t.lastUsedAt && now.getTime() - Date.parse(t.lastUsedAt) < 60_000) return;
  await store.accounts.tokens.touch(t.id, iso(now));
}

export const listTokens = (store: Store, userId: number): Promise<Array<Omit<TokenRow, 'tokenHash'>>> => store.accounts.tokens.list(userId);

/** Revokes a token; with `userId`, only if it belongs to that user. Returns whether one was removed. */
export const deleteToken = (store: Store, id: number, userId?: number): Promise<boolean> => store.accounts.tokens.delete(id, userId);

/** A user as shown to an admin: never the password hash. */
export function publicUser(u: UserRow, now = new Date()) {
  return { id: u.id, name: u.name, role: u.role, scope: u.scope ? JSON.parse(u.scope) : null, disabled: u.disabled, lockedUntil: lockedUntil(u, now), createdAt: u.createdAt, updatedAt: u.updatedAt };
}
