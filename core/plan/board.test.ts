import { describe, expect, it } from 'vitest';
import { demoPlanLayers } from './demo-layers.fixture.ts';
import { readinessRows } from './board.ts';
import { derivePlan, type AnyFeature } from './derive.ts';
import { readinessOf } from './readiness.ts';
import { emptyPlan, type WrittenPlan } from './written.ts';

describe('readinessRows', () => {
  it('gives every demo station the row that deriving against every layer in full gives', () => {
    const { stations, layers } = demoPlanLayers();
    // Every third station has forces and is approved, so rows of every level are compared.
    const written = (s: AnyFeature): WrittenPlan => (Number(s.id) % 3 === 0 ? { ...emptyPlan(), forces: [{ unit: 'CA phường', kind: 'police', leader: '', phone: '', headcount: 4, shift: '' }], status: 'approved', approved_by: 'a', approved_at: '2021-05-20T08:00:00Z' } : emptyPlan());
    const rows = readinessRows(stations, layers, written);
    expect(rows).toEqual(stations.map((s) => readinessOf(derivePlan(s, layers), written(s))));
    expect(new Set(rows.map((r) => r.level)).size).toBeGreaterThan(1);
  });
});
