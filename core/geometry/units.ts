/**
 * Units: how many metres a degree is. Every conversion between degrees and metres in opsmap
 * starts here, so two analyses cannot measure the same stretch with different Earths.
 *
 * The Earth is Turf's sphere (mean radius 6,371,008.8 m), so our figures agree with Turf's and
 * geokdbush's. At the few-kilometre scale of a ward a local equirectangular frame around a point
 * (x scaled by cos latitude) is within 0.1 % of the sphere.
 */

/** Turf's mean Earth radius, metres. */
export const EARTH_RADIUS_M = 6371008.8;

/** Radians per degree. */
export const RAD = Math.PI / 180;

/** Metres per degree of a great circle (a degree of latitude, or of longitude on the equator): 111,195.08 m. */
export const M_PER_DEG = RAD * EARTH_RADIUS_M;

/** Metres per degree of longitude at latitude `lat` (degrees). */
export function metresPerDegreeLon(lat: number): number {
  return M_PER_DEG * Math.cos(lat * RAD);
}

/** Degrees of latitude and of longitude (at `lat`) that span at least `m` metres (0.1 % to spare, for search boxes). */
export function metresToDegrees(m: number, lat: number): { dLat: number; dLon: number } {
  const dLat = (m / M_PER_DEG) * 1.001;
  return { dLat, dLon: dLat / Math.max(Math.cos(lat * RAD), 1e-6) };
}

/**
 * The demo generator's fixed frame for Hanoi (21.04° N). Written as literals rather than
 * computed with Math.cos so the generated data is bit-identical in every JavaScript engine;
 * latitude uses the WGS 84 meridian arc there (110,740 m, 0.4 % more than the sphere's degree),
 * longitude 111,320 · cos 21.04° ≈ 103,900 m.
 */
export const HANOI_FRAME = { mPerDegLat: 110_740, mPerDegLon: 103_900 } as const;
