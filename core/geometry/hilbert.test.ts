import { describe, expect, it } from 'vitest';
import { hilbert, hilbertCell } from './hilbert.ts';

describe('hilbert', () => {
  it('numbers the four quadrants of the grid in curve order, starting at the origin', () => {
    expect(hilbert(0, 0)).toBe(0);
    const q = [hilbert(0, 0), hilbert(0, 65535), hilbert(65535, 65535), hilbert(65535, 0)];
    expect([...q].sort((a, b) => a - b)).toEqual(q);
    expect(hilbert(65535, 0)).toBe(2 ** 32 - 1);
  });

  it('gives every cell of a small block its own key, and neighbours on the curve are neighbours on the grid', () => {
    const cells = [];
    for (let x = 0; x < 8; x++) for (let y = 0; y < 8; y++) cells.push({ x: x * 8192, y: y * 8192, k: hilbert(x * 8192, y * 8192) });
    cells.sort((a, b) => a.k - b.k);
    expect(new Set(cells.map((c) => c.k)).size).toBe(64);
    for (let i = 1; i < cells.length; i++) expect(Math.abs(cells[i].x - cells[i - 1].x) + Math.abs(cells[i].y - cells[i - 1].y)).toBe(8192);
  });

  it('hilbertCell puts a value in its cell of a range, the ends included', () => {
    expect(hilbertCell(105.5, 105, 106)).toBe(32767);
    expect(hilbertCell(105, 105, 106)).toBe(0);
    expect(hilbertCell(106, 105, 106)).toBe(65535);
    expect(hilbertCell(3, 3, 3)).toBe(0);
  });
});
