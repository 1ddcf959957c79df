/**
 * The readiness board: every station's readiness row, derived against layers loaded once and
 * indexed once per election day (plan-index.ts), so a city of 8,000 stations takes a fraction of
 * a second instead of 8,000 scans of every layer.
 *
 * A row reads no incident (the gaps are forces, medical help, zones, checkpoints and approval),
 * so the board derives without the incident lists a station's plan shows: near an outbreak those
 * are hundreds per station, and building them was most of a city board. Rows are identical to
 * readinessOf(derivePlan(station, all layers)).
 */
import { hanoiDay } from '../time/hanoi-day.ts';
import { derivePlan, ELECTION_DAY, type AnyFeature, type PlanLayers } from './derive.ts';
import { PlanIndex } from './plan-index.ts';
import { readinessOf, type ReadinessRow } from './readiness.ts';
import type { WrittenPlan } from './written.ts';

export function readinessRows(stations: readonly AnyFeature[], layers: PlanLayers, writtenOf: (station: AnyFeature) => WrittenPlan): ReadinessRow[] {
  const withoutIncidents: PlanLayers = { ...layers, incidents: [] };
  const indexes = new Map<string, PlanIndex>(); // one per election day (a city's stations share one)
  return stations.map((s) => {
    const day = hanoiDay(s.properties?.election_date) ?? ELECTION_DAY;
    let index = indexes.get(day);
    if (!index) indexes.set(day, (index = new PlanIndex(withoutIncidents, day)));
    return readinessOf(derivePlan(s, index.layersFor(s)), writtenOf(s));
  });
}
