/**
 * Planner's geometry: 1,000 checkpoint buffers of 500 m dissolved (ours: geodesic circles +
 * Clipper2 cascaded union) against plain Turf (circle + union of the collection), measured in
 * the same run on the same points; then the analyses on the demo scenario.
 */
import * as turf from '@turf/turf';
import type { Feature, Point, Polygon } from 'geojson';
import { bufferFeatures, bufferGeometry } from '../../core/geometry/buffer.ts';
import { findConflicts } from '../../core/geometry/conflicts.ts';
import { nearestCheckpoints } from '../../core/geometry/nearest.ts';
import { wardCoverage } from '../../core/geometry/coverage.ts';
import { borderGaps } from '../../core/geometry/gaps.ts';
import { haversineM } from '../../core/geometry/measure.ts';
import { generateDemo } from '../../data/demo/generate.ts';

/** Median wall time and median CPU time of this process (the latter barely moves when the machine is shared). */
function timed<T>(run: () => T, times: number): { ms: number; cpu: number; result: T } {
  const ms: number[] = [];
  const cpu: number[] = [];
  let result!: T;
  for (let i = 0; i < times; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    result = run();
    ms.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  ms.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { ms: ms[Math.floor(times / 2)], cpu: cpu[Math.floor(times / 2)], result };
}

/** 1,000 points spread over Bắc Từ Liêm's bounding box, from a fixed seed. */
function checkpoints(n = 1000): Feature<Point>[] {
  let s = 2021;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  return Array.from({ length: n }, (_, i) => turf.point([105.7 + rnd() * 0.12, 21.02 + rnd() * 0.09], { name: `CP${i}`, status: 'active' }));
}

export async function bench(): Promise<void> {
  const pts = checkpoints();
  bufferFeatures(pts.slice(0, 100), { distances: 500 }); // warm up
  const ours = timed(() => bufferFeatures(pts, { distances: 500 }), 5);
  const circlesOnly = timed(() => pts.map((p) => bufferGeometry(p.geometry, 500)[0]), 5);
  const baseline = timed(() => turf.union(turf.featureCollection(pts.map((p) => turf.circle(p, 0.5, { steps: 64 }) as Feature<Polygon>))), 1);
  const aOurs = turf.area(ours.result.features[0]);
  const aTurf = turf.area(baseline.result!);
  console.log(
    `geometry: 1,000 buffers of 500 m dissolved: ${ours.ms.toFixed(0)} ms wall, ${ours.cpu.toFixed(0)} ms CPU (median of 5; of which circles ${circlesOnly.ms.toFixed(0)} ms) ` +
      `vs turf circle+union ${baseline.ms.toFixed(0)} ms wall, ${baseline.cpu.toFixed(0)} ms CPU (ratio ${(baseline.ms / ours.ms).toFixed(1)}× wall, ${(baseline.cpu / ours.cpu).toFixed(1)}× CPU); ` +
      `areas ${(aOurs / 1e6).toFixed(3)} vs ${(aTurf / 1e6).toFixed(3)} km² (${((100 * (aOurs - aTurf)) / aTurf).toFixed(3)} %)`,
  );
  const rings = timed(() => bufferFeatures(pts, { distances: [100, 500], annuli: true }), 3);
  console.log(`geometry: 1,000 checkpoints, rings 100 m + 500 m as annuli, dissolved: ${rings.ms.toFixed(0)} ms wall, ${rings.cpu.toFixed(0)} ms CPU (median of 3)`);
  const perFeature = timed(() => bufferFeatures(pts, { distances: 500, dissolve: false }), 3);
  console.log(`geometry: 1,000 buffers of 500 m kept per feature: ${perFeature.ms.toFixed(0)} ms (median of 3)`);

  const demo = generateDemo();
  const wards = demo.wards.features, cps = demo.checkpoints.features, zones = demo['quarantine-zones'].features, stations = demo['polling-stations'].features;
  console.log(`geometry: demo scenario: ${wards.length} wards, ${cps.length} checkpoints, ${zones.length} zones, ${stations.length} polling stations`);
  const conflicts = timed(() => findConflicts(stations, zones, { withinM: 500 }), 7);
  console.log(`geometry: conflicts (stations within 500 m of a zone): ${conflicts.ms.toFixed(1)} ms, ${conflicts.result.features.length} stations`);
  nearestCheckpoints(stations, cps); // warm up
  const nearest = timed(() => nearestCheckpoints(stations, cps), 7);
  const brute = timed(
    () => stations.map((s) => Math.min(...cps.map((c) => haversineM((s.geometry as Point).coordinates, (c.geometry as Point).coordinates)))),
    7,
  );
  console.log(`geometry: nearest checkpoint per station: ${nearest.ms.toFixed(2)} ms vs brute force ${brute.ms.toFixed(2)} ms (ratio ${(brute.ms / nearest.ms).toFixed(1)}×)`);
  const many = checkpoints(5000), manyStations = checkpoints(2000).map((f, i) => turf.point(f.geometry.coordinates.map((c) => c + 0.0003), { name: `KV${i}` }));
  const nearestMany = timed(() => nearestCheckpoints(manyStations, many), 5);
  const bruteMany = timed(() => manyStations.map((s) => Math.min(...many.map((c) => haversineM(s.geometry.coordinates, c.geometry.coordinates)))), 3);
  console.log(`geometry: nearest at scale, 2,000 stations × 5,000 checkpoints: ${nearestMany.ms.toFixed(1)} ms vs brute force ${bruteMany.ms.toFixed(1)} ms (ratio ${(bruteMany.ms / nearestMany.ms).toFixed(1)}×)`);
  const coverage = timed(() => wardCoverage(wards, cps, { distanceM: 500 }), 5);
  const shares = coverage.result.features.map((f) => f.properties.share);
  console.log(`geometry: ward coverage within 500 m of active checkpoints: ${coverage.ms.toFixed(1)} ms, mean share ${((100 * shares.reduce((a, b) => a + b, 0)) / shares.length).toFixed(1)} %`);
  const gaps = timed(() => borderGaps(wards, cps, { distanceM: 500 }), 5);
  const total = gaps.result.features.reduce((a, f) => a + f.properties.length_m, 0);
  console.log(`geometry: border gaps beyond 500 m: ${gaps.ms.toFixed(1)} ms, ${gaps.result.features.length} stretches, ${(total / 1000).toFixed(1)} km`);
}

if (import.meta.url === `file://${process.argv[1]}`) await bench();
