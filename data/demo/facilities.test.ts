import type { Point } from 'geojson';
import { describe, expect, it } from 'vitest';
import { parseProps } from '../../core/layers.ts';
import { generateDemo } from './generate.ts';
import { pointInRing, type Pt } from './geometry.ts';

const demo = generateDemo();
const facilities = demo.facilities.features;

describe('demo facilities', () => {
  it('pass the contract', () => {
    for (const f of facilities) expect(parseProps('facilities', f.properties)).toMatchObject({ ok: true });
  });

  it('give every ward a health station and a police post inside it', () => {
    for (const w of demo.wards.features) {
      const ring = (w.geometry as unknown as { coordinates: Pt[][] }).coordinates[0];
      const inside = facilities.filter((f) => pointInRing((f.geometry as Point).coordinates as Pt, ring));
      const kinds = new Set(inside.map((f) => f.properties!.kind));
      expect(kinds.has('health_station') && kinds.has('police'), String(w.properties!.name)).toBe(true);
    }
  });

  it('give each district a medical centre and a fire station, and every isolation zone a facility', () => {
    const count = (k: string) => facilities.filter((f) => f.properties!.kind === k).length;
    expect(count('hospital')).toBe(2);
    expect(count('fire_station')).toBe(2);
    const isolationZones = demo['quarantine-zones'].features.filter((z) => z.properties!.level === 'facility').length;
    expect(count('isolation_facility')).toBe(isolationZones);
  });
});
