import type Database from 'better-sqlite3';

export interface PointPageSql {
  /** Takes @w @s @e @n; gives the JSON array of the ids of the points in the box. */
  ids: string;
  /** Takes a JSON array of ids; gives their feature texts joined by commas, in its order, as a BLOB. */
  rows: string;
}

export function idsInOrder(json: string): Uint32Array | Float64Array;
export function readPointPage(
  prepared: (sql: string) => Database.Statement,
  sql: PointPageSql,
  box: { w: number; s: number; e: number; n: number },
  limit: number,
  offset: number,
  /** The connection is in a transaction already (its snapshot holds both reads); else the read opens one. */
  inTransaction?: boolean,
): [number, Uint8Array | null];
