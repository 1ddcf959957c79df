/**
 * Demo generator: time to build the whole scenario, and the ward tessellation (half-plane
 * clipping, ours) against the obvious Turf route (voronoi + intersect per cell) on the same
 * seeds and outlines, measured in the same run.
 */
import * as turf from '@turf/turf';
import type { Feature, Polygon } from 'geojson';
import { generateDemo } from '../../data/demo/generate.ts';
import { DISTRICT_OUTLINES, WARD_SEEDS, tessellateWards } from '../../data/demo/wards.ts';

function median(run: () => void, times: number): number {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    run();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(times / 2)];
}

function turfTessellation(): Feature<Polygon>[] {
  const out: Feature<Polygon>[] = [];
  for (const key of ['btl', 'ntl'] as const) {
    const ring = [...DISTRICT_OUTLINES[key], DISTRICT_OUTLINES[key][0]];
    const district = turf.polygon([ring.map((p) => [p[0], p[1]])]);
    const seeds = turf.featureCollection(WARD_SEEDS.filter((w) => w.district === key).map((w) => turf.point(w.seed)));
    const cells = turf.voronoi(seeds, { bbox: turf.bbox(turf.buffer(district, 1)!) as [number, number, number, number] });
    for (const c of cells.features) {
      const cut = turf.intersect(turf.featureCollection([c, district]));
      if (cut) out.push(cut as Feature<Polygon>);
    }
  }
  return out;
}

export async function bench(): Promise<void> {
  generateDemo(); // warm up
  const full = median(() => generateDemo(), 7);
  const ours = median(() => tessellateWards(), 21);
  const viaTurf = median(() => turfTessellation(), 21);
  const size = JSON.stringify(generateDemo()).length;
  console.log(`demo: generateDemo() ${full.toFixed(1)} ms (median of 7), ${(size / 1e6).toFixed(2)} MB of GeoJSON`);
  console.log(`demo: ward tessellation ${ours.toFixed(2)} ms vs turf voronoi+intersect ${viaTurf.toFixed(2)} ms (ratio ${(viaTurf / ours).toFixed(1)}×)`);
}

if (import.meta.url === `file://${process.argv[1]}`) await bench();
