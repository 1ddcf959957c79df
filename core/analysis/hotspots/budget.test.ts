import { describe, expect, it } from 'vitest';
import { hotspots, HotspotBudgetError } from './hotspots.ts';

/** 400 incidents spread over about 4 km × 4 km, from a fixed seed. */
function incidents(): [number, number][] {
  let s = 15;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  return Array.from({ length: 400 }, () => [105.77 + rnd() * 0.04, 21.04 + rnd() * 0.04]);
}

describe('hot spot work budget', () => {
  it('refuses a small cell with a huge distance band before doing the work, naming both parameters', () => {
    let error: unknown;
    try {
      hotspots(incidents(), { cellSize: 100, distanceBand: 100_000 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HotspotBudgetError);
    expect((error as Error).message).toMatch(/cell_size.*distance_band/);
  });

  it('runs the same request within a budget that allows it', () => {
    const r = hotspots(incidents(), { cellSize: 500, distanceBand: 1000, workBudget: 1e9 });
    expect(r.parameters.gi_status).toBe('ok');
  });

  it('is a RangeError, which the route answers with 400', () => {
    expect(new HotspotBudgetError(2, 1, 100, 100, 1)).toBeInstanceOf(RangeError);
  });
});
