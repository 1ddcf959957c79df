/**
 * Planar geometry for the demo generator, in lon/lat with a local metric for Hanoi.
 *
 * The area spans ~15 km, so an equirectangular projection around 21.04° N is accurate to well
 * under 1 %. Its constants (core/geometry/units.ts HANOI_FRAME) are literals, not Math.cos, so
 * that output is bit-identical in every JavaScript engine. Which ward a point is in and how far
 * it is from a border are core/wards' rules, the ones ward_code, on_border and gaps use.
 */
import { HANOI_FRAME } from '../../core/geometry/units.ts';
import { polygonContains } from '../../core/wards/locate.ts';
import { borderDistanceM } from '../../core/wards/border-distance.ts';

export type Pt = [number, number];

/** Metres per degree of latitude and of longitude near 21.04° N (core/geometry/units.ts). */
export const { mPerDegLat: M_PER_DEG_LAT, mPerDegLon: M_PER_DEG_LON } = HANOI_FRAME;

/** Offset a point by metres east and north. */
export function offset(p: Pt, east: number, north: number): Pt {
  return [p[0] + east / M_PER_DEG_LON, p[1] + north / M_PER_DEG_LAT];
}

export function distanceM(a: Pt, b: Pt): number {
  return Math.hypot((a[0] - b[0]) * M_PER_DEG_LON, (a[1] - b[1]) * M_PER_DEG_LAT);
}

/** Signed area in square degrees; positive for a counter-clockwise ring (open or closed). */
export function signedArea(ring: readonly Pt[]): number {
  let s = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i];
    const [x2, y2] = ring[(i + 1) % ring.length];
    s += x1 * y2 - x2 * y1;
  }
  return s / 2;
}

/** Is p in one ring (open or closed)? core/wards' rule: even–odd, a point on the ring counts as in. */
export function pointInRing(p: Pt, ring: readonly Pt[]): boolean {
  return polygonContains([ring as Pt[]], p[0], p[1]);
}

/** Polygon as rings (exterior first, then holes). */
export function pointInPolygon(p: Pt, rings: readonly (readonly Pt[])[]): boolean {
  return polygonContains(rings as Pt[][], p[0], p[1]);
}

/** Distance from p to the boundary of a polygon (any ring), in metres: core/wards' border metric, the one on_border uses. */
export function boundaryDistanceM(p: Pt, rings: readonly (readonly Pt[])[]): number {
  const closed = rings.map((r) => (r[0] === r[r.length - 1] ? (r as Pt[]) : [...r, r[0]]));
  return borderDistanceM(p, [{ geometry: { type: 'Polygon', coordinates: closed } }]);
}

/** Round to a 1e-n degree grid (7 decimals ≈ 1 cm). */
export function snap(p: Pt, decimals: number): Pt {
  const f = 10 ** decimals;
  return [Math.round(p[0] * f) / f, Math.round(p[1] * f) / f];
}

export function closeRing(ring: readonly Pt[]): Pt[] {
  const r = ring.slice();
  const [a, b] = [r[0], r[r.length - 1]];
  if (a[0] !== b[0] || a[1] !== b[1]) r.push([a[0], a[1]]);
  return r;
}

/** Point at fraction t ∈ [0, 1] of a polyline's length, with the unit direction there. */
export function alongPolyline(line: readonly Pt[], t: number): { at: Pt; dir: Pt } {
  const lengths = [];
  let total = 0;
  for (let i = 0; i + 1 < line.length; i++) {
    const l = distanceM(line[i], line[i + 1]);
    lengths.push(l);
    total += l;
  }
  let target = t * total;
  for (let i = 0; i < lengths.length; i++) {
    if (target <= lengths[i] || i === lengths.length - 1) {
      const f = lengths[i] === 0 ? 0 : Math.min(1, target / lengths[i]);
      const [a, b] = [line[i], line[i + 1]];
      const ex = (b[0] - a[0]) * M_PER_DEG_LON, ny = (b[1] - a[1]) * M_PER_DEG_LAT;
      const n = Math.hypot(ex, ny) || 1;
      return { at: [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1])], dir: [ex / n, ny / n] };
    }
    target -= lengths[i];
  }
  throw new Error('empty polyline');
}

export function polylineLengthM(line: readonly Pt[]): number {
  let s = 0;
  for (let i = 0; i + 1 < line.length; i++) s += distanceM(line[i], line[i + 1]);
  return s;
}
