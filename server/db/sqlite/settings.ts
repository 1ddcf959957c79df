/** Small key/value facts about this database (e.g. which seed it was built from), as JSON. */
import { sql } from 'drizzle-orm';
import type { Db } from '../open.ts';

export function getSetting(db: Db, key: string): unknown | null {
  const r = db.orm.get<{ value: string } | undefined>(sql`SELECT value FROM settings WHERE key = ${key}`);
  return r ? JSON.parse(r.value) : null;
}

export function setSetting(db: Db, key: string, value: unknown): void {
  db.orm.run(sql`INSERT OR REPLACE INTO settings (key, value) VALUES (${key}, ${JSON.stringify(value)})`);
}
