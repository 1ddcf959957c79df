/**
 * Boolean operations on areas (union, intersection, difference) through Clipper2.
 *
 * Turf's union (polyclip-ts) needs ~6 s for 1,000 overlapping circles; Clipper2 does the same
 * union in an integer plane in well under 100 ms when the input is merged as a balanced tree of
 * spatially close groups (see unionPaths). Coordinates stay lon/lat: the operations are planar in
 * lon/lat exactly as Turf's are, so edges keep the same shape; only the grid is integer.
 */
import type { BBox, MultiPolygon, Polygon, Position } from 'geojson';
import { Clipper, ClipType, FillRule, PolyTree64, type Path64, type Paths64, type PolyPath64 } from 'clipper2-ts';

export type Area = Polygon | MultiPolygon;

/**
 * An integer grid laid over a bounding box. The scale keeps every coordinate below 1e7, so that
 * Clipper's cross products (up to 1e14) stay exact in doubles; over a district (< 1°) one unit is
 * about 1 cm.
 */
export class Plane {
  readonly ox: number;
  readonly oy: number;
  readonly scale: number;

  constructor(bbox: BBox) {
    const [w, s, e, n] = bbox;
    const extent = Math.max(e - w, n - s, 1e-9);
    this.ox = w;
    this.oy = s;
    this.scale = Math.min(1e7, 1e7 / extent);
  }

  /** The plane that covers every given area. */
  static around(areas: readonly Area[]): Plane {
    return new Plane(bboxOf(areas));
  }

  /** One area as Clipper paths: exteriors counter-clockwise, holes clockwise (non-zero fill). */
  toPaths(area: Area): Paths64 {
    const polys = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
    const out: Paths64 = [];
    for (const rings of polys) {
      rings.forEach((ring, i) => {
        const path = this.toPath(ring);
        if (path.length < 3) return;
        // Orientation decides what non-zero fill subtracts, so set it from the role, not the input.
        const ccw = Clipper.area(path) > 0;
        if ((i === 0) !== ccw) path.reverse();
        out.push(path);
      });
    }
    return out;
  }

  private toPath(ring: Position[]): Path64 {
    const n = ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1] ? ring.length - 1 : ring.length;
    const path: Path64 = new Array(n);
    for (let i = 0; i < n; i++) path[i] = { x: Math.round((ring[i][0] - this.ox) * this.scale), y: Math.round((ring[i][1] - this.oy) * this.scale) };
    return path;
  }

  private toRing(path: Path64, ccw: boolean): Position[] {
    const ring: Position[] = path.map((p) => [this.ox + p.x / this.scale, this.oy + p.y / this.scale]);
    if ((Clipper.area(path) > 0) !== ccw) ring.reverse();
    ring.push([ring[0][0], ring[0][1]]);
    return ring;
  }

  /**
   * Clipper paths back to GeoJSON (RFC 7946 winding: exteriors counter-clockwise). Runs one
   * non-zero union to build the exterior/hole tree, so any set of paths gives a valid area.
   * Returns null when nothing is left.
   */
  toArea(paths: Paths64): Area | null {
    if (paths.length === 0) return null;
    const tree = new PolyTree64();
    Clipper.booleanOpWithPolyTree(ClipType.Union, paths, null, tree, FillRule.NonZero);
    const polygons: Position[][][] = [];
    const addOuter = (node: PolyPath64) => {
      if (!node.poly) return;
      const rings = [this.toRing(node.poly, true)];
      for (let i = 0; i < node.count; i++) {
        const hole = node.child(i);
        if (hole.poly) rings.push(this.toRing(hole.poly, false));
        for (let j = 0; j < hole.count; j++) addOuter(hole.child(j));
      }
      polygons.push(rings);
    };
    for (let i = 0; i < tree.count; i++) addOuter(tree.child(i));
    if (polygons.length === 0) return null;
    return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };
  }
}

/** Bounding box of areas, [west, south, east, north]. */
export function bboxOf(areas: readonly Area[]): BBox {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const a of areas) {
    const polys = a.type === 'Polygon' ? [a.coordinates] : a.coordinates;
    for (const rings of polys) for (const [x, y] of rings[0] ?? []) {
      if (x < w) w = x;
      if (x > e) e = x;
      if (y < s) s = y;
      if (y > n) n = y;
    }
  }
  return Number.isFinite(w) ? [w, s, e, n] : [0, 0, 0, 0];
}

const GROUP = 16;

/**
 * Union of many path sets as a balanced tree: sort the sets along a Hilbert curve, union groups
 * of 16 neighbours, and repeat on the results. Each level drops the vertices that fell inside,
 * so the sweep never sees all input vertices at once (measured 65–80 ms for 1,000 circles,
 * against 300–500 ms for one Clipper pass over everything).
 */
export function unionPaths(sets: readonly Paths64[]): Paths64 {
  let items = sets.filter((p) => p.length > 0);
  if (items.length === 0) return [];
  if (items.length > GROUP) items = hilbertOrder(items);
  while (items.length > 1) {
    const next: Paths64[] = [];
    for (let i = 0; i < items.length; i += GROUP) {
      const chunk = items.slice(i, i + GROUP);
      next.push(Clipper.union(chunk.flat(), FillRule.NonZero));
    }
    items = next;
  }
  return Clipper.union(items[0], FillRule.NonZero);
}

/** Parts of `a` inside `b`. */
export function intersectPaths(a: Paths64, b: Paths64): Paths64 {
  if (a.length === 0 || b.length === 0) return [];
  return Clipper.intersect(a, b, FillRule.NonZero);
}

/** Parts of `a` outside `b`. */
export function differencePaths(a: Paths64, b: Paths64): Paths64 {
  if (a.length === 0) return [];
  if (b.length === 0) return a;
  return Clipper.difference(a, b, FillRule.NonZero);
}

/**
 * Dissolve areas into one (Multi)Polygon: overlapping or touching parts merge, holes are kept
 * unless another area fills them. Returns null for no input.
 */
export function unionAreas(areas: readonly Area[]): Area | null {
  if (areas.length === 0) return null;
  const plane = Plane.around(areas);
  return plane.toArea(unionPaths(areas.map((a) => plane.toPaths(a))));
}

/** Intersection of the union of `a` with the union of `b`; null when they do not overlap. */
export function intersectAreas(a: readonly Area[], b: readonly Area[]): Area | null {
  if (a.length === 0 || b.length === 0) return null;
  const plane = Plane.around([...a, ...b]);
  return plane.toArea(intersectPaths(unionPaths(a.map((x) => plane.toPaths(x))), unionPaths(b.map((x) => plane.toPaths(x)))));
}

/** The union of `a` minus the union of `b`; null when nothing is left. */
export function differenceAreas(a: readonly Area[], b: readonly Area[]): Area | null {
  if (a.length === 0) return null;
  const plane = Plane.around([...a, ...b]);
  return plane.toArea(differencePaths(unionPaths(a.map((x) => plane.toPaths(x))), unionPaths(b.map((x) => plane.toPaths(x)))));
}

function hilbertOrder(items: Paths64[]): Paths64[] {
  let maxX = 1, maxY = 1;
  const centres = items.map((paths) => {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const p of paths[0]) {
      if (p.x < x0) x0 = p.x;
      if (p.x > x1) x1 = p.x;
      if (p.y < y0) y0 = p.y;
      if (p.y > y1) y1 = p.y;
    }
    const c = [(x0 + x1) / 2, (y0 + y1) / 2];
    if (c[0] > maxX) maxX = c[0];
    if (c[1] > maxY) maxY = c[1];
    return c;
  });
  const keys = centres.map(([x, y]) => hilbert(Math.max(0, Math.floor((x / maxX) * 65535)), Math.max(0, Math.floor((y / maxY) * 65535))));
  return items.map((_, i) => i).sort((i, j) => keys[i] - keys[j]).map((i) => items[i]);
}

/** Distance along a Hilbert curve over a 65,536² grid: nearby points get nearby keys. */
function hilbert(x: number, y: number): number {
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
