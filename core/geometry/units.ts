/**
 * Units: how many metres a degree is. Every conversion between degrees and metres in opsmap
 * starts here, so two analyses cannot measure the same stretch with different Earths.
 *
 * Distances are on Turf's sphere (mean radius 6,371,008.8 m), so our figures agree with Turf's
 * and geokdbush's; the hot-spot grid and the demo use the WGS 84 ellipsoid's local scale. At the few-kilometre scale of a ward a local equirectangular frame around a point
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

/** WGS 84 semi-major axis (m) and first eccentricity squared. */
export const WGS84_A = 6378137;
export const WGS84_E2 = 0.00669437999014;

/**
 * Metres per degree of longitude and of latitude at `lat` on the WGS 84 ellipsoid (radii of
 * curvature in the prime vertical and the meridian): for the hot-spot grid, whose cells must be
 * regular on the ground to 0.2 % across a city.
 */
export function wgs84MetresPerDegree(lat: number): [number, number] {
  const s = Math.sin(lat * RAD);
  const w = Math.sqrt(1 - WGS84_E2 * s * s);
  const primeVertical = WGS84_A / w;
  const meridional = (WGS84_A * (1 - WGS84_E2)) / (w * w * w);
  return [primeVertical * Math.cos(lat * RAD) * RAD, meridional * RAD];
}

/**
 * The demo generator's fixed frame for Hanoi (21.04° N), written as literals rather than computed
 * with Math.cos so the generated data is bit-identical in every JavaScript engine. Both are within
 * 0.05 % of the WGS 84 ellipsoid's local scale there (110,718 m and 103,943 m, wgs84MetresPerDegree).
 */
export const HANOI_FRAME = { mPerDegLat: 110_740, mPerDegLon: 103_900 } as const;
