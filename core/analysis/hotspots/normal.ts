/**
 * Standard normal distribution function, W. J. Cody's rational Chebyshev approximations
 * (ACM TOMS Algorithm 715, the algorithm behind R's `pnorm`). Relative error near 1e-16 over
 * the whole range, and the lower tail is computed directly, so p-values of large |z| do not
 * vanish through `1 − Φ(z)` cancellation.
 */

const A = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113];
const B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
const C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711,
  6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
];
const D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
  34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];
const P = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303];
const Q = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];
const ONE_OVER_SQRT_2PI = 0.398942280401432677939946059934;
const SQRT_32 = 5.656854249492380195206754896838;

/** exp(−y²/2) split so that the product stays exact in binary floating point (Cody's trick). */
function gaussTail(y: number, rational: number): number {
  const ysq = Math.trunc(y * 16) / 16;
  const del = (y - ysq) * (y + ysq);
  return Math.exp(-ysq * ysq * 0.5) * Math.exp(-del * 0.5) * rational;
}

/** Φ(x) = P[Z ≤ x] for a standard normal Z. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  if (y <= 0.67448975) {
    let num = 0;
    let den = 0;
    if (y > 1.1102230246251565e-16) {
      const xsq = x * x;
      num = A[4] * xsq;
      den = xsq;
      for (let i = 0; i < 3; i++) {
        num = (num + A[i]) * xsq;
        den = (den + B[i]) * xsq;
      }
    }
    return 0.5 + (x * (num + A[3])) / (den + B[3]);
  }
  let lower: number; // Φ(−y)
  if (y <= SQRT_32) {
    let num = C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]) * y;
      den = (den + D[i]) * y;
    }
    lower = gaussTail(y, (num + C[7]) / (den + D[7]));
  } else {
    const xsq = 1 / (y * y);
    let num = P[5] * xsq;
    let den = xsq;
    for (let i = 0; i < 4; i++) {
      num = (num + P[i]) * xsq;
      den = (den + Q[i]) * xsq;
    }
    const r = (xsq * (num + P[4])) / (den + Q[4]);
    lower = gaussTail(y, (ONE_OVER_SQRT_2PI - r) / y);
  }
  return x > 0 ? 1 - lower : lower;
}

/** Two-sided p-value of a z-score: 2·Φ(−|z|), as ArcGIS, spdep and (doubled) esda report it. */
export function twoSidedP(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return Math.min(1, 2 * normalCdf(-Math.abs(z)));
}
