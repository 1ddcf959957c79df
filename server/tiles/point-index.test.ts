import { describe, expect, it } from 'vitest';
import { PointIndex, type KeptPoint } from './point-index.ts';

/** A seeded random generator, so every run checks the same points. */
function rng(seed: number) {
  return () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('PointIndex', () => {
  const r = rng(7);
  const points: KeptPoint[] = Array.from({ length: 3000 }, (_, i) => ({ id: 3000 - i, lon: 105.7 + r() * 0.3, lat: 20.9 + r() * 0.2, tags: { n: i } }));
  const index = new PointIndex(points);
  const inside = ([w, s, e, n]: number[]) => points.filter((p) => p.lon >= w && p.lon <= e && p.lat >= s && p.lat <= n).sort((a, b) => a.id - b.id);

  it('finds exactly the points of a box, edges included, in id order', () => {
    for (const box of [[105.8, 21.0, 105.81, 21.01], [105.7, 20.9, 106.0, 21.1], [105.75, 20.95, 105.9, 21.0], [106.1, 21.0, 106.2, 21.1]]) expect(index.inBox(box as never)).toEqual(inside(box));
    // a point on each edge of a box is in it
    const p = points[17];
    expect(index.inBox([p.lon, p.lat, p.lon + 0.01, p.lat + 0.01]).map((q) => q.id)).toContain(p.id);
    expect(index.inBox([p.lon - 0.01, p.lat - 0.01, p.lon, p.lat]).map((q) => q.id)).toContain(p.id);
  });

  it('stops at the limit, so a crowded box is known without listing it', () => {
    expect(index.inBox([105.7, 20.9, 106.0, 21.1], 100)).toHaveLength(100);
    expect(index.size).toBe(3000);
  });
});
