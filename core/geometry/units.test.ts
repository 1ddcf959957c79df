import { describe, expect, it } from 'vitest';
import { EARTH_RADIUS_M, HANOI_FRAME, M_PER_DEG, metresPerDegreeLon, metresToDegrees, wgs84MetresPerDegree } from './units.ts';

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

  it('keeps the demo frame within 0.05 % of the ellipsoid at 21.04° N', () => {
    const [kx, ky] = wgs84MetresPerDegree(21.04);
    expect(Math.abs(HANOI_FRAME.mPerDegLat / ky - 1)).toBeLessThan(0.0005);
    expect(Math.abs(HANOI_FRAME.mPerDegLon / kx - 1)).toBeLessThan(0.0005);
  });
});

describe('wgs84MetresPerDegree', () => {
  it('gives the ellipsoid’s local scale', () => {
    const [kx, ky] = wgs84MetresPerDegree(21.04);
    expect(kx).toBeCloseTo(103_942.68, 2); // prime-vertical radius 6,380,890.5 m · cos 21.04° · π/180
    expect(ky).toBeCloseTo(110_717.55, 2); // meridian radius of curvature at 21.04° N · π/180
  });
});
