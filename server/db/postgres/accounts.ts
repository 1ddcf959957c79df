/** Users, sessions and API tokens in PostgreSQL. Secrets arrive hashed (server/auth/accounts.ts). */
import type pg from 'pg';
import type { NewUserRow, SessionRow, TokenRow, UserChange, UserRow } from '../store.ts';
import { transaction } from './tx.ts';

type Q = Pick<pg.ClientBase, 'query'>;
const iso = (d: Date) => d.toISOString();

const USER = `u.id, u.name, u.password_hash AS "passwordHash", u.role, u.scope, u.disabled, u.failed_logins AS "failedLogins", u.locked_until AS "lockedUntil", u.created_at AS "createdAt", u.updated_at AS "updatedAt"`;
const SESSION = `s.id, s.user_id AS "userId", s.csrf, s.created_at AS "createdAt", s.expires_at AS "expiresAt", s.address`;
const TOKEN = `t.id, t.user_id AS "userId", t.name, t.created_at AS "createdAt", t.expires_at AS "expiresAt", t.last_used_at AS "lastUsedAt"`;
const COLUMN: Record<keyof UserChange, string> = { role: 'role', passwordHash: 'password_hash', disabled: 'disabled', scope: 'scope', failedLogins: 'failed_logins', lockedUntil: 'locked_until' };

const one = <T>(r: pg.QueryResult<T & pg.QueryResultRow>): T | null => r.rows[0] ?? null;

export const userByName = async (db: Q, name: string) => one<UserRow>(await db.query(`SELECT ${USER} FROM users u WHERE u.name = $1`, [name]));
export const userById = async (db: Q, id: number) => one<UserRow>(await db.query(`SELECT ${USER} FROM users u WHERE u.id = $1`, [id]));
export const listUsers = async (db: Q) => (await db.query<UserRow>(`SELECT ${USER} FROM users u ORDER BY u.name COLLATE "C"`)).rows;
export const countUsers = async (db: Q) => (await db.query<{ n: number }>('SELECT count(*) AS n FROM users')).rows[0].n;

export async function insertUser(db: Q, u: NewUserRow): Promise<UserRow> {
  const at = iso(new Date());
  const r = await db.query<UserRow>(
    `INSERT INTO users AS u (name, password_hash, role, scope, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING ${USER}`,
    [u.name, u.passwordHash, u.role, u.scope, at],
  );
  return r.rows[0];
}

export async function updateUser(pool: pg.Pool, id: number, change: UserChange): Promise<UserRow | null> {
  return transaction(pool, async (c) => {
    const keys = (Object.keys(change) as (keyof UserChange)[]).filter((k) => change[k] !== undefined && k in COLUMN);
    const params: unknown[] = [id, iso(new Date())];
    const sets = keys.map((k) => `${COLUMN[k]} = $${params.push(change[k])}`);
    const row = one<UserRow>(await c.query(`UPDATE users AS u SET ${[...sets, 'updated_at = $2'].join(', ')} WHERE u.id = $1 RETURNING ${USER}`, params));
    // A new password, role or a disabled account ends every session, on every server: whoever held one must sign in again.
    if (row && (change.passwordHash || change.disabled || change.role)) await c.query('DELETE FROM sessions WHERE user_id = $1', [id]);
    // A new password also revokes the API tokens: whoever stole the old password may have made one.
    if (row && change.passwordHash) await c.query('DELETE FROM api_tokens WHERE user_id = $1', [id]);
    return row;
  });
}

/** One statement: two wrong passwords at once, on two servers, cannot both read the same count. */
export async function recordFailure(db: Q, id: number, maxFailures: number, lockMinutes: number, now: Date): Promise<UserRow | null> {
  const lock = iso(new Date(now.getTime() + lockMinutes * 60_000));
  return one<UserRow>(
    await db.query(
      `UPDATE users AS u SET failed_logins = CASE WHEN u.failed_logins + 1 >= $2 THEN 0 ELSE u.failed_logins + 1 END,
         locked_until = CASE WHEN u.failed_logins + 1 >= $2 THEN $3 ELSE u.locked_until END, updated_at = $4
       WHERE u.id = $1 RETURNING ${USER}`,
      [id, maxFailures, lock, iso(new Date())],
    ),
  );
}

export async function recordSuccess(db: Q, id: number): Promise<void> {
  await db.query('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1 AND (failed_logins <> 0 OR locked_until IS NOT NULL)', [id]);
}

export async function insertSession(db: Q, s: SessionRow): Promise<void> {
  await db.query('INSERT INTO sessions (id, user_id, csrf, created_at, expires_at, address) VALUES ($1, $2, $3, $4, $5, $6)', [s.id, s.userId, s.csrf, s.createdAt, s.expiresAt, s.address]);
  // Sessions that ended are swept as new ones begin, so the table does not grow without end.
  await db.query('DELETE FROM sessions WHERE expires_at < $1', [s.createdAt]);
}

export async function findSession(db: Q, idHash: string): Promise<{ session: SessionRow; user: UserRow } | null> {
  const r = await db.query<{ s: SessionRow; u: UserRow }>(`SELECT row_to_json(x.*) AS s, row_to_json(y.*) AS u FROM (SELECT ${SESSION} FROM sessions s WHERE s.id = $1) x JOIN LATERAL (SELECT ${USER} FROM users u WHERE u.id = x."userId") y ON true`, [idHash]);
  return r.rows[0] ? { session: r.rows[0].s, user: r.rows[0].u } : null;
}

export async function deleteSession(db: Q, idHash: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE id = $1', [idHash]);
}

export async function insertToken(db: Q, t: Omit<TokenRow, 'id' | 'lastUsedAt'>): Promise<number> {
  const r = await db.query<{ id: number }>('INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id', [t.userId, t.name, t.tokenHash, t.createdAt, t.expiresAt]);
  return r.rows[0].id;
}

export async function findToken(db: Q, tokenHash: string): Promise<{ token: TokenRow; user: UserRow } | null> {
  const r = await db.query<{ t: TokenRow; u: UserRow }>(
    `SELECT row_to_json(x.*) AS t, row_to_json(y.*) AS u FROM (SELECT ${TOKEN}, t.token_hash AS "tokenHash" FROM api_tokens t WHERE t.token_hash = $1) x JOIN LATERAL (SELECT ${USER} FROM users u WHERE u.id = x."userId") y ON true`,
    [tokenHash],
  );
  return r.rows[0] ? { token: r.rows[0].t, user: r.rows[0].u } : null;
}

export async function touchToken(db: Q, id: number, at: string): Promise<void> {
  await db.query('UPDATE api_tokens SET last_used_at = $2 WHERE id = $1', [id, at]);
}

export async function listTokens(db: Q, userId: number): Promise<Array<Omit<TokenRow, 'tokenHash'>>> {
  return (await db.query(`SELECT ${TOKEN} FROM api_tokens t WHERE t.user_id = $1 ORDER BY t.id`, [userId])).rows;
}

export async function deleteToken(db: Q, id: number, userId?: number): Promise<boolean> {
  const r = userId === undefined ? await db.query('DELETE FROM api_tokens WHERE id = $1', [id]) : await db.query('DELETE FROM api_tokens WHERE id = $1 AND user_id = $2', [id, userId]);
  return (r.rowCount ?? 0) > 0;
}
