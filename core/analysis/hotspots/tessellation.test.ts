import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countByCell, tessellation } from './tessellation.ts';

const dist = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1]);

describe('hexagon tessellation', () => {
  const hex = tessellation('hexagon', 300);

  it('puts adjacent centres one cell size apart (size = height, flat side to flat side)', () => {
    const c = hex.centre(hex.key(0, 0));
    for (const [q, r] of [[1, 0], [0, 1], [-1, 1], [-1, 0], [0, -1], [1, -1]]) expect(dist(hex.centre(hex.key(q, r)), c)).toBeCloseTo(300, 9);
  });

  it('draws flat-topped hexagons of side size/√3, closed and counter-clockwise', () => {
    const ring = hex.outline(hex.key(2, -1));
    const c = hex.centre(hex.key(2, -1));
    expect(ring).toHaveLength(7);
    expect(ring[6]).toEqual(ring[0]);
    for (const v of ring) expect(dist(v, c)).toBeCloseTo(300 / Math.sqrt(3), 9);
    expect(ring[1][1]).toBeCloseTo(ring[2][1], 9); // flat top
    let twiceArea = 0;
    for (let i = 0; i < 6; i++) twiceArea += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
    expect(twiceArea / 2).toBeCloseTo(hex.cellArea, 6);
    expect(hex.cellArea).toBeCloseTo((Math.sqrt(3) / 2) * 300 * 300, 6);
  });

  it('assigns every point to the hexagon with the nearest centre', () => {
    fc.assert(
      fc.property(fc.double({ min: -5000, max: 5000, noNaN: true }), fc.double({ min: -5000, max: 5000, noNaN: true }), (x, y) => {
        const own = hex.centre(hex.cellOf(x, y));
        const [q, r] = hex.coords(hex.cellOf(x, y));
        for (const [dq, dr] of [[1, 0], [0, 1], [-1, 1], [-1, 0], [0, -1], [1, -1]]) {
          expect(dist([x, y], own)).toBeLessThanOrEqual(dist([x, y], hex.centre(hex.key(q + dq, r + dr))) + 1e-9);
        }
      }),
    );
  });

  it('has a centre on the origin and lists the centres inside a box', () => {
    expect(hex.centre(hex.cellOf(10, -20))).toEqual([0, 0]);
    const inBox = hex.cellsInBox(-400, -400, 400, 400).map((k) => hex.centre(k));
    expect(inBox.length).toBeGreaterThan(0);
    for (const [x, y] of inBox) expect(Math.abs(x) <= 400 && Math.abs(y) <= 400).toBe(true);
    // Columns are 259.8 m apart: q = −1, 0, 1. Column 0 has centres at y = 0, ±300; columns ±1 at ±150.
    expect(inBox).toHaveLength(7);
  });
});

describe('fishnet tessellation', () => {
  it('uses squares of the given side centred on multiples of it', () => {
    const sq = tessellation('fishnet', 200);
    expect(sq.centre(sq.cellOf(99, -101))).toEqual([0, -200]);
    expect(sq.outline(sq.cellOf(0, 0))).toEqual([[-100, -100], [100, -100], [100, 100], [-100, 100], [-100, -100]]);
  });
  it('rejects a size that is not a positive number', () => {
    expect(() => tessellation('hexagon', 0)).toThrow(RangeError);
  });
});

describe('points counted per cell', () => {
  it('gives what counting each cellOf gives, keys ascending, on both grids and through either store', () => {
    let seed = 7;
    const r = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    for (const [kind, size, spread] of [['hexagon', 300, 20_000], ['fishnet', 250, 20_000], ['hexagon', 1, 30_000]] as const) {
      const tess = tessellation(kind, size);
      const xs = Float64Array.from({ length: 5000 }, () => (r() - 0.3) * spread);
      const ys = Float64Array.from({ length: 5000 }, () => (r() - 0.6) * spread);
      const expected = new Map<number, number>();
      for (let i = 0; i < xs.length; i++) expected.set(tess.cellOf(xs[i], ys[i]), (expected.get(tess.cellOf(xs[i], ys[i])) ?? 0) + 1);
      const counts = countByCell(tess, xs, ys);
      expect([...counts]).toEqual([...expected].sort((a, b) => a[0] - b[0]));
    }
    expect(countByCell(tessellation('hexagon', 100), new Float64Array(0), new Float64Array(0)).size).toBe(0);
  });
});
