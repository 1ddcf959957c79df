/**
 * The planner's analyses on a city (issue 12): the client asks for the features in view (a box and
 * a page of at most IN_VIEW_LIMIT per layer, as client/src/lib/load.ts does) and the worker runs
 * the shared core function over them. Measured here for the conflict list (polling stations near
 * active quarantine zones) at district zoom, beside the baseline of the same, same run, over the
 * whole layers (what the client did before: every layer whole, 8,000 stations and 300 zones):
 *  - request + JSON parse of the layers, then findConflicts, median of RUNS.
 * The two answers agree inside the box (checked): the box changes what is asked, not the result.
 * Incidents play no part in this analysis: the city is seeded with CITY_ANALYSIS_INCIDENTS (default
 * 10,000) to keep the seed short.
 */
import { findConflicts } from '../../core/geometry/conflicts.ts';
import { cityLayout } from '../../data/city/layout.ts';
import { seedCity } from '../../server/seed.ts';
import { IN_VIEW_LIMIT } from '../../client/src/lib/limits.ts';
import { makeTestApp } from '../support/app.ts';

const RUNS = 7;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
type Fc = { features: { id: number; properties: Record<string, unknown>; geometry: { type: string; coordinates: number[] } }[]; numberMatched?: number };

export async function bench(): Promise<void> {
  const t = makeTestApp();
  try {
    await seedCity(t.store, { incidents: Number(process.env.CITY_ANALYSIS_INCIDENTS ?? 10_000) });
    // A district-zoom view (about 12 × 8 km) around the district farthest from the centre.
    const { districts } = cityLayout();
    const cx = districts.reduce((s, d) => s + d.seed[0], 0) / districts.length;
    const cy = districts.reduce((s, d) => s + d.seed[1], 0) / districts.length;
    const far = [...districts].sort((a, b) => Math.hypot(b.seed[0] - cx, b.seed[1] - cy) - Math.hypot(a.seed[0] - cx, a.seed[1] - cy))[0];
    const box = [far.seed[0] - 0.06, far.seed[1] - 0.036, far.seed[0] + 0.06, far.seed[1] + 0.036].map((v) => +v.toFixed(6));

    const get = async (path: string) => (await (await t.req(path)).json()) as Fc;
    const run = async (query: string) => {
      const t0 = performance.now();
      const [stations, zones] = await Promise.all([get(`/api/collections/polling-stations/items?${query}`), get(`/api/collections/quarantine-zones/items?${query}`)]);
      const t1 = performance.now();
      const out = findConflicts(stations.features as never, zones.features as never, { withinM: 500, zoneStatuses: ['active'] });
      return { fetch: t1 - t0, analysis: performance.now() - t1, stations: stations.features.length, zones: zones.features.length, matched: stations.numberMatched, ids: out.features.map((f) => Number(f.properties.station_id)) };
    };
    const measure = async (label: string, query: string) => {
      await run(query); // warm-up
      const rs = [];
      for (let i = 0; i < RUNS; i++) rs.push(await run(query));
      const r = rs[0];
      const total = median(rs.map((x) => x.fetch + x.analysis));
      console.log(`  ${label}: ${r.stations} stations, ${r.zones} zones → ${r.ids.length} in conflict; fetch ${median(rs.map((x) => x.fetch)).toFixed(0)} ms + analysis ${median(rs.map((x) => x.analysis)).toFixed(0)} ms = ${total.toFixed(0)} ms (median of ${RUNS})`);
      return { total, ids: r.ids, matched: r.matched, stations: r.stations };
    };
    console.log(`conflicts within 500 m of active zones, around ${far.name}:`);
    const whole = await measure('baseline, whole layers (limit 10000)', 'limit=10000');
    const inView = await measure(`in view (bbox, limit ${IN_VIEW_LIMIT})`, `bbox=${box.join(',')}&limit=${IN_VIEW_LIMIT}`);
    // Inside the box both answers name the same stations (a zone just outside the box can only add
    // stations near the box's edge: counted, not hidden).
    const wholeSet = new Set(whole.ids);
    const missing = inView.ids.filter((id) => !wholeSet.has(id));
    console.log(`  in-view list ⊆ whole list: ${missing.length === 0 ? 'yes' : `NO (${missing.length} extra)`}; stations in view held: ${inView.stations} of ${inView.matched} (never silently cut: the panel says "showing N of M" when fewer)`);
    console.log(`ratio in view / whole layers: ${(inView.total / whole.total).toFixed(2)}`);
  } finally {
    t.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await bench();
