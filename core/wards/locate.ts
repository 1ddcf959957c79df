/**
 * Which ward a point is in. One rule for the whole application: even–odd containment against the
 * ward's rings (holes excluded), the wards' boxes indexed with flatbush. A point on a border
 * counts as in the ward (as in Turf's booleanPointInPolygon), and when two wards hold it (a
 * shared border, or overlapping wards) the lowest index wins, so the answer never depends on the
 * order an index returns candidates in.
 */
import Flatbush from 'flatbush';
import type { Position } from 'geojson';
import { positionsBbox } from '../geometry/bbox.ts';
import { polygonsOf, type HasArea } from './edges.ts';

/** (x, y) → index of the ward containing it, -1 outside every ward. */
export type WardLocator = (x: number, y: number) => number;

/** 0 when (x, y) lies on the ring, 1 inside it, -1 outside (crossing-number test). */
function ringSide(ring: readonly Position[], x: number, y: number): -1 | 0 | 1 {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
    if ((xj - xi) * (y - yi) === (x - xi) * (yj - yi) && Math.min(xi, xj) <= x && x <= Math.max(xi, xj) && Math.min(yi, yj) <= y && y <= Math.max(yi, yj)) return 0;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside ? 1 : -1;
}

/** Is (x, y) in a polygon: inside or on its exterior ring, and not strictly inside a hole? On any boundary counts as in, as in Turf's booleanPointInPolygon. */
export function polygonContains(poly: readonly Position[][], x: number, y: number): boolean {
  const outer = ringSide(poly[0], x, y);
  if (outer <= 0) return outer === 0;
  for (let h = 1; h < poly.length; h++) if (ringSide(poly[h], x, y) === 1) return false;
  return true;
}

/**
 * A locator over `wards`, built once and asked many times.
 *
 * @example wardLocator(wards)(105.78, 21.06) // 3, the index of the ward holding that point
 */
export function wardLocator(wards: readonly HasArea[]): WardLocator {
  const polys: { ward: number; rings: Position[][] }[] = [];
  for (let wi = 0; wi < wards.length; wi++) for (const p of polygonsOf(wards[wi].geometry)) polys.push({ ward: wi, rings: p });
  const index = new Flatbush(Math.max(polys.length, 1));
  for (const p of polys) {
    const [x0, y0, x1, y1] = positionsBbox(p.rings[0]);
    index.add(x0, y0, x1, y1);
  }
  if (polys.length === 0) index.add(0, 0, 0, 0);
  index.finish();
  return (x, y) => {
    let best = -1;
    for (const i of index.search(x, y, x, y)) if (polys[i] && (best < 0 || polys[i].ward < best) && polygonContains(polys[i].rings, x, y)) best = polys[i].ward;
    return best;
  };
}

/** The ward containing `point` among `wards`, or null outside every ward (for a handful of wards; build a wardLocator for many points). */
export function wardAt<W extends HasArea>(point: Position, wards: readonly W[]): W | null {
  for (const w of wards) for (const p of polygonsOf(w.geometry)) if (polygonContains(p, point[0], point[1])) return w;
  return null;
}
