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
import type { Feature, LineString, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import { M_PER_DEG } from './units.ts';
import { positionsBbox } from './bbox.ts';
import { buildBorderEdges, type BorderEdges } from '../wards/edges.ts';
import { wardLocator } from '../wards/locate.ts';

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

// Border edges and the ward locator are built in core/wards (edges.ts, locate.ts); re-exported for this module's users.
export { buildBorderEdges, type BorderEdges } from '../wards/edges.ts';
export { wardLocator } from '../wards/locate.ts';

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
  const [x0, y0, x1, y1] = positionsBbox(line);
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
