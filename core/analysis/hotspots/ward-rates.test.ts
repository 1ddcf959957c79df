import { describe, expect, it } from 'vitest';
import { countByWard, wardRates, wardRatesFromCounts } from './ward-rates.ts';

describe('incidents per ward and per 1,000 residents', () => {
  it('counts by ward code, lists every ward, and gives a rate only where the population is known', () => {
    const r = wardRates(['A', 'A', 'B', null, 'A', 'Z'], [
      { code: 'A', name: 'Cổ Nhuế 1', population: 40_000 },
      { code: 'B', name: 'Xuân Đỉnh', population: null },
      { code: 'C', name: 'Đông Ngạc', population: 0 },
    ]);
    expect(r.wards).toEqual([
      { code: 'A', name: 'Cổ Nhuế 1', count: 3, population: 40_000, rate_per_1000: 0.075 },
      { code: 'B', name: 'Xuân Đỉnh', count: 1, population: null, rate_per_1000: null },
      { code: 'C', name: 'Đông Ngạc', count: 0, population: 0, rate_per_1000: null },
    ]);
    expect(r.outside).toBe(2); // no ward, and a code not among the wards
  });

  it('gives the same from counts taken where the incidents are read', () => {
    const codes = ['A', 'A', 'B', null, 'A', 'Z'];
    const wards = [{ code: 'A', name: 'Cổ Nhuế 1', population: 40_000 }, { code: 'B', name: 'Xuân Đỉnh', population: null }];
    expect(wardRatesFromCounts(countByWard(codes), codes.length, wards)).toEqual(wardRates(codes, wards));
  });
});
