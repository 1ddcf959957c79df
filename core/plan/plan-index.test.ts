import { describe, expect, it } from 'vitest';
import { demoPlanLayers } from './demo-layers.fixture.ts';
import { derivePlan } from './derive.ts';
import { PlanIndex } from './plan-index.ts';
import { readinessOf } from './readiness.ts';
import { emptyPlan } from './written.ts';

describe('PlanIndex', () => {
  it('gives every demo station the same derived plan as reading every layer in full', () => {
    const { stations, layers } = demoPlanLayers();
    const index = new PlanIndex(layers, '2021-05-23');
    for (const s of stations) {
      const full = derivePlan(s, layers);
      const fast = derivePlan(s, index.layersFor(s));
      expect(fast).toEqual(full);
      expect(readinessOf(fast, emptyPlan())).toEqual(readinessOf(full, emptyPlan()));
    }
  });
});
