import { describe, expect, it } from 'vitest';
import { CellCounts, morton, unmorton } from './incident-cells.ts';

/** Tile x, y of a point at zoom z (as the map numbers tiles). */
function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const s = Math.sin((lat * Math.PI) / 180);
  return [Math.floor(((lon + 180) / 360) * n), Math.floor((0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n)];
}

function points(n: number) {
  let seed = 7;
  const r = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const lon = new Float64Array(n), lat = new Float64Array(n);
  const category: string[] = [], day: (string | null)[] = [];
  for (let i = 0; i < n; i++) {
    lon[i] = 105.6 + r() * 0.5;
    lat[i] = 20.8 + r() * 0.4;
    category.push(['traffic', 'violation', 'epidemic_case'][i % 3]);
    day.push(i % 10 === 0 ? null : `2021-05-${String(1 + (i % 31)).padStart(2, '0')}`);
  }
  return { ids: Array.from({ length: n }, (_, i) => i + 1), lon, lat, values: { category, day } };
}

describe('counts per tile cell, category and day', () => {
  it('numbers cells along a Z-order curve, both ways', () => {
    expect(morton(0b11, 0b01)).toBe(0b0111);
    for (const [x, y] of [[0, 0], [1, 2], [131071, 131071], [104857, 57344], [65536, 3], [524287, 524287], [419430, 229376]]) expect(unmorton(morton(x, y))).toEqual([x, y]);
  });

  it('counts every point once per zoom, in the tile that holds it, by category and day', () => {
    const cols = points(5000);
    const cells = CellCounts.build(cols, 14, 5)!;
    for (const z of [14, 12, 10, 7]) {
      const tiles = new Map<string, number[]>();
      for (let i = 0; i < cols.lon.length; i++) {
        const k = tileOf(cols.lon[i], cols.lat[i], z).join('/');
        if (!tiles.has(k)) tiles.set(k, []);
        tiles.get(k)!.push(i);
      }
      let total = 0;
      for (const [k, inside] of tiles) {
        const [x, y] = k.split('/').map(Number);
        const fs = cells.tile(z, x, y, 4096);
        const sum = (keep: (f: (typeof fs)[number]) => boolean) => fs.filter(keep).reduce((s, f) => s + (f.tags.count as number), 0);
        expect(sum(() => true)).toBe(inside.length);
        expect(sum((f) => f.tags.category === 'violation')).toBe(inside.filter((i) => cols.values.category[i] === 'violation').length);
        expect(sum((f) => f.tags.day === '2021-05-07')).toBe(inside.filter((i) => cols.values.day[i] === '2021-05-07').length);
        expect(sum((f) => f.tags.day === undefined)).toBe(inside.filter((i) => cols.values.day[i] === null).length);
        // each feature at the centre of one of the 32 × 32 cells
        for (const f of fs) for (const c of f.geometry[0]) expect((c - 64) % 128).toBe(0);
        total += fs.length ? sum(() => true) : 0;
      }
      expect(total).toBe(cols.lon.length);
    }
    expect(cells.tile(12, 0, 0, 4096)).toEqual([]);
  });

  it('declines more categories than a key holds, and cells finer than it holds', () => {
    const cols = points(10);
    expect(() => CellCounts.build(cols, 15, 5)).toThrow(RangeError);
    cols.values.category = cols.values.category.map((_, i) => `c${i}`);
    expect(CellCounts.build(cols, 14, 5)).toBeNull();
  });
});
