/**
 * Statements prepared once per connection. Building a query with drizzle's `sql` and preparing
 * it again costs ~0.1–0.3 ms a call (SQLite compiles the text every time); the reads asked for on
 * every request (a page of items, a layer's stamp) pay it once.
 */
import type Database from 'better-sqlite3';
import type { Db } from '../open.ts';

const prepared = new WeakMap<Db, Map<string, Database.Statement>>();

/** The statement for `text` on this connection, prepared on first use. */
export function statement(db: Db, text: string): Database.Statement {
  let byText = prepared.get(db);
  if (!byText) prepared.set(db, (byText = new Map()));
  let s = byText.get(text);
  if (!s) byText.set(text, (s = db.sqlite.prepare(text)));
  return s;
}
