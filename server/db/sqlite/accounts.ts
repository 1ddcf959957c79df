/** Users, sessions and API tokens in SQLite. Secrets arrive hashed (server/auth/accounts.ts). */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../open.ts';
import { apiTokens, sessions, users } from '../schema.ts';
import type { NewUserRow, SessionRow, TokenRow, UserChange, UserRow } from '../store.ts';

const iso = (d: Date) => d.toISOString();

export function userByName(db: Db, name: string): UserRow | null {
  return db.orm.select().from(users).where(eq(users.name, name)).get() ?? null;
}

export function userById(db: Db, id: number): UserRow | null {
  return db.orm.select().from(users).where(eq(users.id, id)).get() ?? null;
}

export function listUsers(db: Db): UserRow[] {
  return db.orm.select().from(users).orderBy(users.name).all();
}

export function countUsers(db: Db): number {
  return db.orm.get<{ n: number }>(sql`SELECT count(*) AS n FROM users`).n;
}

export function insertUser(db: Db, u: NewUserRow): UserRow {
  const at = iso(new Date());
  return db.orm
    .insert(users)
    .values({ ...u, createdAt: at, updatedAt: at })
    .returning()
    .get();
}

export function updateUser(db: Db, id: number, change: UserChange): UserRow | null {
  return db.sqlite.transaction(() => {
    const row = db.orm
      .update(users)
      .set({ ...change, updatedAt: iso(new Date()) })
      .where(eq(users.id, id))
      .returning()
      .get();
    // A new password, role or a disabled account ends every session: whoever held one must sign in again.
    if (row && (change.passwordHash || change.disabled || change.role)) db.orm.delete(sessions).where(eq(sessions.userId, id)).run();
    // A new password also revokes the API tokens: whoever stole the old password may have made one (issue 15 #8).
    if (row && change.passwordHash) db.orm.delete(apiTokens).where(eq(apiTokens.userId, id)).run();
    return row ?? null;
  })();
}

export function recordFailure(db: Db, id: number, maxFailures: number, lockMinutes: number, now: Date): UserRow | null {
  const lock = iso(new Date(now.getTime() + lockMinutes * 60_000));
  // One statement: two wrong passwords at once cannot both read the same count.
  return (
    db.orm
      .update(users)
      .set({
        failedLogins: sql`CASE WHEN ${users.failedLogins} + 1 >= ${maxFailures} THEN 0 ELSE ${users.failedLogins} + 1 END`,
        lockedUntil: sql`CASE WHEN ${users.failedLogins} + 1 >= ${maxFailures} THEN ${lock} ELSE ${users.lockedUntil} END`,
      })
      .where(eq(users.id, id))
      .returning()
      .get() ?? null
  );
}

export function recordSuccess(db: Db, id: number): void {
  db.orm
    .update(users)
    .set({ failedLogins: 0, lockedUntil: null })
    .where(and(eq(users.id, id), sql`(${users.failedLogins} <> 0 OR ${users.lockedUntil} IS NOT NULL)`))
    .run();
}

export function insertSession(db: Db, s: SessionRow): void {
  db.orm.insert(sessions).values(s).run();
  // Sessions that ended are swept as new ones begin, so the table does not grow without end.
  db.orm.delete(sessions).where(sql`${sessions.expiresAt} < ${s.createdAt}`).run();
}

/**
 * The two lookups every request makes (its session or token, with the user), built and prepared
 * once per connection: drizzle's builder and SQLite's compile were ~0.5 ms of each request. Read
 * afresh every time, so a sign-out, a revoked token or a role change holds from the next request.
 */
function identityQueries(db: Db) {
  const hash = sql.placeholder('hash');
  return {
    session: db.orm.select().from(sessions).innerJoin(users, eq(sessions.userId, users.id)).where(eq(sessions.id, hash)).prepare(),
    token: db.orm.select().from(apiTokens).innerJoin(users, eq(apiTokens.userId, users.id)).where(eq(apiTokens.tokenHash, hash)).prepare(),
  };
}
const prepared = new WeakMap<Db, ReturnType<typeof identityQueries>>();
function identityQuery<K extends keyof ReturnType<typeof identityQueries>>(db: Db, kind: K): ReturnType<typeof identityQueries>[K] {
  let q = prepared.get(db);
  if (!q) prepared.set(db, (q = identityQueries(db)));
  return q[kind];
}

export function findSession(db: Db, idHash: string): { session: SessionRow; user: UserRow } | null {
  const r = identityQuery(db, 'session').get({ hash: idHash });
  return r ? { session: r.sessions, user: r.users } : null;
}

export function deleteSession(db: Db, idHash: string): void {
  db.orm.delete(sessions).where(eq(sessions.id, idHash)).run();
}

export function insertToken(db: Db, t: Omit<TokenRow, 'id' | 'lastUsedAt'>): number {
  return db.orm.insert(apiTokens).values(t).returning({ id: apiTokens.id }).get().id;
}

export function findToken(db: Db, tokenHash: string): { token: TokenRow; user: UserRow } | null {
  const r = identityQuery(db, 'token').get({ hash: tokenHash });
  return r ? { token: r.api_tokens, user: r.users } : null;
}

export function touchToken(db: Db, id: number, at: string): void {
  db.orm.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id)).run();
}

export function listTokens(db: Db, userId: number): Array<Omit<TokenRow, 'tokenHash'>> {
  return db.orm
    .select({ id: apiTokens.id, userId: apiTokens.userId, name: apiTokens.name, createdAt: apiTokens.createdAt, expiresAt: apiTokens.expiresAt, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(apiTokens.id)
    .all();
}

export function deleteToken(db: Db, id: number, userId?: number): boolean {
  const where = userId === undefined ? eq(apiTokens.id, id) : and(eq(apiTokens.id, id), eq(apiTokens.userId, userId));
  return db.orm.delete(apiTokens).where(where).run().changes > 0;
}
