import { describe, expect, it } from 'vitest';
import { demoPlanLayers } from './demo-layers.fixture.ts';
import { readinessRows } from './board.ts';
import { derivePlan, type AnyFeature } from './derive.ts';
import { withinReach } from './reach.ts';
import { readinessOf } from './readiness.ts';
import { emptyPlan, type WrittenPlan } from './written.ts';

describe('readinessRows', () => {
  it('gives every demo station the row its own plan gives (every layer in full, within reach)', () => {
    const { stations, layers } = demoPlanLayers();
    // Every third station has forces and is approved, so rows of every level are compared.
    const written = (s: AnyFeature): WrittenPlan => (Number(s.id) % 3 === 0 ? { ...emptyPlan(), forces: [{ unit: 'CA phường', kind: 'police', leader: '', phone: '', headcount: 4, shift: '' }], status: 'approved', approved_by: 'a', approved_at: '2021-05-20T08:00:00Z' } : emptyPlan());
    const rows = readinessRows(stations, layers, written);
    expect(rows).toEqual(stations.map((s) => readinessOf(derivePlan(s, withinReach(s, layers)), written(s))));
    expect(new Set(rows.map((r) => r.level)).size).toBeGreaterThan(1);
  });

  it('agrees with the plan on a station whose only hospital lies beyond the plan reach of 10 km: none, not 12 km', () => {
    const { stations, layers } = demoPlanLayers();
    const station = stations[0];
    const [lon, lat] = (station.geometry as { coordinates: number[] }).coordinates;
    // 12 km due north (0.108° of latitude), the only medical facility anywhere
    const far: AnyFeature = { type: 'Feature', id: 9001, properties: { name: 'Bệnh viện xa', kind: 'hospital', status: 'open' }, geometry: { type: 'Point', coordinates: [lon, lat + 0.108] } };
    const only = { ...layers, facilities: [far] };
    const [row] = readinessRows([station], only, () => emptyPlan());
    expect(row.nearest_medical_m).toBeNull();
    expect(row.gaps.find((g) => g.code === 'no_medical_nearby')?.detail).toBe('—');
    expect(row).toEqual(readinessOf(derivePlan(station, withinReach(station, only)), emptyPlan()));
  });
});
