/**
 * Point coordinates handed from SQLite to JavaScript as one BLOB of float64 pairs, gathered by a
 * user-defined aggregate (`xy_blob(x, y)`). A million points were read as json_group_array text
 * and parsed again: SQLite formats each number, V8 parses it back (~0.4 s of CPU for a month of
 * the city's incidents); the aggregate copies the doubles as they are (~0.2 s, nearly all of it
 * the call per row), and no value changes on the way (JSON text round-trips doubles exactly too).
 */
import type Database from 'better-sqlite3';

export const XY_BLOB = 'xy_blob';

class Pairs {
  a = new Float64Array(1 << 14);
  n = 0;
}

const registered = new WeakSet<Database.Database>();

/** Defines xy_blob on this connection (once). */
export function withXyBlob(sqlite: Database.Database): void {
  if (registered.has(sqlite)) return;
  // Returns nothing: the accumulator stays the same object. Two arguments (better-sqlite3 reads
  // the count from step's length; its typings allow one).
  const step = (p: Pairs, x: number, y: number): void => {
    if (p.n + 2 > p.a.length) {
      const grown = new Float64Array(p.a.length * 2);
      grown.set(p.a);
      p.a = grown;
    }
    p.a[p.n++] = x;
    p.a[p.n++] = y;
  };
  sqlite.aggregate<Pairs>(XY_BLOB, {
    start: () => new Pairs(),
    step: step as unknown as (p: Pairs) => void,
    result: (p) => Buffer.from(p.a.buffer, 0, p.n * 8),
  });
  registered.add(sqlite);
}

/**
 * The interleaved x, y of an xy_blob value (null or empty: no rows): a view of it when the BLOB
 * owns its whole buffer (as a large one does), so the array can be moved to another thread;
 * copied otherwise.
 */
export function xyPairs(blob: Uint8Array | null): Float64Array {
  if (!blob || !blob.byteLength) return new Float64Array(0);
  const own = blob.byteOffset === 0 && blob.buffer.byteLength === blob.byteLength ? blob : new Uint8Array(blob);
  return new Float64Array(own.buffer, 0, own.byteLength / 8);
}

/** The x and y columns of an xy_blob value (null or empty: no rows). */
export function unpackXy(blob: Uint8Array | null): { xs: Float64Array; ys: Float64Array } {
  const pairs = xyPairs(blob);
  const n = pairs.length / 2;
  const xs = new Float64Array(n), ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = pairs[2 * i];
    ys[i] = pairs[2 * i + 1];
  }
  return { xs, ys };
}
