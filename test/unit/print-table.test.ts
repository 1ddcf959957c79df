import { describe, expect, it } from 'vitest';
import type { Feature } from 'geojson';
import { refGrid } from '../../core/print/grid.ts';
import { createMapView } from '../../core/print/map-view.ts';
import { tableRows } from '../../server/print/table.ts';

const square = (code: string, name: string, x0: number): Feature => ({
  type: 'Feature',
  properties: { code, name },
  geometry: { type: 'Polygon', coordinates: [[[x0, 21.0], [x0 + 0.01, 21.0], [x0 + 0.01, 21.01], [x0, 21.01], [x0, 21.0]]] },
});
const pt = (id: number, lon: number, props: Record<string, unknown>): Feature => ({ type: 'Feature', id, properties: props, geometry: { type: 'Point', coordinates: [lon, 21.005] } });

describe('the table of checkpoints and polling stations', () => {
  // Three wards side by side; "Đ" sorts after "D" and before "X" in Vietnamese (not after "X", as code points would).
  const wards = [square('1', 'Phường Xuân Đỉnh', 105.70), square('2', 'Phường Đông Ngạc', 105.71), square('3', 'Phường Cổ Nhuế 1', 105.72)];
  const view = createMapView([105.715, 21.005], 25000, { x: 10, y: 30, w: 200, h: 150 });
  const grid = refGrid(view);
  const checkpoints = [
    pt(1, 105.705, { name: 'Chốt B', kind: 'security', status: 'active', staff: 3 }),
    pt(2, 105.715, { name: 'Chốt A', kind: 'epidemic', status: 'planned', staff: 5, ward_code: '2' }),
    pt(3, 105.725, { name: 'Chốt C', kind: 'traffic', status: 'closed', staff: 0 }),
    pt(4, 105.7051, { name: 'Chốt Ả', kind: 'traffic', status: 'active', staff: 2 }),
  ];
  const stations = [pt(10, 105.706, { name: 'Khu vực bỏ phiếu số 1', code: 'KV1', voters: 900 })];
  const rows = tableRows([{ view, grid, within: null, checkpoints, stations }], wards, 'vi');

  it('sorts by ward in Vietnamese order, checkpoints before stations, then by name', () => {
    expect(rows.map((r) => [r.ward, r.name])).toEqual([
      ['Phường Cổ Nhuế 1', 'Chốt C'],
      ['Phường Đông Ngạc', 'Chốt A'],
      ['Phường Xuân Đỉnh', 'Chốt Ả'],
      ['Phường Xuân Đỉnh', 'Chốt B'],
      ['Phường Xuân Đỉnh', 'Khu vực bỏ phiếu số 1'],
    ]);
  });

  it('gives kind and status in words, staff, a map reference and UTM coordinates', () => {
    const a = rows.find((r) => r.name === 'Chốt A')!;
    expect(a).toMatchObject({ kind: 'Phòng chống dịch', status: 'Dự kiến', staff: '5', ref: 'C3' });
    // UTM 48N of 105.715 E, 21.005 N (gdaltransform: 574308.069 2322867.203)
    expect(a.utm).toBe('574308 2322867');
    expect(rows.find((r) => r.layer === 'polling-stations')).toMatchObject({ kind: 'Khu vực bỏ phiếu', status: '—', staff: '—' });
  });

  it('keeps only points inside the printed area when one is given, and prefixes the atlas page', () => {
    const inWard = tableRows([{ view, grid, pageNo: 4, within: wards[0], checkpoints, stations }], wards, 'en');
    expect(inWard.map((r) => r.name)).toEqual(['Chốt Ả', 'Chốt B', 'Khu vực bỏ phiếu số 1']);
    expect(inWard[0].ref).toMatch(/^4 · [A-E][1-4]$/);
    expect(inWard[0].status).toBe('Active');
  });
});
