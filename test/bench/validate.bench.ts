/**
 * Polygon validation (issue 15 #1): the sweep in core/geometry/self-intersection.ts on a simple
 * 100,000-vertex ring (the worst honest case: every pair near each other is compared) and on the
 * 24,001-vertex comb that ran the server out of heap under Turf kinks(); baseline: kinks() on a
 * 4,001-vertex ring in the same run (it is quadratic, so larger rings would take minutes).
 */
import { kinks, polygon } from '@turf/turf';
import { validateGeometry } from '../../core/geometry/validate.ts';
import { circle, comb } from '../fixtures/geometry/hostile-polygons.ts';

function median(run: () => unknown, times: number): { ms: number; heapMiB: number } {
  const ms: number[] = [];
  let heap = 0;
  for (let i = 0; i < times; i++) {
    const h = process.memoryUsage().heapUsed;
    const t = performance.now();
    run();
    ms.push(performance.now() - t);
    heap = Math.max(heap, process.memoryUsage().heapUsed - h);
  }
  ms.sort((a, b) => a - b);
  return { ms: ms[Math.floor(times / 2)], heapMiB: heap / 2 ** 20 };
}

export async function bench(): Promise<void> {
  const big = circle(100_000), small = circle(4_001), bad = comb(24_001);
  validateGeometry({ type: 'Polygon', coordinates: [small] }, ['Polygon']); // warm up
  const ours = median(() => validateGeometry({ type: 'Polygon', coordinates: [big] }, ['Polygon']), 5);
  const oursSmall = median(() => validateGeometry({ type: 'Polygon', coordinates: [small] }, ['Polygon']), 5);
  const combMs = median(() => validateGeometry({ type: 'Polygon', coordinates: [bad] }, ['Polygon']), 5);
  const turf = median(() => kinks(polygon([small])), 1);
  console.log(
    `validate: simple ring of 100,000 vertices ${ours.ms.toFixed(0)} ms (median of 5, heap +${ours.heapMiB.toFixed(1)} MiB); ` +
      `comb of 24,001 vertices refused in ${combMs.ms.toFixed(0)} ms; ring of 4,001 vertices ${oursSmall.ms.toFixed(1)} ms vs Turf kinks() ${turf.ms.toFixed(0)} ms ` +
      `(${(turf.ms / oursSmall.ms).toFixed(0)}×)`,
  );
}
