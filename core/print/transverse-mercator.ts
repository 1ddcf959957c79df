/**
 * Transverse Mercator on the WGS84 ellipsoid (Krüger series to n³, accurate to well under a
 * millimetre within a few degrees of the central meridian).
 *
 * Printing uses it twice: a local TM centred on the page (central meridian through the page
 * centre, k0 = 1) so the map is conformal and true to scale at the centre in every direction,
 * and UTM zone 48N (λ0 = 105°, k0 = 0.9996) for the coordinate grid field teams read.
 * Web Mercator, as the screen uses, is off by about 0.5 % north–south at Hanoi once scaled for
 * the latitude (it treats the ellipsoid as a sphere), which is why print does not use it.
 */
import { WGS84_A } from '../geometry/units.ts';

const A_WGS84 = WGS84_A;
const F_WGS84 = 1 / 298.257223563;
const n = F_WGS84 / (2 - F_WGS84);
const n2 = n * n;
const n3 = n2 * n;
/** Rectifying radius: the meridian length is 2πA. */
const A = (A_WGS84 / (1 + n)) * (1 + n2 / 4 + (n2 * n2) / 64);
const alpha = [n / 2 - (2 * n2) / 3 + (5 * n3) / 16, (13 * n2) / 48 - (3 * n3) / 5, (61 * n3) / 240];
const beta = [n / 2 - (2 * n2) / 3 + (37 * n3) / 96, n2 / 48 + n3 / 15, (17 * n3) / 480];
const delta = [2 * n - (2 * n2) / 3 - 2 * n3, (7 * n2) / 3 - (8 * n3) / 5, (56 * n3) / 15];
const twoRootNOver1PlusN = (2 * Math.sqrt(n)) / (1 + n);
const RAD = Math.PI / 180;

export interface TransverseMercator {
  /** Central meridian, degrees. */
  lon0: number;
  /** Scale factor on the central meridian. */
  k0: number;
  falseEasting: number;
  falseNorthing: number;
}

export const UTM48N: TransverseMercator = { lon0: 105, k0: 0.9996, falseEasting: 500000, falseNorthing: 0 };

/** A TM centred on a meridian with k0 = 1: true to scale along that meridian. */
export function localTM(lon0: number): TransverseMercator {
  return { lon0, k0: 1, falseEasting: 0, falseNorthing: 0 };
}

export interface Projected {
  x: number;
  y: number;
  /** Point scale factor: grid distance / ground distance. */
  k: number;
  /** Meridian convergence, radians: the angle from grid north to true north, counterclockwise positive. */
  gamma: number;
}

export function tmForward(tm: TransverseMercator, lon: number, lat: number): Projected {
  const phi = lat * RAD;
  const lam = (lon - tm.lon0) * RAD;
  const sinPhi = Math.sin(phi);
  const t = Math.sinh(Math.atanh(sinPhi) - twoRootNOver1PlusN * Math.atanh(twoRootNOver1PlusN * sinPhi));
  const xiP = Math.atan2(t, Math.cos(lam));
  const etaP = Math.atanh(Math.sin(lam) / Math.sqrt(1 + t * t));
  let xi = xiP;
  let eta = etaP;
  let sigma = 1;
  let tau = 0;
  for (let j = 1; j <= 3; j++) {
    const a = alpha[j - 1];
    xi += a * Math.sin(2 * j * xiP) * Math.cosh(2 * j * etaP);
    eta += a * Math.cos(2 * j * xiP) * Math.sinh(2 * j * etaP);
    sigma += 2 * j * a * Math.cos(2 * j * xiP) * Math.cosh(2 * j * etaP);
    tau += 2 * j * a * Math.sin(2 * j * xiP) * Math.sinh(2 * j * etaP);
  }
  const tanLam = Math.tan(lam);
  const r = Math.sqrt(1 + t * t);
  // Convergence and scale (Karney 2011, eqs. 10–11 in the Krüger form).
  const gammaCW = Math.atan2(tau * r + sigma * t * tanLam, sigma * r - tau * t * tanLam);
  const k =
    ((tm.k0 * A) / A_WGS84) *
    Math.sqrt(1 + (((1 - n) / (1 + n)) * Math.tan(phi)) ** 2) *
    Math.sqrt((sigma * sigma + tau * tau) / (t * t + Math.cos(lam) ** 2));
  return {
    x: tm.falseEasting + tm.k0 * A * eta,
    y: tm.falseNorthing + tm.k0 * A * xi,
    k,
    gamma: gammaCW,
  };
}

/** Grid coordinates back to [lon, lat] in degrees. */
export function tmInverse(tm: TransverseMercator, x: number, y: number): [number, number] {
  const xi = (y - tm.falseNorthing) / (tm.k0 * A);
  const eta = (x - tm.falseEasting) / (tm.k0 * A);
  let xiP = xi;
  let etaP = eta;
  for (let j = 1; j <= 3; j++) {
    xiP -= beta[j - 1] * Math.sin(2 * j * xi) * Math.cosh(2 * j * eta);
    etaP -= beta[j - 1] * Math.cos(2 * j * xi) * Math.sinh(2 * j * eta);
  }
  const chi = Math.asin(Math.sin(xiP) / Math.cosh(etaP));
  let phi = chi;
  for (let j = 1; j <= 3; j++) phi += delta[j - 1] * Math.sin(2 * j * chi);
  const lam = Math.atan2(Math.sinh(etaP), Math.cos(xiP));
  return [tm.lon0 + lam / RAD, phi / RAD];
}
