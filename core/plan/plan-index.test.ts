import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../data/demo/generate.ts';
import { wardAt } from '../wards/locate.ts';
import { derivePlan, type AnyFeature } from './derive.ts';
import { PlanIndex } from './plan-index.ts';
import { readinessOf } from './readiness.ts';
import { emptyPlan } from './written.ts';

describe('PlanIndex', () => {
  it('gives every demo station the same derived plan as reading every layer in full', () => {
    const demo = generateDemo();
    const ids = (fc: { features: unknown[] }) => fc.features.map((f, i) => ({ ...(f as object), id: i + 1 }) as AnyFeature);
    const wards = ids(demo.wards);
    const stations = ids(demo['polling-stations']).map((s) => ({ ...s, properties: { ...s.properties, ward_code: (wardAt((s.geometry as { coordinates: number[] }).coordinates, wards as never) as { properties?: { code?: string } } | null)?.properties?.code ?? null } }));
    const layers = { wards, zones: ids(demo['quarantine-zones']), checkpoints: ids(demo.checkpoints), facilities: ids(demo.facilities), incidents: ids(demo.incidents) };
    const index = new PlanIndex(layers, '2021-05-23');
    for (const s of stations) {
      const full = derivePlan(s, layers);
      const fast = derivePlan(s, index.layersFor(s));
      expect(fast).toEqual(full);
      expect(readinessOf(fast, emptyPlan())).toEqual(readinessOf(full, emptyPlan()));
    }
  });
});
