import { describe, expect, it } from 'vitest';
import { point } from '@turf/turf';
import { compareVi, foldVi, searchFeatures } from './search.ts';

describe('foldVi', () => {
  it.each([
    ['Cổ Nhuế', 'co nhue'],
    ['Đông Ngạc', 'dong ngac'],
    ['  Phường ĐÔNG   Ngạc ', 'phuong dong ngac'],
    ['Thuỵ Phương', 'thuy phuong'],
    ['Thụy Phương', 'thuy phuong'],
    ['Xuân Đỉnh', 'xuan dinh'],
    ['Nghĩa Đô', 'nghia do'],
  ])('folds %j to %j', (input, folded) => {
    expect(foldVi(input)).toBe(folded);
  });

  it('folds decomposed (NFD) input the same as composed input', () => {
    expect(foldVi('Cổ Nhuế'.normalize('NFD'))).toBe('co nhue');
  });
});

describe('compareVi', () => {
  it('sorts ward names in Vietnamese order, numbers by value', () => {
    const names = ['Phường Xuân Đỉnh', 'Phường Đông Ngạc', 'Phường Cổ Nhuế 2', 'Phường Cổ Nhuế 1', 'Phường Cổ Nhuế 10'];
    expect([...names].sort(compareVi)).toEqual(['Phường Cổ Nhuế 1', 'Phường Cổ Nhuế 2', 'Phường Cổ Nhuế 10', 'Phường Đông Ngạc', 'Phường Xuân Đỉnh']);
  });

  it('puts every word with d before words with đ (plain folding would not)', () => {
    expect(['Đại Mỗ', 'Dương Nội'].sort(compareVi)).toEqual(['Dương Nội', 'Đại Mỗ']);
    expect(foldVi('Đại Mỗ') < foldVi('Dương Nội')).toBe(true);
  });
});

describe('searchFeatures', () => {
  const f = (name: string, code: string) => point([105.78, 21.05], { name, code });
  const wards = [
    f('Phường Cổ Nhuế 1', '00598'),
    f('Phường Cổ Nhuế 2', '00599'),
    f('Phường Đông Ngạc', '00604'),
    f('Phường Xuân Đỉnh', '00610'),
    f('Cổ Nhuế', 'CP-7'),
    f('Trường THCS Nhuệ Giang', 'KV12'),
  ];
  const names = (q: string, opts?: Parameters<typeof searchFeatures>[2]) => searchFeatures(wards, q, opts).map((h) => h.feature.properties!.name);

  it('finds "Cổ Nhuế" from "co nhue", the exact name first, then by length and order', () => {
    expect(names('co nhue')).toEqual(['Cổ Nhuế', 'Phường Cổ Nhuế 1', 'Phường Cổ Nhuế 2']);
  });

  it('finds "Đông Ngạc" from "dong ngac" and from an unfinished "dong ng"', () => {
    expect(names('dong ngac')).toEqual(['Phường Đông Ngạc']);
    expect(names('dong ng')).toEqual(['Phường Đông Ngạc']);
  });

  it('ranks a match with the right diacritics above one without', () => {
    const hits = searchFeatures(wards, 'nhuệ');
    expect(hits[0].feature.properties!.name).toBe('Trường THCS Nhuệ Giang');
    expect(hits[0].score).toBe(85);
  });

  it('matches words in any order, and codes', () => {
    expect(names('dinh xuan')).toEqual(['Phường Xuân Đỉnh']);
    expect(searchFeatures(wards, '00604')).toMatchObject([{ index: 2, score: 105, field: 'code' }]);
  });

  it('gives nothing for an empty query or no match, and honours the limit', () => {
    expect(names('   ')).toEqual([]);
    expect(names('hoan kiem')).toEqual([]);
    expect(names('phuong', { limit: 2 })).toHaveLength(2);
  });
});
