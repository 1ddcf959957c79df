/**
 * Regular tessellations of the local plane: flat-topped hexagons (the default, as ArcGIS's
 * hexagon aggregation) and square fishnet cells. A cell is named by two integers packed into one
 * safe integer key. One cell centre sits on the projection origin, so a fixed origin gives the
 * same cells whatever subset of incidents is analysed.
 *
 * Size convention (ArcGIS): the cell size is the hexagon's height, flat side to flat side, which
 * is also the distance between the centres of adjacent hexagons; the side is size/√3 and the
 * width 2·size/√3. For fishnet cells it is the side of the square.
 */

export type GridKind = 'hexagon' | 'fishnet';

export interface Tessellation {
  readonly kind: GridKind;
  readonly size: number;
  /** area of one cell in m² */
  readonly cellArea: number;
  cellOf(x: number, y: number): number;
  centre(key: number): [number, number];
  /** closed counter-clockwise outline */
  outline(key: number): [number, number][];
  /** keys of every cell whose centre lies in the box */
  cellsInBox(minX: number, minY: number, maxX: number, maxY: number): number[];
  /** the two integer coordinates (q, r) or (column, row) of a cell */
  coords(key: number): [number, number];
  /** the key of the cell with these integer coordinates */
  key(a: number, b: number): number;
}

const OFFSET = 2 ** 20;
const SPAN = 2 ** 21;
const pack = (a: number, b: number) => (a + OFFSET) * SPAN + (b + OFFSET);
const unpack = (key: number): [number, number] => {
  const a = Math.floor(key / SPAN);
  return [a - OFFSET, key - a * SPAN - OFFSET];
};

export function tessellation(kind: GridKind, size: number): Tessellation {
  if (!(size > 0) || !Number.isFinite(size)) throw new RangeError(`cell size must be a positive number of metres, got ${size}`);
  return kind === 'hexagon' ? hexagons(size) : fishnet(size);
}

function hexagons(h: number): Tessellation {
  const s = h / Math.sqrt(3);
  const dx = 1.5 * s;
  const centre = (key: number): [number, number] => {
    const [q, r] = unpack(key);
    return [dx * q, h * (r + q / 2)];
  };
  const angles = [0, 1, 2, 3, 4, 5].map((k) => [Math.cos((k * Math.PI) / 3) * s, Math.sin((k * Math.PI) / 3) * s]);
  return {
    kind: 'hexagon',
    size: h,
    cellArea: ((3 * Math.sqrt(3)) / 2) * s * s,
    coords: unpack,
    key: pack,
    cellOf(x, y) {
      // Axial coordinates, then cube rounding to the nearest hexagon centre.
      const qf = x / dx;
      const rf = y / h - qf / 2;
      const sf = -qf - rf;
      let q = Math.round(qf), r = Math.round(rf);
      const t = Math.round(sf);
      const dq = Math.abs(q - qf), dr = Math.abs(r - rf), ds = Math.abs(t - sf);
      if (dq > dr && dq > ds) q = -r - t;
      else if (dr > ds) r = -q - t;
      return pack(q, r);
    },
    centre,
    outline(key) {
      const [cx, cy] = centre(key);
      const ring = angles.map(([ax, ay]) => [cx + ax, cy + ay] as [number, number]);
      ring.push([ring[0][0], ring[0][1]]);
      return ring;
    },
    cellsInBox(minX, minY, maxX, maxY) {
      const out: number[] = [];
      for (let q = Math.ceil(minX / dx); q <= Math.floor(maxX / dx); q++) {
        for (let r = Math.ceil(minY / h - q / 2); r <= Math.floor(maxY / h - q / 2); r++) out.push(pack(q, r));
      }
      return out;
    },
  };
}

function fishnet(a: number): Tessellation {
  const centre = (key: number): [number, number] => {
    const [c, r] = unpack(key);
    return [a * c, a * r];
  };
  const half = a / 2;
  return {
    kind: 'fishnet',
    size: a,
    cellArea: a * a,
    coords: unpack,
    key: pack,
    cellOf: (x, y) => pack(Math.round(x / a), Math.round(y / a)),
    centre,
    outline(key) {
      const [cx, cy] = centre(key);
      return [
        [cx - half, cy - half],
        [cx + half, cy - half],
        [cx + half, cy + half],
        [cx - half, cy + half],
        [cx - half, cy - half],
      ];
    },
    cellsInBox(minX, minY, maxX, maxY) {
      const out: number[] = [];
      for (let c = Math.ceil(minX / a); c <= Math.floor(maxX / a); c++) for (let r = Math.ceil(minY / a); r <= Math.floor(maxY / a); r++) out.push(pack(c, r));
      return out;
    },
  };
}

/** Above this many cells between the extreme coordinates a Map counts instead of a dense array. */
const DENSE_LIMIT = 1 << 23;

/**
 * Points per cell (only cells holding one), keys in ascending order. A million points counted in
 * a Map keyed by cell spent most of their time hashing keys beyond the small-integer range; here
 * each point's key is computed once and counted in a typed array spanning the cells' coordinate
 * range (at most DENSE_LIMIT; a user's tiny cells over a wide area fall back to the Map).
 */
export function countByCell(tess: Tessellation, xs: Float64Array, ys: Float64Array): Map<number, number> {
  const n = xs.length;
  const keys = new Float64Array(n);
  let a0 = Infinity, a1 = -Infinity, b0 = Infinity, b1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const key = (keys[i] = tess.cellOf(xs[i], ys[i]));
    const a = Math.floor(key / SPAN), b = key - a * SPAN;
    if (a < a0) a0 = a;
    if (a > a1) a1 = a;
    if (b < b0) b0 = b;
    if (b > b1) b1 = b;
  }
  const counts = new Map<number, number>();
  if (n === 0) return counts;
  const rows = a1 - a0 + 1, span = b1 - b0 + 1;
  if (rows * span > DENSE_LIMIT) {
    for (let i = 0; i < n; i++) counts.set(keys[i], (counts.get(keys[i]) ?? 0) + 1);
    return new Map([...counts].sort((p, q) => p[0] - q[0]));
  }
  const dense = new Int32Array(rows * span);
  for (let i = 0; i < n; i++) {
    const a = Math.floor(keys[i] / SPAN);
    dense[(a - a0) * span + (keys[i] - a * SPAN - b0)]++;
  }
  for (let j = 0; j < dense.length; j++) if (dense[j]) counts.set((a0 + Math.floor(j / span)) * SPAN + b0 + (j % span), dense[j]);
  return counts;
}
