import { describe, expect, it } from 'vitest';
import { EARTH_RADIUS_M, HANOI_FRAME, M_PER_DEG, metresPerDegreeLon, metresToDegrees } from './units.ts';

describe('units', () => {
  it('uses Turf’s sphere', () => {
    expect(EARTH_RADIUS_M).toBe(6371008.8);
    expect(M_PER_DEG).toBeCloseTo(111195.08, 2); // 6,371,008.8 · π / 180
  });

  it('shrinks a degree of longitude with latitude', () => {
    expect(metresPerDegreeLon(0)).toBeCloseTo(111195.08, 2);
    expect(metresPerDegreeLon(21.04)).toBeCloseTo(103781.71, 2); // 111,195.08 · cos 21.04°
    expect(metresPerDegreeLon(60)).toBeCloseTo(55597.54, 2); // half, at 60°
  });

  it('turns metres into a search box that holds them', () => {
    const { dLat, dLon } = metresToDegrees(1000, 21.04);
    expect(dLat * M_PER_DEG).toBeCloseTo(1001, 6); // 1 km and 0.1 % to spare
    expect(dLon * metresPerDegreeLon(21.04)).toBeCloseTo(1001, 6);
  });

  it('keeps the demo frame within 0.5 % of the sphere at 21.04° N', () => {
    expect(Math.abs(HANOI_FRAME.mPerDegLat / M_PER_DEG - 1)).toBeLessThan(0.005);
    expect(Math.abs(HANOI_FRAME.mPerDegLon / metresPerDegreeLon(21.04) - 1)).toBeLessThan(0.005);
  });
});
