/**
 * The city readiness board's pure work (issue 14, target < 1 s for 8,010 stations): the layers as
 * the server holds them after reading (the incidents of the week before election day out of
 * PLANS_BENCH_INCIDENTS, default 200,000), then, in the same run,
 *  - before: each station derived in full through the spatial index (incident lists and all), the
 *    way the board was computed until core/plan/board.ts;
 *  - after: readinessRows (the index without incidents, memoised pair tests);
 *  - a sample of stations derived by scanning every layer, the way a lone plan is, for scale.
 * The rows of before and after are compared and must be equal. Reading from the store is timed in
 * plans.bench.ts.
 */
import { generateCity } from '../../data/city/generate.ts';
import { readinessRows } from '../../core/plan/board.ts';
import { derivePlan, type AnyFeature, type PlanLayers } from '../../core/plan/derive.ts';
import { PlanIndex } from '../../core/plan/plan-index.ts';
import { withinReach } from '../../core/plan/reach.ts';
import { readinessOf } from '../../core/plan/readiness.ts';
import { emptyPlan } from '../../core/plan/written.ts';
import { hanoiDay } from '../../core/time/hanoi-day.ts';
import { wardAt } from '../../core/wards/locate.ts';

const INCIDENTS = Number(process.env.PLANS_BENCH_INCIDENTS ?? 200_000);
const SAMPLE = 200;

function time<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

export async function bench(): Promise<void> {
  const city = generateCity({ incidents: INCIDENTS });
  const ids = (fs: readonly unknown[]) => fs.map((f, i) => ({ ...(f as object), id: i + 1 }) as AnyFeature);
  const wards = ids(city.wards.features);
  const stations = ids(city['polling-stations'].features).map((s) => ({ ...s, properties: { ...s.properties, ward_code: (wardAt((s.geometry as { coordinates: number[] }).coordinates, wards as never) as { properties?: { code?: string } } | null)?.properties?.code ?? null } }));
  // What the server reads: the incidents of the seven days up to election day.
  const week = [...city.incidents()].filter((i) => {
    const d = hanoiDay((i as AnyFeature).properties?.occurred_at);
    return d !== null && d >= '2021-05-17' && d <= '2021-05-23';
  });
  const layers: PlanLayers = { wards, zones: ids(city['quarantine-zones'].features), checkpoints: ids(city.checkpoints.features), facilities: ids(city.facilities.features), incidents: ids(week) };
  const plan = emptyPlan();

  const before = time(() => {
    const index = new PlanIndex(layers, '2021-05-23');
    return stations.map((s) => readinessOf(derivePlan(s, withinReach(s, index.layersFor(s))), plan));
  });
  // Fresh feature objects, so that nothing the first run memoised (per feature) helps the second.
  const copy = (fs: readonly AnyFeature[]) => fs.map((f) => ({ ...f }));
  const cold: PlanLayers = { wards: copy(layers.wards), zones: copy(layers.zones), checkpoints: copy(layers.checkpoints), facilities: copy(layers.facilities), incidents: copy(layers.incidents) };
  const after = time(() => readinessRows(copy(stations), cold, () => plan));
  const same = JSON.stringify(before.value) === JSON.stringify(after.value);
  const sample = stations.filter((_, i) => i % Math.ceil(stations.length / SAMPLE) === 0);
  const scan = time(() => sample.map((s) => readinessOf(derivePlan(s, withinReach(s, layers)), plan)));
  console.log(`plans board (city: ${stations.length} stations, ${layers.incidents.length} incidents of the week out of ${INCIDENTS}, ${layers.zones.length} zones, ${layers.checkpoints.length} checkpoints, ${layers.facilities.length} facilities):`);
  console.log(`  before (index, full derive):  ${before.ms.toFixed(0)} ms`);
  console.log(`  after (readinessRows):        ${after.ms.toFixed(0)} ms (target < 1 s): ${(before.ms / after.ms).toFixed(1)}× faster; rows identical: ${same ? 'yes' : 'NO'}`);
  console.log(`  scanning every layer:         ${(scan.ms / sample.length).toFixed(1)} ms per station (${sample.length} sampled) ≈ ${((scan.ms / sample.length) * stations.length / 1000).toFixed(1)} s for the city`);
  if (!same) throw new Error('readinessRows differs from the full derivation');
}
