/**
 * Ward topology: the shared edges of a set of ward polygons. Every boundary segment appears once,
 * with the ward on each side (a segment two wards share is one edge, not two). Crossings cut roads
 * at these edges, the gaps analysis walks them, the editor snaps to them and the demo generator
 * names its border posts from them, so all four agree on which borders exist and whose they are.
 *
 * Two vertices are the same vertex when they agree to 1e-7° (about 1 cm): topologically clean data
 * repeats a shared vertex exactly, and data that went through a 7-decimal export still matches.
 */
import Flatbush from 'flatbush';
import type { MultiPolygon, Polygon, Position } from 'geojson';

/** Anything with a ward's area: a ward feature, a crossings input, a demo cell. */
export interface HasArea {
  geometry: Polygon | MultiPolygon;
}

export interface BorderEdges {
  /** ax, ay, bx, by per edge, oriented so that `left` lies to the left of a→b. */
  coords: Float64Array;
  /** Ward index on the left / right of a→b, -1 for outside every ward. */
  left: Int32Array;
  right: Int32Array;
  count: number;
  /** The edges' boxes, for "which edges are near here". */
  index: Flatbush;
  /** The edge of segment a–b, in either direction; -1 when it is not a ward boundary. */
  find(a: Position, b: Position): number;
}

/** A vertex's identity: its coordinates to 1e-7° (see above). */
export const vertexKey = (p: Position | readonly number[]): string => `${p[0].toFixed(7)},${p[1].toFixed(7)}`;

/** Twice the signed area of a closed ring in degrees²; positive when counter-clockwise. */
export function ringArea2(ring: readonly Position[]): number {
  let s = 0;
  for (let i = 0, n = ring.length - 1; i < n; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s;
}

/** The polygons of an area, as arrays of rings. */
export function polygonsOf(g: Polygon | MultiPolygon): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/**
 * Every ward boundary segment once, with the wards on its two sides. Rings are oriented so the
 * ward lies to the left (exterior counter-clockwise, holes clockwise), which makes the side of a
 * segment its ward; the same segment met again in the neighbour's ring fills in the other side.
 *
 * @example buildBorderEdges([a, b]).count // 7 for two unit squares side by side: 4 + 4 − 1 shared
 */
export function buildBorderEdges(wards: readonly HasArea[]): BorderEdges {
  const byKey = new Map<string, number>();
  const starts: string[] = [];
  const xs: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  wards.forEach((w, wi) => {
    for (const poly of polygonsOf(w.geometry)) {
      poly.forEach((ring0, ri) => {
        const ccw = ringArea2(ring0) > 0;
        const ring = (ri === 0) === ccw ? ring0 : [...ring0].reverse();
        let kb = ring.length ? vertexKey(ring[0]) : '';
        for (let i = 0; i < ring.length - 1; i++) {
          const ka = kb;
          kb = vertexKey(ring[i + 1]);
          if (ka === kb) continue;
          const key = ka < kb ? `${ka}|${kb}` : `${kb}|${ka}`;
          const found = byKey.get(key);
          if (found === undefined) {
            byKey.set(key, left.length);
            starts.push(ka);
            xs.push(ring[i][0], ring[i][1], ring[i + 1][0], ring[i + 1][1]);
            left.push(wi);
            right.push(-1);
          } else if (starts[found] === kb) {
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
  const find = (a: Position, b: Position): number => {
    const ka = vertexKey(a), kb = vertexKey(b);
    return byKey.get(ka < kb ? `${ka}|${kb}` : `${kb}|${ka}`) ?? -1;
  };
  return { coords: Float64Array.from(xs), left: Int32Array.from(left), right: Int32Array.from(right), count, index, find };
}

/** The wards an edge bounds, lowest index first: one for an outer border, two for a shared one. */
export function edgeWards(edges: BorderEdges, e: number): number[] {
  const l = edges.left[e], r = edges.right[e];
  return r < 0 || r === l ? [l] : l < r ? [l, r] : [r, l];
}

/** The ward across edge `e` from ward `w`; -1 for the outside. */
export function across(edges: BorderEdges, e: number, w: number): number {
  return edges.left[e] === w ? edges.right[e] : edges.left[e];
}
