/**
 * A uniform bucket grid over planar points (counting sort into typed arrays). Range queries
 * visit only the buckets the query circle touches; k-nearest queries grow rings of buckets
 * until no closer point can remain. Faster than a tree for the evenly sized, repeated
 * fixed-radius queries that hot-spot statistics make.
 */

export class GridIndex {
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  readonly bucket: number;
  readonly minX: number;
  readonly minY: number;
  readonly cols: number;
  readonly rows: number;
  /** start offset of each bucket in `order`, length cols·rows + 1; hot loops read these directly */
  readonly starts: Int32Array;
  /** point indices sorted by bucket */
  readonly order: Int32Array;

  /** `bucketSize` is a hint (e.g. the usual query radius); it is enlarged so buckets stay ≤ 4 per point. */
  constructor(xs: Float64Array, ys: Float64Array, bucketSize: number) {
    this.xs = xs;
    this.ys = ys;
    const n = xs.length;
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      if (xs[i] < minX) minX = xs[i];
      if (xs[i] > maxX) maxX = xs[i];
      if (ys[i] < minY) minY = ys[i];
      if (ys[i] > maxY) maxY = ys[i];
    }
    if (n === 0) minX = minY = maxX = maxY = 0;
    const w = maxX - minX;
    const h = maxY - minY;
    let size = bucketSize > 0 && Number.isFinite(bucketSize) ? bucketSize : Math.max(w, h, 1);
    const maxBuckets = 4 * n + 16;
    if ((Math.floor(w / size) + 1) * (Math.floor(h / size) + 1) > maxBuckets) size = Math.max(Math.sqrt((w * h) / maxBuckets), Math.max(w, h) / maxBuckets, size);
    this.bucket = size;
    this.minX = minX;
    this.minY = minY;
    this.cols = Math.floor(w / size) + 1;
    this.rows = Math.floor(h / size) + 1;
    const cellOf = new Int32Array(n);
    const starts = new Int32Array(this.cols * this.rows + 1);
    for (let i = 0; i < n; i++) {
      const c = this.col(xs[i]) + this.row(ys[i]) * this.cols;
      cellOf[i] = c;
      starts[c + 1]++;
    }
    for (let c = 0; c < this.cols * this.rows; c++) starts[c + 1] += starts[c];
    const fill = starts.slice(0, this.cols * this.rows);
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[fill[cellOf[i]]++] = i;
    this.starts = starts;
    this.order = order;
  }

  get size(): number {
    return this.xs.length;
  }

  col(x: number): number {
    return Math.min(this.cols - 1, Math.max(0, Math.floor((x - this.minX) / this.bucket)));
  }
  row(y: number): number {
    return Math.min(this.rows - 1, Math.max(0, Math.floor((y - this.minY) / this.bucket)));
  }

  /** Calls `visit(j, d²)` for every point j with squared distance ≤ r2 from (x, y). */
  within(x: number, y: number, r2: number, visit: (j: number, d2: number) => void): void {
    const r = Math.sqrt(r2);
    const c0 = this.col(x - r), c1 = this.col(x + r);
    const r0 = this.row(y - r), r1 = this.row(y + r);
    const { xs, ys, starts, order, cols } = this;
    for (let row = r0; row <= r1; row++) {
      for (let c = c0; c <= c1; c++) {
        const b = row * cols + c;
        for (let k = starts[b], end = starts[b + 1]; k < end; k++) {
          const j = order[k];
          const dx = xs[j] - x, dy = ys[j] - y;
          const d2 = dx * dx + dy * dy;
          if (d2 <= r2) visit(j, d2);
        }
      }
    }
  }

  /**
   * The points' coordinates in bucket order (`order`): a bucket's points, and a row of buckets,
   * lie next to each other in memory. A million points spread over 16 MB: read through `order`,
   * nearly every neighbour is a cache miss; read here, a search touches a few short runs.
   */
  sorted(): { xs: Float64Array; ys: Float64Array } {
    if (!this.#sorted) {
      const n = this.order.length;
      const sx = new Float64Array(n), sy = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        sx[k] = this.xs[this.order[k]];
        sy[k] = this.ys[this.order[k]];
      }
      this.#sorted = { xs: sx, ys: sy };
    }
    return this.#sorted;
  }
  #sorted: { xs: Float64Array; ys: Float64Array } | null = null;

  /**
   * Distance from the point at position k of `order` to the nearest point at a non-zero distance
   * (Infinity if none): the distance a search of every point would give. Its own bucket is read
   * first, then rings of buckets around it, skipping every bucket (and row of buckets) farther
   * from the point than the nearest found so far, and stopping once every unread ring is. In a
   * dense cluster, where a bucket holds dozens of points, that is most of the neighbouring ones.
   */
  nearestDistanceAt(k: number): number {
    const { xs, ys } = this.sorted();
    const { starts, cols, rows, bucket } = this;
    const x = xs[k], y = ys[k];
    const ci = this.col(x), ri = this.row(y);
    // The point's bucket [x0, x0 + bucket) × [y0, y0 + bucket); gaps are shortened by a margin
    // for the rounding of floor((x − minX) / bucket), so no bucket is skipped wrongly.
    const x0 = this.minX + ci * bucket, y0 = this.minY + ri * bucket;
    const margin = 1e-6 * bucket;
    const inside = Math.min(x - x0, x0 + bucket - x, y - y0, y0 + bucket - y) - margin;
    let best = this.#closest(starts[ri * cols + ci], starts[ri * cols + ci + 1], x, y, Infinity);
    const maxRing = Math.max(cols, rows);
    for (let ring = 1; ring <= maxRing; ring++) {
      // Every point beyond ring − 1 is at least this far away.
      const reach = Math.max(0, inside + (ring - 1) * bucket);
      if (best <= reach * reach) break;
      for (let row = Math.max(0, ri - ring); row <= Math.min(rows - 1, ri + ring); row++) {
        const gy = row < ri ? y - (y0 - (ri - row - 1) * bucket) : row > ri ? y0 + (row - ri) * bucket - y : 0;
        const gy2 = row === ri ? 0 : Math.max(0, gy - margin) ** 2;
        if (gy2 >= best) continue;
        const edgeRow = row === ri - ring || row === ri + ring;
        const step = edgeRow ? 1 : 2 * ring;
        for (let c = ci - ring; c <= ci + ring; c += step) {
          if (c < 0 || c >= cols) continue;
          const gx = c < ci ? x - (x0 - (ci - c - 1) * bucket) : c > ci ? x0 + (c - ci) * bucket - x : 0;
          const gx2 = c === ci ? 0 : Math.max(0, gx - margin) ** 2;
          if (gy2 + gx2 >= best) continue;
          const b = row * cols + c;
          best = this.#closest(starts[b], starts[b + 1], x, y, best);
        }
      }
    }
    return Math.sqrt(best);
  }

  /** The smallest non-zero squared distance from (x, y) to sorted points [a, b), or `best` if none is smaller. */
  #closest(a: number, b: number, x: number, y: number, best: number): number {
    const { xs, ys } = this.#sorted!;
    for (let q = a; q < b; q++) {
      const dx = xs[q] - x, dy = ys[q] - y;
      const d2 = dx * dx + dy * dy;
      if (d2 > 0 && d2 < best) best = d2;
    }
    return best;
  }

  /**
   * Distances to the k nearest other points of point i (ascending), skipping points at distance
   * zero when `skipCoincident` is set. Fewer than k when the set is smaller.
   */
  nearest(i: number, k: number, skipCoincident = false): Float64Array {
    const x = this.xs[i], y = this.ys[i];
    const best = new Float64Array(k).fill(Infinity); // sorted ascending squared distances
    let found = 0;
    const ci = this.col(x), ri = this.row(y);
    const { xs, ys, starts, order, cols, rows } = this;
    const maxRing = Math.max(cols, rows);
    for (let ring = 0; ring <= maxRing; ring++) {
      // Every point in ring ≥ ring+1 is at least ring·bucket away.
      if (found >= k && best[k - 1] <= (ring - 1) * this.bucket * ((ring - 1) * this.bucket) && ring > 0) break;
      const rr0 = ri - ring, rr1 = ri + ring, cc0 = ci - ring, cc1 = ci + ring;
      for (let row = Math.max(0, rr0); row <= Math.min(rows - 1, rr1); row++) {
        const edgeRow = row === rr0 || row === rr1;
        for (let c = Math.max(0, cc0); c <= Math.min(cols - 1, cc1); c++) {
          if (!edgeRow && c !== cc0 && c !== cc1) continue;
          const b = row * cols + c;
          for (let q = starts[b], end = starts[b + 1]; q < end; q++) {
            const j = order[q];
            if (j === i) continue;
            const dx = xs[j] - x, dy = ys[j] - y;
            const d2 = dx * dx + dy * dy;
            if (skipCoincident && d2 === 0) continue;
            if (d2 >= best[k - 1]) continue;
            let p = Math.min(found, k - 1);
            while (p > 0 && best[p - 1] > d2) {
              best[p] = best[p - 1];
              p--;
            }
            best[p] = d2;
            if (found < k) found++;
          }
        }
      }
    }
    const out = new Float64Array(found);
    for (let q = 0; q < found; q++) out[q] = Math.sqrt(best[q]);
    return out;
  }
}
