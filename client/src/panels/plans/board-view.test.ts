import { describe, expect, it } from 'vitest';
import type { ReadinessRow } from '../../../../core/plan/readiness.ts';
import { DEFAULT_VIEW, scopes, viewRows } from './board-view.ts';

const row = (code: string, name: string, ward: string, district: string, extra: Partial<ReadinessRow> = {}): ReadinessRow => ({
  station_id: Number(code.replace(/\D/g, '')),
  code,
  name,
  ward_code: ward,
  ward_name: { '1': 'Đông Ngạc', '2': 'Cổ Nhuế 2', '3': 'Dương Nội', '4': 'Cổ Nhuế 10' }[ward] ?? ward,
  district,
  voters: 1000,
  coordinates: [105.8, 21.05],
  status: 'draft',
  headcount: 0,
  nearest_medical_m: null,
  nearest_checkpoint_m: 300,
  zone_m: null,
  distance_method: 'straight_line',
  mobile_box_zones: 0,
  gaps: [{ code: 'not_approved', detail: 'draft' }],
  level: 'attention',
  ...extra,
});

const rows = [
  row('KV-03', 'Nhà văn hóa Đông Ngạc', '1', 'Bắc Từ Liêm', { nearest_medical_m: 900, level: 'gaps', gaps: [{ code: 'no_forces', detail: '0' }, { code: 'not_approved', detail: 'draft' }] }),
  row('KV-01', 'Trường Cổ Nhuế', '2', 'Bắc Từ Liêm', { nearest_medical_m: 300 }),
  row('KV-02', 'Hội trường Dương Nội', '3', 'Hà Đông', { level: 'ready', gaps: [] }),
  row('KV-04', 'Nhà văn hóa tổ 10', '4', 'Bắc Từ Liêm', { nearest_medical_m: 2500 }),
];

describe('the readiness board view', () => {
  it('finds names typed without diacritics', () => {
    expect(viewRows(rows, { ...DEFAULT_VIEW, search: 'dong ngac' }).map((r) => r.code)).toEqual(['KV-03']);
    expect(viewRows(rows, { ...DEFAULT_VIEW, search: 'CO NHUE' }).map((r) => r.code)).toEqual(['KV-01', 'KV-04']);
  });

  it('sorts wards in Vietnamese order, numbers by value (Cổ Nhuế 2 before Cổ Nhuế 10, d before đ)', () => {
    expect(viewRows(rows, { ...DEFAULT_VIEW, sort: 'ward_name', desc: false }).map((r) => r.ward_name)).toEqual(['Cổ Nhuế 2', 'Cổ Nhuế 10', 'Dương Nội', 'Đông Ngạc']);
  });

  it('sorts figures by value with missing ones last in both directions', () => {
    expect(viewRows(rows, { ...DEFAULT_VIEW, sort: 'nearest_medical_m', desc: false }).map((r) => r.code)).toEqual(['KV-01', 'KV-03', 'KV-04', 'KV-02']);
    expect(viewRows(rows, { ...DEFAULT_VIEW, sort: 'nearest_medical_m', desc: true }).map((r) => r.code)).toEqual(['KV-04', 'KV-03', 'KV-01', 'KV-02']);
  });

  it('filters by district, ward, level and gap', () => {
    expect(viewRows(rows, { ...DEFAULT_VIEW, district: 'Hà Đông' }).map((r) => r.code)).toEqual(['KV-02']);
    expect(viewRows(rows, { ...DEFAULT_VIEW, ward_code: '2' }).map((r) => r.code)).toEqual(['KV-01']);
    expect(viewRows(rows, { ...DEFAULT_VIEW, level: 'ready' }).map((r) => r.code)).toEqual(['KV-02']);
    expect(viewRows(rows, { ...DEFAULT_VIEW, gap: 'no_forces' }).map((r) => r.code)).toEqual(['KV-03']);
  });

  it('lists districts and the chosen district’s wards in Vietnamese order', () => {
    const s = scopes(rows, 'Bắc Từ Liêm');
    expect(s.districts).toEqual(['Bắc Từ Liêm', 'Hà Đông']);
    expect(s.wards.map((w) => w.name)).toEqual(['Cổ Nhuế 2', 'Cổ Nhuế 10', 'Đông Ngạc']);
  });
});
