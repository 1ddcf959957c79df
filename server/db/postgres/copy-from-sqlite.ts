/**
 * Copies a whole opsmap SQLite database into an empty PostgreSQL database: features (with
 * their ids and versions, so links, ETags and the audit trail stay valid), the audit trail,
 * reference layers, users, sessions, API tokens, settings, and the polling-station plans with
 * their history and election-day reports, in one transaction; then moves
 * each identity sequence past the copied ids and compares every table's count on both sides.
 */
import Database from 'better-sqlite3';
import type pg from 'pg';
import { transaction } from './tx.ts';

/** Each table as both schemas have it: column name and PostgreSQL type (for the unnest() casts). */
const TABLES: Array<{ name: string; columns: Array<[string, string]>; identity: boolean }> = [
  { name: 'users', identity: true, columns: [['id', 'int'], ['name', 'text'], ['password_hash', 'text'], ['role', 'text'], ['scope', 'text'], ['disabled', 'boolean'], ['failed_logins', 'int'], ['locked_until', 'text'], ['created_at', 'text'], ['updated_at', 'text']] },
  { name: 'sessions', identity: false, columns: [['id', 'text'], ['user_id', 'int'], ['csrf', 'text'], ['created_at', 'text'], ['expires_at', 'text'], ['address', 'text']] },
  { name: 'api_tokens', identity: true, columns: [['id', 'int'], ['user_id', 'int'], ['name', 'text'], ['token_hash', 'text'], ['created_at', 'text'], ['expires_at', 'text'], ['last_used_at', 'text']] },
  { name: 'settings', identity: false, columns: [['key', 'text'], ['value', 'text']] },
  {
    name: 'features',
    identity: true,
    columns: [['id', 'int'], ['collection', 'text'], ['properties', 'text'], ['geometry', 'text'], ['minx', 'float8'], ['miny', 'float8'], ['maxx', 'float8'], ['maxy', 'float8'], ['t_start', 'text'], ['t_end', 'text'], ['version', 'int'], ['created_at', 'text'], ['updated_at', 'text'], ['created_by', 'text'], ['updated_by', 'text']],
  },
  { name: 'reference_features', identity: true, columns: [['id', 'int'], ['layer', 'text'], ['properties', 'text'], ['geometry', 'text'], ['minx', 'float8'], ['miny', 'float8'], ['maxx', 'float8'], ['maxy', 'float8'], ['imported_at', 'text']] },
  { name: 'audit', identity: true, columns: [['id', 'bigint'], ['at', 'text'], ['actor', 'text'], ['address', 'text'], ['action', 'text'], ['collection', 'text'], ['feature_id', 'int'], ['version', 'int'], ['before', 'text'], ['after', 'text']] },
  { name: 'station_plans', identity: false, columns: [['station_id', 'int'], ['version', 'int'], ['plan', 'text'], ['status', 'text'], ['updated_at', 'text'], ['updated_by', 'text']] },
  { name: 'plan_audit', identity: true, columns: [['id', 'int'], ['at', 'text'], ['actor', 'text'], ['address', 'text'], ['action', 'text'], ['station_id', 'int'], ['version', 'int'], ['before', 'text'], ['after', 'text']] },
  { name: 'station_reports', identity: true, columns: [['id', 'int'], ['station_id', 'int'], ['type', 'text'], ['at', 'text'], ['body', 'text'], ['incident_id', 'int'], ['actor', 'text'], ['created_at', 'text']] },
];

/** Rows per INSERT: the audit trail holds whole features twice, so keep a statement's parameters to a few MB. */
const CHUNK = 2_000;

export interface CopyReport {
  table: string;
  sqlite: number;
  postgres: number;
}

export async function copySqliteToPostgres(file: string, pool: pg.Pool, log: (line: string) => void = () => {}): Promise<CopyReport[]> {
  const src = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const present = new Set((src.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    for (const t of ['features', 'users', 'audit']) if (!present.has(t)) throw new Error(`${file} is not an opsmap database (no ${t} table).`);
    const busy = (await pool.query<{ n: number }>('SELECT (SELECT count(*) FROM features) + (SELECT count(*) FROM users) + (SELECT count(*) FROM audit) + (SELECT count(*) FROM settings) AS n')).rows[0].n;
    if (busy) throw new Error('The PostgreSQL database is not empty (it has features, users, audit entries or settings); copy into a new database.');
    await transaction(pool, async (c) => {
      for (const t of TABLES) {
        if (!present.has(t.name)) continue;
        const names = t.columns.map(([n]) => n);
        const stmt = src.prepare(`SELECT ${names.map((n) => `"${n}"`).join(', ')} FROM "${t.name}" ORDER BY rowid`).raw(true);
        let batch: unknown[][] = [];
        let copied = 0;
        const flush = async () => {
          if (!batch.length) return;
          const cols = t.columns.map(([, type], i) => batch.map((r) => (type === 'boolean' ? (r[i] === null ? null : Boolean(r[i])) : r[i])));
          const casts = t.columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
          await c.query(`INSERT INTO ${t.name} (${names.join(', ')}) SELECT * FROM unnest(${casts})`, cols);
          copied += batch.length;
          batch = [];
        };
        for (const row of stmt.iterate() as Iterable<unknown[]>) {
          batch.push(row);
          if (batch.length >= CHUNK) await flush();
        }
        await flush();
        if (t.identity) {
          // AUTOINCREMENT's high-water mark, not max(id): the id of a feature deleted last is never handed out again.
          const seq = present.has('sqlite_sequence') ? ((src.prepare('SELECT seq FROM sqlite_sequence WHERE name = ?').get(t.name) as { seq: number } | undefined)?.seq ?? 0) : 0;
          await c.query(`SELECT setval(pg_get_serial_sequence('${t.name}', 'id'), GREATEST($1::bigint, (SELECT max(id) FROM ${t.name}), 1), GREATEST($1::bigint, (SELECT max(id) FROM ${t.name})) IS NOT NULL AND GREATEST($1::bigint, (SELECT max(id) FROM ${t.name})) > 0)`, [seq]);
        }
        log(`${t.name}: ${copied} rows`);
      }
    });
    const report: CopyReport[] = [];
    for (const t of TABLES) {
      const sqlite = present.has(t.name) ? (src.prepare(`SELECT count(*) AS n FROM "${t.name}"`).get() as { n: number }).n : 0;
      const postgres = (await pool.query<{ n: number }>(`SELECT count(*) AS n FROM ${t.name}`)).rows[0].n;
      report.push({ table: t.name, sqlite, postgres });
    }
    const layers = src.prepare('SELECT collection, count(*) AS n FROM features GROUP BY collection ORDER BY collection').all() as { collection: string; n: number }[];
    for (const l of layers) {
      const postgres = (await pool.query<{ n: number }>('SELECT count(*) AS n FROM features WHERE collection = $1', [l.collection])).rows[0].n;
      report.push({ table: `features: ${l.collection}`, sqlite: l.n, postgres });
    }
    return report;
  } finally {
    src.close();
  }
}
