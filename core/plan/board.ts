/**
 * The readiness board: every station's readiness row, derived against layers loaded once and
 * indexed once per election day (plan-index.ts), so a city of 8,000 stations takes a fraction of
 * a second instead of 8,000 scans of every layer.
 *
 * A row reads no incident (the gaps are forces, medical help, zones, checkpoints and approval),
 * so the board derives without the incident lists a station's plan shows: near an outbreak those
 * are hundreds per station, and building them was most of a city board.
 *
 * A row sees what the station's own plan sees (reach.ts: zones, checkpoints and facilities within
 * 10 km), so the board and the plan agree on "nearest": a station whose nearest hospital is 12 km
 * away says "none within reach" on both. Rows are identical to
 * readinessOf(derivePlan(station, withinReach(station, all layers))).
 */
import { hanoiDay } from '../time/hanoi-day.ts';
import { derivePlan, ELECTION_DAY, type AnyFeature, type PlanLayers } from './derive.ts';
import { PlanIndex } from './plan-index.ts';
import { withinReach } from './reach.ts';
import { readinessOf, type ReadinessRow } from './readiness.ts';
import type { WrittenPlan } from './written.ts';

export function readinessRows(stations: readonly AnyFeature[], layers: PlanLayers, writtenOf: (station: AnyFeature) => WrittenPlan): ReadinessRow[] {
  const withoutIncidents: PlanLayers = { ...layers, incidents: [] };
  const indexes = new Map<string, PlanIndex>(); // one per election day (a city's stations share one)
  return stations.map((s) => {
    const day = hanoiDay(s.properties?.election_date) ?? ELECTION_DAY;
    let index = indexes.get(day);
    if (!index) indexes.set(day, (index = new PlanIndex(withoutIncidents, day)));
    return readinessOf(derivePlan(s, withinReach(s, index.layersFor(s))), writtenOf(s));
  });
}
