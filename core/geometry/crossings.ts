/**
 * Where roads cross ward borders.
 *
 * The ward borders are built once as a set of shared edges: every boundary segment appears once,
 * with the ward on each side (a segment two wards share is one edge, not two), indexed with
 * flatbush. Each road is then cut at every point where it meets an edge; the pieces between cuts
 * lie wholly inside one ward (or wholly on a border, when the road runs along it), so a crossing is
 * simply a cut where the ward of the piece before differs from the ward of the piece after.
 *
 * That rule settles the awkward cases without special geometry:
 * - a road that touches a border and turns back has the same ward on both sides: no crossing;
 * - a road that passes exactly through a border vertex meets two edges at one point: one cut, one crossing;
 * - a road that runs along a border (collinear overlap) is judged by the wards before and after the
 *   run: if it comes from A and leaves into B it crossed once (reported where it reached the border,
 *   since that is where traffic leaves A); if it returns to A it never crossed and is not reported;
 * - a road split into two lines at a node on the border (common in OSM) crosses at that node: the two
 *   line ends are paired up by position;
 * - two roads crossing the same border at the same point (a junction on the border) are one place to
 *   guard: reported once, with the higher-class road.
 * Crossings into the area outside every ward are not reported: the other side is unknown.
 */
import Flatbush from 'flatbush';
import type { Feature, LineString, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';

export interface WardInput {
  code: string;
  name: string;
  district: string;
  geometry: Polygon | MultiPolygon;
}

export interface WardRef {
  code: string;
  name: string;
  district: string;
}

export interface RoadProps {
  highway?: string | null;
  name?: string | null;
  ref?: string | null;
}

export type RoadFeature = Feature<LineString | MultiLineString, RoadProps | null>;

export interface Crossing {
  /** Where the road meets the border. */
  coordinates: [number, number];
  /** The ward the road comes from and the one it enters, in the road's drawing direction. */
  from: WardRef;
  to: WardRef;
  district_border: boolean;
  road: { name: string | null; ref: string | null; class: string };
  /** Index of the road in the input array. */
  road_index: number;
  /** A point a few metres along the road inside each ward, where a checkpoint can stand unambiguously. */
  inside: { from: [number, number]; to: [number, number] };
}

/** Road classes that count as main roads for planning (with their _link ramps). */
export const MAIN_ROAD_CLASSES = ['motorway', 'trunk', 'primary', 'secondary', 'tertiary'] as const;

export function isMainRoad(cls: string | null | undefined): boolean {
  if (!cls) return false;
  const base = cls.endsWith('_link') ? cls.slice(0, -5) : cls;
  return (MAIN_ROAD_CLASSES as readonly string[]).includes(base);
}

/** Lower is more important; used to pick which road names a shared crossing point. */
export function roadRank(cls: string | null | undefined): number {
  if (!cls) return 100;
  const base = cls.endsWith('_link') ? cls.slice(0, -5) : cls;
  const i = (MAIN_ROAD_CLASSES as readonly string[]).indexOf(base);
  if (i >= 0) return i * 2 + (base === cls ? 0 : 1);
  return ['residential', 'unclassified', 'living_street', 'service'].includes(cls) ? 20 : 50;
}

// ---------------------------------------------------------------------------------------------
// Border edges

export interface BorderEdges {
  /** ax, ay, bx, by per edge. */
  coords: Float64Array;
  /** Ward index on the left / right of a→b, -1 for outside every ward. */
  left: Int32Array;
  right: Int32Array;
  count: number;
  index: Flatbush;
}

function ringArea2(ring: Position[]): number {
  let s = 0;
  for (let i = 0, n = ring.length - 1; i < n; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s;
}

function polygonsOf(g: Polygon | MultiPolygon): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/**
 * Every ward boundary segment once, with the wards on its two sides. Rings are oriented so the
 * ward lies to the left (exterior counter-clockwise, holes clockwise), which makes the side of a
 * segment its ward; the same segment met again in the neighbour's ring fills in the other side.
 */
export function buildBorderEdges(wards: readonly WardInput[]): BorderEdges {
  const byKey = new Map<string, number>();
  const xs: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  wards.forEach((w, wi) => {
    for (const poly of polygonsOf(w.geometry)) {
      poly.forEach((ring0, ri) => {
        const ccw = ringArea2(ring0) > 0;
        const ring = (ri === 0) === ccw ? ring0 : [...ring0].reverse();
        for (let i = 0; i < ring.length - 1; i++) {
          const [ax, ay] = ring[i];
          const [bx, by] = ring[i + 1];
          if (ax === bx && ay === by) continue;
          const forward = ax < bx || (ax === bx && ay < by);
          const key = forward ? `${ax},${ay},${bx},${by}` : `${bx},${by},${ax},${ay}`;
          const found = byKey.get(key);
          if (found === undefined) {
            byKey.set(key, left.length);
            xs.push(ax, ay, bx, by);
            left.push(wi);
            right.push(-1);
          } else if (xs[found * 4] === bx && xs[found * 4 + 1] === by) {
            // the neighbour walks the shared segment the other way round: it is on the right
            right[found] = wi;
          } else {
            // same direction means overlapping wards; keep the first, the pieces' wards decide anyway
            if (right[found] === -1) right[found] = wi;
          }
        }
      });
    }
  });
  const count = left.length;
  const index = new Flatbush(Math.max(count, 1));
  for (let e = 0; e < count; e++) {
    const ax = xs[e * 4], ay = xs[e * 4 + 1], bx = xs[e * 4 + 2], by = xs[e * 4 + 3];
    index.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
  }
  if (count === 0) index.add(0, 0, 0, 0);
  index.finish();
  return { coords: Float64Array.from(xs), left: Int32Array.from(left), right: Int32Array.from(right), count, index };
}

// ---------------------------------------------------------------------------------------------
// Which ward a point is in

interface WardLocator {
  (x: number, y: number): number;
}

function ringContains(ring: Position[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function polygonContains(poly: Position[][], x: number, y: number): boolean {
  if (!ringContains(poly[0], x, y)) return false;
  for (let h = 1; h < poly.length; h++) if (ringContains(poly[h], x, y)) return false;
  return true;
}

export function wardLocator(wards: readonly WardInput[]): WardLocator {
  const polys: { ward: number; rings: Position[][] }[] = [];
  for (let wi = 0; wi < wards.length; wi++) for (const p of polygonsOf(wards[wi].geometry)) polys.push({ ward: wi, rings: p });
  const index = new Flatbush(Math.max(polys.length, 1));
  for (const p of polys) {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const [x, y] of p.rings[0]) {
      if (x < x0) x0 = x;
      if (y < y0) y0 = y;
      if (x > x1) x1 = x;
      if (y > y1) y1 = y;
    }
    index.add(x0, y0, x1, y1);
  }
  if (polys.length === 0) index.add(0, 0, 0, 0);
  index.finish();
  return (x, y) => {
    for (const i of index.search(x, y, x, y)) if (polys[i] && polygonContains(polys[i].rings, x, y)) return polys[i].ward;
    return -1;
  };
}

// ---------------------------------------------------------------------------------------------
// Cutting a road at the borders

/** Positions along a line are segment index + fraction (0 … n-1). */
interface Cut {
  pos: number;
  /** End of a collinear run along a border; equals pos for a point. */
  end: number;
}

const PARALLEL = 1e-12;
/** Two cuts closer than this (in segment fractions) are one point. */
const SAME = 1e-9;

function cutsOf(line: Position[], edges: BorderEdges): Cut[] {
  const cuts: Cut[] = [];
  const c = edges.coords;
  // most roads lie inside one ward: one search on the whole line's box rules them out
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const [x, y] of line) {
    if (x < x0) x0 = x;
    if (y < y0) y0 = y;
    if (x > x1) x1 = x;
    if (y > y1) y1 = y;
  }
  if (edges.count === 0 || edges.index.search(x0, y0, x1, y1, (e) => e < edges.count).length === 0) return cuts;
  for (let s = 0; s < line.length - 1; s++) {
    const px = line[s][0], py = line[s][1];
    const rx = line[s + 1][0] - px, ry = line[s + 1][1] - py;
    const rr = rx * rx + ry * ry;
    if (rr === 0) continue;
    const hits = edges.index.search(Math.min(px, px + rx), Math.min(py, py + ry), Math.max(px, px + rx), Math.max(py, py + ry));
    for (const e of hits) {
      if (e >= edges.count) continue;
      const ax = c[e * 4], ay = c[e * 4 + 1];
      const sx = c[e * 4 + 2] - ax, sy = c[e * 4 + 3] - ay;
      const qx = ax - px, qy = ay - py;
      const denom = rx * sy - ry * sx;
      const scale = Math.sqrt(rr * (sx * sx + sy * sy));
      if (Math.abs(denom) <= PARALLEL * scale) {
        // parallel: only a collinear overlap matters
        if (Math.abs(qx * ry - qy * rx) > PARALLEL * Math.sqrt(rr) * Math.hypot(qx, qy) + 1e-15) continue;
        const t0 = (qx * rx + qy * ry) / rr;
        const t1 = ((qx + sx) * rx + (qy + sy) * ry) / rr;
        const lo = Math.max(0, Math.min(t0, t1));
        const hi = Math.min(1, Math.max(t0, t1));
        if (hi < lo - SAME) continue;
        cuts.push({ pos: s + lo, end: s + Math.max(lo, hi) });
        continue;
      }
      const t = (qx * sy - qy * sx) / denom;
      const u = (qx * ry - qy * rx) / denom;
      if (t < -SAME || t > 1 + SAME || u < -SAME || u > 1 + SAME) continue;
      const p = s + Math.min(1, Math.max(0, t));
      cuts.push({ pos: p, end: p });
    }
  }
  return cuts;
}

function pointAt(line: Position[], pos: number): [number, number] {
  const s = Math.min(Math.floor(pos), line.length - 2);
  const t = pos - s;
  const a = line[s], b = line[s + 1];
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
}

const M_PER_DEG = 111_320;

/** The position `metres` along the line from `pos` (negative: backwards), not beyond `limit`. */
function walk(line: Position[], pos: number, metres: number, limit: number): number {
  const dir = Math.sign(metres);
  let left = Math.abs(metres);
  let p = pos;
  while (left > 0 && (dir > 0 ? p < limit : p > limit)) {
    const s = dir > 0 ? Math.floor(p + SAME) : Math.ceil(p - SAME) - 1;
    if (s < 0 || s >= line.length - 1) break;
    const a = line[s], b = line[s + 1];
    const k = Math.cos((a[1] * Math.PI) / 180);
    const segM = Math.hypot((b[0] - a[0]) * k, b[1] - a[1]) * M_PER_DEG;
    const stop = dir > 0 ? Math.min(s + 1, limit) : Math.max(s, limit);
    const availM = Math.abs(stop - p) * segM;
    if (availM >= left && segM > 0) return p + (dir * left) / segM;
    left -= availM;
    p = stop;
  }
  return p;
}

/** A piece of road between two cuts: its ward, or ON_BORDER when it runs along one. */
const ON_BORDER = -2;

interface LineEnd {
  point: [number, number];
  ward: number;
  road: number;
  inside: [number, number];
}

export interface CrossingOptions {
  /** How far inside each ward the `inside` points sit, in metres (shortened on short pieces). */
  insideMetres?: number;
}

/**
 * Every point where a road crosses from one ward into another.
 * Roads with null properties are minor roads (class 'minor').
 */
export function findCrossings(roads: readonly RoadFeature[], wards: readonly WardInput[], opts: CrossingOptions = {}): Crossing[] {
  const insideM = opts.insideMetres ?? 5;
  const edges = buildBorderEdges(wards);
  const locate = wardLocator(wards);
  const raw: { at: [number, number]; from: number; to: number; road: number; inFrom: [number, number]; inTo: [number, number] }[] = [];
  const ends: LineEnd[] = [];

  roads.forEach((road, ri) => {
    const g = road.geometry;
    if (!g) return;
    const parts = g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : [];
    for (const line of parts) {
      if (line.length < 2) continue;
      const cuts = cutsOf(line, edges);
      if (cuts.length === 0) continue;
      cuts.sort((a, b) => a.pos - b.pos);
      const last = line.length - 1;
      // boundaries of pieces, and the collinear runs
      const runs: [number, number][] = [];
      const at: number[] = [0, last];
      for (const cut of cuts) {
        at.push(cut.pos);
        if (cut.end > cut.pos + SAME) {
          runs.push([cut.pos, cut.end]);
          at.push(cut.end);
        }
      }
      at.sort((a, b) => a - b);
      const stops: number[] = [0];
      for (const p of at) if (p - stops[stops.length - 1] > SAME) stops.push(p);
      stops[stops.length - 1] = last;
      const pieces: { a: number; b: number; ward: number }[] = [];
      for (let i = 0; i < stops.length - 1; i++) {
        const a = stops[i], b = stops[i + 1];
        if (b - a <= SAME) continue;
        const mid = (a + b) / 2;
        const along = runs.some(([r0, r1]) => mid > r0 && mid < r1);
        const [mx, my] = pointAt(line, mid);
        pieces.push({ a, b, ward: along ? ON_BORDER : locate(mx, my) });
      }
      // a line that starts or ends on a border may continue as another line: remember the end
      const touchesStart = cuts[0].pos <= SAME;
      const touchesEnd = cuts.some((c) => c.end >= last - SAME);
      if (touchesStart && pieces.length && pieces[0].ward >= 0) {
        const p = pieces[0];
        ends.push({ point: pointAt(line, 0), ward: p.ward, road: ri, inside: pointAt(line, walk(line, 0, Math.min(insideM, 1e9), (p.a + p.b) / 2)) });
      }
      if (touchesEnd && pieces.length && pieces[pieces.length - 1].ward >= 0) {
        const p = pieces[pieces.length - 1];
        ends.push({ point: pointAt(line, last), ward: p.ward, road: ri, inside: pointAt(line, walk(line, last, -insideM, (p.a + p.b) / 2)) });
      }
      // walk the pieces: a crossing is a change of ward, with runs along a border skipped
      let prev = -1;
      let prevPiece: { a: number; b: number } | null = null;
      let runStart = -1;
      for (const p of pieces) {
        if (p.ward === ON_BORDER) {
          if (runStart < 0) runStart = p.a;
          continue;
        }
        if (prev >= 0 && p.ward >= 0 && p.ward !== prev && prevPiece) {
          const at = runStart >= 0 ? runStart : p.a;
          raw.push({
            at: pointAt(line, at),
            from: prev,
            to: p.ward,
            road: ri,
            inFrom: pointAt(line, walk(line, prevPiece.b, -insideM, (prevPiece.a + prevPiece.b) / 2)),
            inTo: pointAt(line, walk(line, p.a, insideM, (p.a + p.b) / 2)),
          });
        }
        prev = p.ward;
        prevPiece = p;
        runStart = -1;
      }
    }
  });

  // line ends meeting on a border: pair the ends that lie in different wards
  const endsAt = new Map<string, LineEnd[]>();
  for (const e of ends) {
    const k = e.point[0].toFixed(9) + ',' + e.point[1].toFixed(9);
    const list = endsAt.get(k);
    if (list) list.push(e);
    else endsAt.set(k, [e]);
  }
  for (const list of endsAt.values()) {
    const byWard = new Map<number, LineEnd>();
    for (const e of list) {
      const have = byWard.get(e.ward);
      if (!have || roadRank(roads[e.road].properties?.highway) < roadRank(roads[have.road].properties?.highway)) byWard.set(e.ward, e);
    }
    const sides = [...byWard.values()].sort((a, b) => a.ward - b.ward);
    for (let i = 0; i + 1 < sides.length; i++) {
      const a = sides[i], b = sides[i + 1];
      const road = roadRank(roads[a.road].properties?.highway) <= roadRank(roads[b.road].properties?.highway) ? a.road : b.road;
      raw.push({ at: a.point, from: a.ward, to: b.ward, road, inFrom: a.inside, inTo: b.inside });
    }
  }

  // one crossing per place and pair of wards
  const best = new Map<string, (typeof raw)[number]>();
  for (const r of raw) {
    const k = `${r.at[0].toFixed(7)},${r.at[1].toFixed(7)},${Math.min(r.from, r.to)},${Math.max(r.from, r.to)}`;
    const have = best.get(k);
    if (!have || roadRank(roads[r.road].properties?.highway) < roadRank(roads[have.road].properties?.highway)) best.set(k, r);
  }

  const ref = (i: number): WardRef => ({ code: wards[i].code, name: wards[i].name, district: wards[i].district });
  return [...best.values()].map((r) => {
    const p = roads[r.road].properties ?? {};
    return {
      coordinates: r.at,
      from: ref(r.from),
      to: ref(r.to),
      district_border: wards[r.from].district !== wards[r.to].district,
      road: { name: p.name ?? null, ref: p.ref ?? null, class: p.highway ?? 'minor' },
      road_index: r.road,
      inside: { from: r.inFrom, to: r.inTo },
    };
  });
}
