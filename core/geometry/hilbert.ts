/**
 * Distance along a Hilbert curve over a 65,536² grid: nearby points get nearby keys (up to
 * 2^32 − 1). Sorting by it groups neighbours, as a union of many polygons (./polygon-ops.ts) and
 * an R*Tree filled in one go (server/db/sqlite/bulk.ts) want.
 */
export function hilbert(x: number, y: number): number {
  let d = 0;
  for (let s = 1 << 15; s > 0; s >>= 1) {
    const rx = (x & s) > 0 ? 1 : 0;
    const ry = (y & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry === 0) {
      if (rx === 1) {
        x = 65535 - x;
        y = 65535 - y;
      }
      [x, y] = [y, x];
    }
  }
  return d;
}

/** The cell (0…65,535) of `v` in the range [lo, hi]. */
export function hilbertCell(v: number, lo: number, hi: number): number {
  return hi > lo ? Math.min(65535, Math.max(0, Math.floor(((v - lo) / (hi - lo)) * 65535))) : 0;
}
