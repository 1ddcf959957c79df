/**
 * The points of a small layer (the city's 5,000 checkpoints, 8,000 polling stations, 1,400
 * facilities) kept in memory sorted by tile key (./tile-key.ts), each with the properties its
 * tiles carry: a tile at any zoom is then a few binary searches. Read from the rows, a z10 tile of
 * the city's checkpoints was ~2,500 rows and their JSON parsed again for each tile (~50 ms).
 * Built once per version of the layer (./operational-tiles.ts), as the area layers' geojson-vt
 * index is. Incidents, a million, are read from the database's index of the same keys instead.
 */
import type { Bbox } from '../db/store.ts';
import { keyRanges, lowerBound, tileKey } from './tile-key.ts';

export interface KeptPoint {
  id: number;
  lon: number;
  lat: number;
  tags: Record<string, string | number | boolean>;
}

export class PointIndex {
  private readonly keys: Float64Array;
  private readonly points: KeptPoint[];

  constructor(points: KeptPoint[]) {
    const keyed = points.map((p) => ({ k: tileKey(p.lon, p.lat), p })).sort((a, b) => a.k - b.k);
    this.keys = Float64Array.from(keyed, (e) => e.k);
    this.points = keyed.map((e) => e.p);
  }

  get size(): number {
    return this.points.length;
  }

  /**
   * The points in the box, its edges included, in id order; or, when there are more than `limit`,
   * some `limit` of them (enough to know there are more).
   */
  inBox([w, s, e, n]: Bbox, limit = Infinity): KeptPoint[] {
    const out: KeptPoint[] = [];
    for (const [a, b] of keyRanges([w, s, e, n])) {
      for (let i = lowerBound(this.keys, a); i < this.keys.length && this.keys[i] <= b; i++) {
        const p = this.points[i];
        if (p.lon < w || p.lon > e || p.lat < s || p.lat > n) continue; // the ranges overreach the box
        out.push(p);
        if (out.length >= limit) return out;
      }
    }
    return out.sort((p, q) => p.id - q.id);
  }
}
