import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../data/demo/generate.ts';
import { wardAt } from '../wards/locate.ts';
import { readinessRows } from './board.ts';
import { derivePlan, type AnyFeature } from './derive.ts';
import { readinessOf } from './readiness.ts';
import { emptyPlan, type WrittenPlan } from './written.ts';

describe('readinessRows', () => {
  it('gives every demo station the row that deriving against every layer in full gives', () => {
    const demo = generateDemo();
    const ids = (fc: { features: unknown[] }) => fc.features.map((f, i) => ({ ...(f as object), id: i + 1 }) as AnyFeature);
    const wards = ids(demo.wards);
    const stations = ids(demo['polling-stations']).map((s) => ({ ...s, properties: { ...s.properties, ward_code: (wardAt((s.geometry as { coordinates: number[] }).coordinates, wards as never) as { properties?: { code?: string } } | null)?.properties?.code ?? null } }));
    const layers = { wards, zones: ids(demo['quarantine-zones']), checkpoints: ids(demo.checkpoints), facilities: ids(demo.facilities), incidents: ids(demo.incidents) };
    // Every third station has forces and is approved, so rows of every level are compared.
    const written = (s: AnyFeature): WrittenPlan => (Number(s.id) % 3 === 0 ? { ...emptyPlan(), forces: [{ unit: 'CA phường', kind: 'police', leader: '', phone: '', headcount: 4, shift: '' }], status: 'approved', approved_by: 'a', approved_at: '2021-05-20T08:00:00Z' } : emptyPlan());
    const rows = readinessRows(stations, layers, written);
    expect(rows).toEqual(stations.map((s) => readinessOf(derivePlan(s, layers), written(s))));
    expect(new Set(rows.map((r) => r.level)).size).toBeGreaterThan(1);
  });
});
