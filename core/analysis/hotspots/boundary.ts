/**
 * Study-area polygons (e.g. the wards) in the local plane, with an even-odd point-in-polygon
 * test. Each polygon keeps its own bounding box so a test only walks the rings of the few
 * polygons around the point.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import type { LocalProjection } from './local-projection.ts';

interface Part {
  minX: number; minY: number; maxX: number; maxY: number;
  rings: Float64Array[]; // interleaved x, y
}

export interface Boundary {
  bbox: [number, number, number, number];
  contains(x: number, y: number): boolean;
}

export function projectBoundary(polygons: readonly (Polygon | MultiPolygon)[], proj: LocalProjection): Boundary {
  const parts: Part[] = [];
  for (const g of polygons) {
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (const rings of polys) {
      const part: Part = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity, rings: [] };
      for (const ring of rings) {
        const flat = new Float64Array(ring.length * 2);
        ring.forEach(([lon, lat], k) => {
          const [x, y] = proj.forward(lon, lat);
          flat[2 * k] = x;
          flat[2 * k + 1] = y;
          part.minX = Math.min(part.minX, x); part.maxX = Math.max(part.maxX, x);
          part.minY = Math.min(part.minY, y); part.maxY = Math.max(part.maxY, y);
        });
        part.rings.push(flat);
      }
      parts.push(part);
    }
  }
  const bbox: [number, number, number, number] = [
    Math.min(...parts.map((p) => p.minX)), Math.min(...parts.map((p) => p.minY)),
    Math.max(...parts.map((p) => p.maxX)), Math.max(...parts.map((p) => p.maxY)),
  ];
  return {
    bbox,
    contains(x, y) {
      for (const p of parts) {
        if (x < p.minX || x > p.maxX || y < p.minY || y > p.maxY) continue;
        let inside = false;
        for (const r of p.rings) {
          const m = r.length / 2;
          for (let i = 0, j = m - 1; i < m; j = i++) {
            const xi = r[2 * i], yi = r[2 * i + 1], xj = r[2 * j], yj = r[2 * j + 1];
            if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
          }
        }
        if (inside) return true;
      }
      return false;
    },
  };
}
