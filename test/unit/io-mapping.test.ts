/**
 * Mapping a file's columns onto a layer's contract: explicit target=source pairs,
 * automatic matches, left-out columns counted, derived properties ignored, and text
 * values turned into the types the contract wants.
 */
import { describe, expect, it } from 'vitest';
import { coerce, mapFeatures, parseMapping } from '../../server/io/mapping.ts';
import type { SourceFeature } from '../../server/io/source.ts';

const pt = { type: 'Point', coordinates: [105.78, 21.05] };
const sq = { type: 'Polygon', coordinates: [[[105.7, 21], [105.8, 21], [105.8, 21.1], [105.7, 21]]] };
const src = (properties: Record<string, unknown>, geometry: unknown = pt): SourceFeature => ({ geometry, properties });

describe('parseMapping', () => {
  it('reads property=column pairs separated by commas, with spaces tolerated', () => {
    expect(parseMapping('code=ward_code, district = district_name')).toEqual({ code: 'ward_code', district: 'district_name' });
    expect(parseMapping('')).toEqual({});
    expect(parseMapping(undefined)).toEqual({});
  });

  it('refuses pairs without "=" and a property named twice', () => {
    expect(() => parseMapping('code')).toThrow('The mapping "code" is not of the form property=column');
    expect(() => parseMapping('code=a,code=b')).toThrow('names property "code" twice');
  });
});

describe('coerce', () => {
  it('turns text into numbers, booleans and enum values; empty or null is absent', () => {
    expect(coerce('number', ' 12 ')).toBe(12);
    expect(coerce('number', '12.5')).toBe(12.5);
    expect(coerce('number', '')).toBeUndefined();
    expect(coerce('number', null)).toBeUndefined();
    expect(coerce('number', '1.200,5')).toBe('1.200,5'); // ambiguous: left for validation to name
    expect(coerce('boolean', 'Yes')).toBe(true);
    expect(coerce('boolean', 'không')).toBe(false);
    expect(coerce({ enum: ['epidemic', 'security'] }, ' Security ')).toBe('security');
    expect(coerce('string', 610)).toBe('610');
    expect(coerce('string', '  Xuân Đỉnh ')).toBe('Xuân Đỉnh');
  });

  it('composes decomposed Vietnamese (NFD, as macOS writes it) into NFC', () => {
    const nfd = 'Đông Ngạc'.normalize('NFD');
    expect(nfd).not.toBe('Đông Ngạc');
    expect(coerce('string', nfd)).toBe('Đông Ngạc');
  });
});

describe('mapFeatures', () => {
  it('keeps contract properties, types them, and counts the other columns that had a value', () => {
    const r = mapFeatures('checkpoints', [
      src({ name: 'Chốt A', kind: 'Epidemic', staff: '6', ghi_chu: 'gần chợ', so_dien_thoai: '' }),
      src({ name: 'Chốt B', kind: 'traffic', staff: '', ghi_chu: 'cổng 2' }),
    ]);
    expect(r.features).toEqual([
      { type: 'Feature', geometry: pt, properties: { name: 'Chốt A', kind: 'epidemic', staff: 6 } },
      { type: 'Feature', geometry: pt, properties: { name: 'Chốt B', kind: 'traffic' } },
    ]);
    expect(r.leftOut).toEqual({ ghi_chu: 2 });
    expect(r.mapping).toEqual({});
    expect(r.warnings).toEqual([]);
  });

  it('applies an explicit mapping (target=source); the column a mapped property replaces is left out', () => {
    const r = mapFeatures('wards', [src({ ward_code: '00610', ward_name: 'Phường Xuân Đỉnh', name: 'Xuân Đỉnh', district_name: 'Quận Bắc Từ Liêm', province_name: 'Thành phố Hà Nội' }, sq)], {
      code: 'ward_code',
      name: 'ward_name',
      district: 'district_name',
      province: 'province_name',
    });
    expect(r.features[0].properties).toEqual({ code: '00610', name: 'Phường Xuân Đỉnh', district: 'Quận Bắc Từ Liêm', province: 'Thành phố Hà Nội' });
    expect(r.leftOut).toEqual({ name: 1 });
    expect(r.mapping).toEqual({ code: 'ward_code', name: 'ward_name', district: 'district_name', province: 'province_name' });
  });

  it('matches ward files automatically (ward_code, district_name, dBASE-shortened district_n) and other case, and says so', () => {
    const r = mapFeatures('wards', [src({ WARD_CODE: '00610', Name: 'Xuân Đỉnh', district_n: 'Quận Bắc Từ Liêm', province_n: 'Thành phố Hà Nội', type: 'Phường' }, sq)]);
    expect(r.features[0].properties).toEqual({ code: '00610', name: 'Xuân Đỉnh', district: 'Quận Bắc Từ Liêm', province: 'Thành phố Hà Nội' });
    expect(r.mapping).toEqual({ code: 'WARD_CODE', name: 'Name', district: 'district_n', province: 'province_n' });
    expect(r.leftOut).toEqual({ type: 1 });
    expect(r.warnings).toEqual(['Columns matched automatically: code=WARD_CODE, name=Name, district=district_n, province=province_n (override with --map property=column).']);
  });

  it('silently ignores derived properties (they are recomputed), but refuses to map onto one', () => {
    const r = mapFeatures('checkpoints', [src({ name: 'A', kind: 'security', ward_code: '00610', on_border: 'true' })]);
    expect(r.leftOut).toEqual({});
    expect(r.features[0].properties).toEqual({ name: 'A', kind: 'security' });
    expect(() => mapFeatures('checkpoints', [src({ ma: '1' })], { ward_code: 'ma' })).toThrow('"ward_code" is computed by the server from the geometry');
  });

  it('refuses a mapping onto a property the layer does not have, or from a column the file does not have', () => {
    expect(() => mapFeatures('wards', [src({ ma: '1' })], { ma_phuong: 'ma' })).toThrow(
      'The mapping ma_phuong=ma names "ma_phuong", which is not a property of wards (its properties are code, name, district, province, population).',
    );
    expect(() => mapFeatures('wards', [src({ ward_code: '1' })], { code: 'ward_cod' })).toThrow('names the column "ward_cod", which the file does not have (its columns are ward_code)');
  });
});
