/**
 * For tests: the demo scenario's layers as a plan reads them (ids given, stations with the ward
 * the server would derive), so an indexed board can be checked against a full scan.
 */
import { generateDemo } from '../../data/demo/generate.ts';
import { wardAt } from '../wards/locate.ts';
import type { AnyFeature, PlanLayers } from './derive.ts';

export function demoPlanLayers(): { stations: AnyFeature[]; layers: PlanLayers } {
  const demo = generateDemo();
  const ids = (fc: { features: unknown[] }) => fc.features.map((f, i) => ({ ...(f as object), id: i + 1 }) as AnyFeature);
  const wards = ids(demo.wards);
  const wardOf = (s: AnyFeature) => (wardAt((s.geometry as { coordinates: number[] }).coordinates, wards as never) as { properties?: { code?: string } } | null)?.properties?.code ?? null;
  const stations = ids(demo['polling-stations']).map((s) => ({ ...s, properties: { ...s.properties, ward_code: wardOf(s) } }));
  return { stations, layers: { wards, zones: ids(demo['quarantine-zones']), checkpoints: ids(demo.checkpoints), facilities: ids(demo.facilities), incidents: ids(demo.incidents) } };
}
