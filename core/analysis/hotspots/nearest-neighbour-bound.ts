/**
 * Upper bounds of the nearest-neighbour distances of distinct locations in a box, from packing
 * alone: no distance is measured. They let the automatic cell size skip its nearest-neighbour
 * pass when the cap on the number of cells decides the size anyway (see cell-size.ts).
 *
 * m ≥ 2 distinct locations in a w × h box, nn_i the distance from location i to its nearest
 * other location. Disks of radius t/2 about the locations with nn_i ≥ t are disjoint (two of
 * them are ≥ t apart) and lie in the box grown by t/2 on every side, so their number is
 *     N(t) ≤ f(t) = 4 (w + t)(h + t) / (π t²).
 * Mean: Σ nn_i = ∫₀^D N(t) dt (D the box's diagonal: no nn_i exceeds it), N(t) ≤ m, hence for any
 * 0 < t₀ ≤ D
 *     Σ nn_i ≤ m t₀ + (4/π) [ w h (1/t₀ − 1/D) + (w + h) ln(D/t₀) + D − t₀ ].
 * Median: a median ≥ t puts at least m/2 of the nn_i at ≥ t, so f(t) < m/2 means median < t.
 * Dropping the largest distances (ArcGIS's locational outliers) lowers neither bound's validity:
 * the mean and median of the smallest values are at most those of all. Both bounds fall as m
 * grows, so a lower bound of m may stand for m.
 */

const f = (w: number, h: number, t: number) => (4 * (w + t) * (h + t)) / (Math.PI * t * t);

/** An upper bound of the mean nearest-neighbour distance of at least m ≥ 2 distinct locations in a w × h box. */
export function meanBound(w: number, h: number, m: number): number {
  const D = Math.hypot(w, h);
  if (!(m >= 2) || !(D > 0)) return Infinity;
  // Where m = f(t) for a square-ish box: about the best t₀.
  const t0 = Math.min(D, Math.max(Math.sqrt((4 * w * h) / (Math.PI * m)), D / m));
  return t0 + ((4 / Math.PI) * (w * h * (1 / t0 - 1 / D) + (w + h) * Math.log(D / t0) + D - t0)) / m;
}

/** Whether the median nearest-neighbour distance of at least m ≥ 2 distinct locations in a w × h box is certainly below t. */
export function medianBelow(w: number, h: number, m: number, t: number): boolean {
  return m >= 2 && t > 0 && f(w, h, t) < m / 2;
}

/**
 * A lower bound of the number of distinct locations: the occupied buckets of a grid of about 32
 * buckets per point (two points in one bucket may be distinct; two in different buckets are),
 * marked in a bit set (4 bytes per point).
 */
export function distinctLowerBound(xs: Float64Array, ys: Float64Array, minX: number, minY: number, w: number, h: number): number {
  const n = xs.length;
  if (n === 0) return 0;
  const side = Math.max(Math.sqrt((w * h) / (32 * n)), Math.max(w, h) / (32 * n), Number.MIN_VALUE);
  const cols = Math.floor(w / side) + 1, rows = Math.floor(h / side) + 1;
  if (!(cols * rows <= 64 * n + 64)) return 1;
  const seen = new Uint32Array(Math.ceil((cols * rows) / 32));
  let m = 0;
  for (let i = 0; i < n; i++) {
    const b = Math.min(cols - 1, Math.floor((xs[i] - minX) / side)) + Math.min(rows - 1, Math.floor((ys[i] - minY) / side)) * cols;
    const word = b >>> 5, bit = 1 << (b & 31);
    if (!(seen[word] & bit)) {
      seen[word] |= bit;
      m++;
    }
  }
  return m;
}
