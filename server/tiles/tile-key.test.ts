import { describe, expect, it } from 'vitest';
import { cellX, cellY, KEY_ZOOM, keyRanges, lowerBound, morton, tileKey, unmorton } from './tile-key.ts';
import { tileBounds } from './operational-tiles.ts';

const SIDE = 2 ** KEY_ZOOM;
const inRanges = (k: number, rs: [number, number][]) => rs.some(([a, b]) => a <= k && k <= b);

describe('morton', () => {
  it('numbers cells along a Z-order curve, both ways', () => {
    expect(morton(0b11, 0b01)).toBe(0b0111);
    for (const [x, y] of [[0, 0], [1, 2], [131071, 131071], [104857, 57344], [65536, 3], [524287, 524287], [419430, 229376]]) expect(unmorton(morton(x, y))).toEqual([x, y]);
  });

  it('finds the first key at or past a value (lowerBound)', () => {
    const keys = Float64Array.from([1, 3, 3, 7]);
    expect([0, 1, 2, 3, 4, 8].map((k) => lowerBound(keys, k))).toEqual([0, 0, 1, 1, 3, 4]);
    expect(lowerBound(keys, 7, 2)).toBe(2);
  });
});

describe('tileKey', () => {
  it('interleaves the cell column (even bits) and row (odd bits)', () => {
    expect(morton(0, 0)).toBe(0);
    expect(morton(1, 0)).toBe(1);
    expect(morton(0, 1)).toBe(2);
    expect(morton(3, 3)).toBe(15);
    expect(morton(SIDE - 1, SIDE - 1)).toBe(2 ** 40 - 1);
    expect(morton(2 ** 10, 0)).toBe(2 ** 20); // across the two halves of the spread
  });

  it('numbers the cells as the tiles of zoom 20 are numbered', () => {
    // Hồ Gươm, Hà Nội: tile 20/832604/461614 (computed apart as y = (1 − asinh(tan φ) / π) / 2 · 2^20)
    expect([cellX(105.8522), cellY(21.0287)]).toEqual([832_604, 461_614]);
    expect([cellX(-180), cellY(85.0511287798)]).toEqual([0, 0]);
    expect([cellX(180), cellY(-90), cellY(90)]).toEqual([SIDE - 1, SIDE - 1, 0]);
  });

  it('gives every point of a tile of zoom ≤ 20 a key in one range, and none outside it', () => {
    for (const [z, x, y] of [[14, 13011, 7207], [13, 6505, 3603], [10, 812, 450]]) {
      const shift = KEY_ZOOM - z;
      const first = morton(x << shift, y << shift);
      const range: [number, number][] = [[first, first + 4 ** shift - 1]];
      const [w, s, e, n] = tileBounds(z, x, y);
      const dx = (e - w) / 1000, dy = (n - s) / 1000;
      for (let i = 0; i < 1000; i++) {
        const lon = w + dx * ((i * 37) % 1000), lat = s + dy * (1 + ((i * 61) % 999));
        expect(inRanges(tileKey(lon, lat), range)).toBe(true);
        expect(inRanges(tileKey(lon + (e - w), lat), range)).toBe(false); // the tile to the east
      }
      // and the ranges of its box hold that range whole, in one piece
      const rs = keyRanges([w + dx, s + dy, e - dx, n - dy], KEY_ZOOM);
      expect(rs.filter(([a, b]) => a <= range[0][0] && range[0][1] <= b)).toHaveLength(1);
    }
  });
});

describe('keyRanges', () => {
  /** Every cell of a small area, to check ranges against by brute force. */
  function cellsIn([w, s, e, n]: [number, number, number, number]) {
    const out: number[] = [];
    for (let x = cellX(w) - 1; x <= cellX(e) + 1; x++) for (let y = cellY(n) - 1; y <= cellY(s) + 1; y++) out.push(morton(x, y));
    return out;
  }

  it('covers every cell of the box, sorted and disjoint; at full depth exactly those cells', () => {
    const box: [number, number, number, number] = [105.8, 21.0, 105.81, 21.006];
    const exact = keyRanges(box, KEY_ZOOM);
    for (let i = 1; i < exact.length; i++) expect(exact[i][0]).toBeGreaterThan(exact[i - 1][1] + 1);
    const cells = cellsIn(box);
    const covered = exact.reduce((n, [a, b]) => n + b - a + 1, 0);
    expect(covered).toBe(cells.length);
    for (const k of cells) expect(inRanges(k, exact)).toBe(true);

    // coarser edges: fewer ranges, still every cell
    const coarse = keyRanges(box, 16);
    expect(coarse.length).toBeLessThan(exact.length);
    for (const k of cells) expect(inRanges(k, coarse)).toBe(true);
    expect(coarse.reduce((n, [a, b]) => n + b - a + 1, 0)).toBeGreaterThan(covered);
  });

  it('keeps to the edges of the world', () => {
    expect(keyRanges([-180, -90, 180, 90], 0)).toEqual([[0, 2 ** 40 - 1]]);
    expect(keyRanges([179.9999, -85, 180, -84.9999], KEY_ZOOM).every(([a, b]) => a >= 0 && b <= 2 ** 40 - 1)).toBe(true);
  });
});
