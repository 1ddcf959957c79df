/**
 * The readiness board as the planner narrows and orders it: scope (district, ward), level, gap,
 * a search that finds "co nhue" in "Cổ Nhuế", and a sort on any column in Vietnamese order (names)
 * or by value (figures, missing ones last). Pure, so it is tested without a browser.
 */
import type { GapCode, ReadinessRow } from '../../../../core/plan/readiness.ts';
import { compareVi, foldVi } from '../../../../core/text/search.ts';

export const SORT_KEYS = ['code', 'name', 'ward_name', 'voters', 'status', 'headcount', 'nearest_medical_m', 'nearest_checkpoint_m', 'gaps'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface BoardView {
  district: string;
  ward_code: string;
  level: ReadinessRow['level'] | '';
  gap: GapCode | '';
  search: string;
  sort: SortKey;
  desc: boolean;
}

export const DEFAULT_VIEW: BoardView = { district: '', ward_code: '', level: '', gap: '', search: '', sort: 'gaps', desc: true };

const value = (r: ReadinessRow, k: SortKey): string | number | null => (k === 'gaps' ? r.gaps.length : (r[k] as string | number | null));

function compare(a: ReadinessRow, b: ReadinessRow, k: SortKey): number {
  const x = value(a, k), y = value(b, k);
  if (x === null || x === undefined) return y === null || y === undefined ? 0 : 1;
  if (y === null || y === undefined) return -1;
  return typeof x === 'number' && typeof y === 'number' ? x - y : compareVi(String(x), String(y));
}

export function viewRows(rows: readonly ReadinessRow[], v: BoardView): ReadinessRow[] {
  const q = foldVi(v.search);
  const out = rows.filter(
    (r) =>
      (!v.district || r.district === v.district) &&
      (!v.ward_code || r.ward_code === v.ward_code) &&
      (!v.level || r.level === v.level) &&
      (!v.gap || r.gaps.some((g) => g.code === v.gap)) &&
      (!q || foldVi(`${r.code ?? ''} ${r.name} ${r.ward_name ?? ''} ${r.district ?? ''}`).includes(q)),
  );
  // Missing figures stay last either way; ties in code order, so the order is stable between loads.
  return out.sort((a, b) => {
    const x = value(a, v.sort), y = value(b, v.sort);
    const missing = (x === null ? 1 : 0) - (y === null ? 1 : 0);
    if (missing) return missing;
    return (v.desc ? -compare(a, b, v.sort) : compare(a, b, v.sort)) || compareVi(a.code ?? '', b.code ?? '');
  });
}

/** Districts and the wards of the chosen district (all when none), in Vietnamese order. */
export function scopes(rows: readonly ReadinessRow[], district: string): { districts: string[]; wards: { code: string; name: string }[] } {
  const districts = [...new Set(rows.map((r) => r.district).filter((d): d is string => !!d))].sort(compareVi);
  const wards = new Map<string, string>();
  for (const r of rows) if (r.ward_code && (!district || r.district === district)) wards.set(r.ward_code, r.ward_name ?? r.ward_code);
  return { districts, wards: [...wards].map(([code, name]) => ({ code, name })).sort((a, b) => compareVi(a.name, b.name)) };
}
