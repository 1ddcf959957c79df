/**
 * Planar geometry for the demo generator, in lon/lat with a local metric for Hanoi.
 *
 * The area spans ~15 km, so an equirectangular projection around 21.04° N is accurate to well
 * under 1 %: enough to place points "within 20 m" of a border. The constants are literals (not
 * Math.cos) so that output is bit-identical in every JavaScript engine.
 */
import { HANOI_FRAME } from '../../core/geometry/units.ts';

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

/** Distance from p to segment ab, in metres. */
export function segmentDistanceM(p: Pt, a: Pt, b: Pt): number {
  const ax = a[0] * M_PER_DEG_LON, ay = a[1] * M_PER_DEG_LAT;
  const dx = b[0] * M_PER_DEG_LON - ax, dy = b[1] * M_PER_DEG_LAT - ay;
  const px = p[0] * M_PER_DEG_LON - ax, py = p[1] * M_PER_DEG_LAT - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
  return Math.hypot(px - t * dx, py - t * dy);
}

/** Distance from p to a polyline, in metres. */
export function polylineDistanceM(p: Pt, line: readonly Pt[]): number {
  let d = Infinity;
  for (let i = 0; i + 1 < line.length; i++) d = Math.min(d, segmentDistanceM(p, line[i], line[i + 1]));
  return d;
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

/** Even–odd test against one ring (open or closed). */
export function pointInRing(p: Pt, ring: readonly Pt[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Polygon as rings (exterior first, then holes). */
export function pointInPolygon(p: Pt, rings: readonly (readonly Pt[])[]): boolean {
  if (!pointInRing(p, rings[0])) return false;
  for (let i = 1; i < rings.length; i++) if (pointInRing(p, rings[i])) return false;
  return true;
}

/** Distance from p to the boundary of a polygon (any ring), in metres. */
export function boundaryDistanceM(p: Pt, rings: readonly (readonly Pt[])[]): number {
  let d = Infinity;
  for (const r of rings) d = Math.min(d, polylineDistanceM(p, r[0] === r[r.length - 1] ? r : [...r, r[0]]));
  return d;
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
