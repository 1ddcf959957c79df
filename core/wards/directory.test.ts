import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { wardEntry, wardList } from './directory.ts';

const square = (x: number, y: number, d = 0.01): Polygon => ({ type: 'Polygon', coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]] });
const ward = (id: number, name: string, district: string, geometry: Polygon | null = square(105.8, 21)) => ({
  id,
  properties: { code: `W${id}`, name, district, province: 'Hà Nội', population: 1000 * id },
  geometry,
});

describe('wardEntry', () => {
  it('keeps code, name, district, province and population, and gives box and label point without the outline', () => {
    const e = wardEntry(ward(3, 'Cổ Nhuế 1', 'Bắc Từ Liêm'));
    expect(e).toEqual({ id: 3, code: 'W3', name: 'Cổ Nhuế 1', district: 'Bắc Từ Liêm', province: 'Hà Nội', population: 3000, bbox: [105.8, 21, 105.81, 21.01], label: [105.805, 21.005] });
    expect(e).not.toHaveProperty('geometry');
  });

  it('puts the label of an L-shaped ward on its surface, not at its centre outside it', () => {
    const L: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [3, 0], [3, 1], [1, 1], [1, 3], [0, 3], [0, 0]]] };
    const e = wardEntry({ id: 1, properties: { code: 'L', name: 'L' }, geometry: L });
    const [x, y] = e.label!;
    expect(x <= 1 || y <= 1).toBe(true); // inside one of the two arms
  });

  it('has no label for a ward without an area', () => {
    expect(wardEntry({ id: 1, properties: { code: 'X', name: 'X' }, geometry: null }).label).toBeNull();
  });
});

describe('wardList', () => {
  it('sorts by district then name in Vietnamese order: d before đ, numbers by value', () => {
    const list = wardList([ward(1, 'Đông Ngạc', 'Bắc Từ Liêm'), ward(2, 'Cổ Nhuế 10', 'Bắc Từ Liêm'), ward(3, 'Cổ Nhuế 2', 'Bắc Từ Liêm'), ward(4, 'Đại Mỗ', 'Nam Từ Liêm'), ward(5, 'Dương Nội', 'Hà Đông')]);
    expect(list.numberMatched).toBe(5);
    expect(list.wards.map((w) => `${w.district}/${w.name}`)).toEqual(['Bắc Từ Liêm/Cổ Nhuế 2', 'Bắc Từ Liêm/Cổ Nhuế 10', 'Bắc Từ Liêm/Đông Ngạc', 'Hà Đông/Dương Nội', 'Nam Từ Liêm/Đại Mỗ']);
  });
});
