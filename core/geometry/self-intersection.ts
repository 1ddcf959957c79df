/**
 * First place where a polygon's rings touch or cross themselves or each other, by a sweep:
 * segments sorted by where they start along one axis, each compared only with those whose span
 * along that axis overlaps its own, stopping at the first hit. Turf's kinks() built every
 * crossing before looking at any: a comb of n vertices has ~(n/4)² of them, and 24,001 vertices
 * ran the server out of heap.
 *
 * Cost is bounded twice: memory is a few flat arrays over the segments (≤ 100,000 after the
 * vertex limit), and time by a budget of compared pairs, so a shape built to defeat the sweep
 * (a diagonal spiral whose edges all overlap along both axes) is refused as too intricate
 * instead of running for minutes. The sweep runs along the axis where edges are short compared
 * with the whole shape, so a serpentine of long horizontal strokes sweeps north–south.
 *
 * Contact rule (as kinks): two segments that are not neighbours on the same ring and are not
 * parallel meet if their intersection lies on both (ends included).
 */

export type SelfIntersection =
  | { kind: 'crossing'; at: [number, number] }
  | { kind: 'too-intricate'; budget: number };

/** Segment pairs compared before giving up: tens of milliseconds of work. */
export const PAIR_BUDGET = 4_000_000;

export function findSelfIntersection(rings: readonly (readonly (readonly number[])[])[], budget = PAIR_BUDGET): SelfIntersection | null {
  let total = 0;
  for (const r of rings) total += Math.max(0, r.length - 1);
  if (total === 0) return null;
  // Flat arrays, one entry per segment: ends, ring id, position within the ring.
  const x0 = new Float64Array(total), y0 = new Float64Array(total), x1 = new Float64Array(total), y1 = new Float64Array(total);
  const ringOf = new Uint32Array(total), posOf = new Uint32Array(total);
  const ringLen = new Uint32Array(rings.length), ringClosed = new Uint8Array(rings.length);
  let s = 0, spanX = 0, spanY = 0;
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  rings.forEach((r, ri) => {
    ringLen[ri] = Math.max(0, r.length - 1);
    ringClosed[ri] = r.length > 1 && r[0][0] === r[r.length - 1][0] && r[0][1] === r[r.length - 1][1] ? 1 : 0;
    for (let i = 0; i + 1 < r.length; i++, s++) {
      x0[s] = r[i][0]; y0[s] = r[i][1]; x1[s] = r[i + 1][0]; y1[s] = r[i + 1][1];
      ringOf[s] = ri; posOf[s] = i;
      spanX += Math.abs(x1[s] - x0[s]); spanY += Math.abs(y1[s] - y0[s]);
      minX = Math.min(minX, x0[s]); maxX = Math.max(maxX, x0[s]); minY = Math.min(minY, y0[s]); maxY = Math.max(maxY, y0[s]);
    }
  });
  // Sweep along x unless edges are relatively longer along x than along y.
  const alongX = spanX * (maxY - minY) <= spanY * (maxX - minX);
  const [a0, a1, b0, b1] = alongX ? [x0, x1, y0, y1] : [y0, y1, x0, x1];
  const lo = new Float64Array(total), hi = new Float64Array(total), cLo = new Float64Array(total), cHi = new Float64Array(total);
  for (let i = 0; i < total; i++) {
    lo[i] = Math.min(a0[i], a1[i]); hi[i] = Math.max(a0[i], a1[i]);
    cLo[i] = Math.min(b0[i], b1[i]); cHi[i] = Math.max(b0[i], b1[i]);
  }
  const order = new Uint32Array(total);
  for (let i = 0; i < total; i++) order[i] = i;
  order.sort((a, b) => lo[a] - lo[b]);

  const neighbours = (a: number, b: number): boolean => {
    const ri = ringOf[a];
    if (ri !== ringOf[b]) return false;
    const d = Math.abs(posOf[a] - posOf[b]);
    return d <= 1 || (d === ringLen[ri] - 1 && ringClosed[ri] === 1);
  };

  let compared = 0;
  for (let k = 0; k < total; k++) {
    const a = order[k], end = hi[a], cl = cLo[a], ch = cHi[a];
    for (let m = k + 1; m < total; m++) {
      const b = order[m];
      if (lo[b] > end) break;
      if (++compared > budget) return { kind: 'too-intricate', budget };
      if (cLo[b] > ch || cHi[b] < cl || neighbours(a, b)) continue;
      const hit = meet(x0[a], y0[a], x1[a], y1[a], x0[b], y0[b], x1[b], y1[b]);
      if (hit) return { kind: 'crossing', at: hit };
    }
  }
  return null;
}

/** Where segments p and q meet, ends included; null when apart or parallel (as kinks). */
function meet(px0: number, py0: number, px1: number, py1: number, qx0: number, qy0: number, qx1: number, qy1: number): [number, number] | null {
  const den = (qy1 - qy0) * (px1 - px0) - (qx1 - qx0) * (py1 - py0);
  if (den === 0) return null;
  const dy = py0 - qy0, dx = px0 - qx0;
  const ua = ((qx1 - qx0) * dy - (qy1 - qy0) * dx) / den;
  const ub = ((px1 - px0) * dy - (py1 - py0) * dx) / den;
  if (ua < 0 || ua > 1 || ub < 0 || ub > 1) return null;
  return [px0 + ua * (px1 - px0), py0 + ua * (py1 - py0)];
}
