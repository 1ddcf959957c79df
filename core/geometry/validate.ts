/**
 * Geometry checks at the edge: right type for the layer, coordinates in range, rings
 * closed, no self-intersections, a sane vertex limit. Returns problems a person can act
 * on, each with a path into the feature (e.g. "geometry.coordinates[0][5]").
 */
import type { Geometry, Position } from 'geojson';
import area from '@turf/area';
import type { Issue } from '../layers.ts';
import { findSelfIntersection } from './self-intersection.ts';

export const MAX_VERTICES = 100_000;

export function validateGeometry(g: unknown, allowed: readonly string[], maxVertices = MAX_VERTICES): Issue[] {
  if (g === null || typeof g !== 'object' || Array.isArray(g)) return [{ path: 'geometry', message: 'is required and must be a GeoJSON geometry object' }];
  const geom = g as { type?: unknown; coordinates?: unknown };
  if (typeof geom.type !== 'string') return [{ path: 'geometry.type', message: 'is required' }];
  if (!allowed.includes(geom.type)) return [{ path: 'geometry.type', message: `must be ${allowed.join(' or ')} for this layer, not ${geom.type}` }];
  const issues: Issue[] = [];
  let vertices = 0;

  const position = (p: unknown, path: string): p is Position => {
    if (!Array.isArray(p) || p.length < 2 || p.length > 3 || !p.every((n) => typeof n === 'number' && Number.isFinite(n))) {
      issues.push({ path, message: 'must be a position [longitude, latitude] of finite numbers' });
      return false;
    }
    vertices++;
    if (p[0] < -180 || p[0] > 180) issues.push({ path, message: `longitude ${p[0]} is outside −180…180` });
    if (p[1] < -90 || p[1] > 90) issues.push({ path, message: `latitude ${p[1]} is outside −90…90` });
    return true;
  };

  const ring = (r: unknown, path: string) => {
    if (!Array.isArray(r) || r.length < 4) {
      issues.push({ path, message: 'a polygon ring needs at least 4 positions (first and last equal)' });
      return;
    }
    if (!r.every((p, i) => position(p, `${path}[${i}]`))) return;
    const a = r[0] as Position, b = r[r.length - 1] as Position;
    if (a[0] !== b[0] || a[1] !== b[1]) issues.push({ path, message: 'ring is not closed: the last position must equal the first' });
  };

  const polygon = (rings: unknown, path: string) => {
    if (!Array.isArray(rings) || rings.length === 0) {
      issues.push({ path, message: 'a polygon needs at least one ring' });
      return;
    }
    rings.forEach((r, i) => ring(r, `${path}[${i}]`));
  };

  const c = geom.coordinates;
  const path = 'geometry.coordinates';
  switch (geom.type) {
    case 'Point':
      position(c, path);
      break;
    case 'LineString':
      if (!Array.isArray(c) || c.length < 2) issues.push({ path, message: 'a line needs at least 2 positions' });
      else c.forEach((p, i) => position(p, `${path}[${i}]`));
      break;
    case 'Polygon':
      polygon(c, path);
      break;
    case 'MultiPolygon':
      if (!Array.isArray(c) || c.length === 0) issues.push({ path, message: 'a multipolygon needs at least one polygon' });
      else c.forEach((p, i) => polygon(p, `${path}[${i}]`));
      break;
    default:
      issues.push({ path: 'geometry.type', message: `${geom.type} is not supported` });
  }
  if (vertices > maxVertices) issues.push({ path, message: `has ${vertices} vertices; the limit is ${maxVertices}` });
  if (issues.length > 0 || (geom.type !== 'Polygon' && geom.type !== 'MultiPolygon')) return issues;

  // Only now is the geometry well-formed enough for topology checks.
  const polygonGeom = g as Geometry;
  const rings = geom.type === 'Polygon' ? (c as Position[][]) : (c as Position[][][]).flat();
  const crossing = findSelfIntersection(rings);
  if (crossing?.kind === 'crossing') {
    const [x, y] = crossing.at;
    issues.push({ path, message: `polygon intersects itself near ${y.toFixed(6)}, ${x.toFixed(6)} (lat, lon); redraw the boundary so its edges do not cross` });
  } else if (crossing?.kind === 'too-intricate') {
    issues.push({ path, message: `polygon is too intricate to check for self-intersection (more than ${crossing.budget} overlapping edge pairs); simplify the boundary` });
  } else if (area(polygonGeom as never) <= 0) {
    issues.push({ path, message: 'polygon has no area' });
  }
  return issues;
}

/** Bounding box of any geometry's positions: core/geometry/bbox.ts (re-exported for the store). */
export { geometryBbox } from './bbox.ts';
