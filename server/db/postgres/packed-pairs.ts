/**
 * Point coordinates from PostgreSQL as one value: the stored bounding box's corner (a point's box
 * is the point) of every matching row, packed by SQL into one bytea of big-endian float8 pairs
 * (point_send: x then y) and sent as base64 text. node-postgres hands every field over as text
 * (its binary mode decodes bytes as UTF-8), and a bytea in hex is twice its size: for a month of
 * the city's incidents (1,000,000 points, 16 MB) hex and a DataView loop were ~140 ms of the
 * reading thread's CPU, base64 and one native byte swap ~45 ms; point_send builds each pair in one
 * call where float8send(x) || float8send(y) took three allocations (~20 ms less of the server's CPU).
 */

/** The aggregate packing the pairs of the rows of `t` (the alias of features or of a subquery with minx, miny). */
export const packedPairs = (t: string) => `encode(string_agg(point_send(point(${t}.minx, ${t}.miny)), ''::bytea), 'base64')`;

/**
 * Interleaved x, y of base64 big-endian float8 pairs (null: no rows), decoded in place. The array
 * owns its whole buffer, so it can be moved to another thread: a large decode has one of its own;
 * a small one may sit in Node's shared pool of small buffers, and is copied out of it.
 */
export function unpackPairs(base64: string | null): Float64Array {
  if (!base64) return new Float64Array(0);
  // Node's base64 decoder skips the line breaks PostgreSQL's encode() puts every 76 characters.
  const bytes = Buffer.from(base64, 'base64');
  const own = bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.byteLength ? bytes : Buffer.from(new Uint8Array(bytes).buffer);
  own.swap64();
  return new Float64Array(own.buffer, 0, own.byteLength / 8);
}
