/**
 * Distance to a ward border: the one metric behind `on_border` (derive.ts), distances to areas in
 * the analyses (measure.ts pointAreaM: conflicts, coverage checks) and the gaps analysis's notion
 * of "near a border", so a checkpoint flagged on_border and the gaps analysis cannot disagree.
 *
 * Distances to segments are taken in a local equirectangular frame around the query point
 * (units.ts): at the few-kilometre scale of wards this is within 0.1 % of Turf's sphere and
 * far cheaper than a per-segment geodesic search.
 */
import type { Position } from 'geojson';
import { M_PER_DEG, RAD } from '../geometry/units.ts';
import { polygonsOf, type HasArea } from './edges.ts';

/** Distance in metres from point p to the segment a–b. */
export function pointSegmentM(p: Position, a: Position, b: Position): number {
  const kx = Math.cos(p[1] * RAD) * M_PER_DEG;
  const ky = M_PER_DEG;
  const ax = (a[0] - p[0]) * kx, ay = (a[1] - p[1]) * ky;
  const bx = (b[0] - p[0]) * kx, by = (b[1] - p[1]) * ky;
  const dx = bx - ax, dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
  return Math.hypot(ax + t * dx, ay + t * dy);
}

/** Distance in metres from p to the nearest ring (exterior or hole) of any of `wards`; Infinity for none. */
export function borderDistanceM(p: Position, wards: readonly HasArea[]): number {
  let best = Infinity;
  for (const w of wards)
    for (const rings of polygonsOf(w.geometry))
      for (const ring of rings)
        for (let i = 1; i < ring.length; i++) {
          const d = pointSegmentM(p, ring[i - 1], ring[i]);
          if (d < best) best = d;
        }
  return best;
}

/** Is p within `distanceM` metres of a border of `wards`? (The `on_border` rule.) */
export const nearBorder = (p: Position, wards: readonly HasArea[], distanceM: number): boolean => borderDistanceM(p, wards) <= distanceM;
