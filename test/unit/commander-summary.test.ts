/**
 * The commander's per-ward summary and the chart beside the time slider, on small hand-made
 * wards where every figure can be counted by eye. Incident counts come as the server gives them
 * (per ward or day, by category); checkpoints, zones and conflicts from what is held in view.
 */
import { describe, expect, it } from 'vitest';
import type { Feature, Polygon } from 'geojson';
import { overlaps, sortRows, wardSummary, zonesInForce, zoneWards, type WardRow } from '../../client/src/panels/commander/summary.ts';
import { dailyCounts } from '../../client/src/panels/commander/daily.ts';
import { countOf, dayRange, wardCounts, wardNames, type IncidentCounts } from '../../client/src/lib/incident-counts.ts';

/** A square ward of 0.01° with its south-west corner at (x, y). */
const square = (x: number, y: number, d = 0.01): Polygon => ({ type: 'Polygon', coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]] });
const ward = (code: string, name: string, x: number): Feature => ({ type: 'Feature', properties: { code, name }, geometry: square(x, 21) });
const WARDS = [ward('A', 'Phường Xuân Đỉnh', 105.7), ward('B', 'Phường Đông Ngạc', 105.71), ward('C', 'Phường Cổ Nhuế 2', 105.72)];

const inc = (ward_code: string, occurred_at: string, category = 'traffic', severity = 1): Feature => ({
  type: 'Feature',
  properties: { ward_code, occurred_at, category, severity },
  geometry: { type: 'Point', coordinates: [105.7, 21] },
});
const cp = (ward_code: string, status: string, active_from: string | null = null, active_to: string | null = null): Feature => ({
  type: 'Feature',
  properties: { ward_code, status, active_from, active_to },
  geometry: { type: 'Point', coordinates: [105.7, 21] },
});
const zone = (geometry: Polygon, status: string, starts_on: string, ends_on: string | null, level = 'lockdown'): Feature => ({ type: 'Feature', properties: { status, starts_on, ends_on, level }, geometry });

const WINDOW = { start: '2021-05-17', end: '2021-05-23' };

describe('the per-ward summary', () => {
  // A: 3 in the window, 2 in the week before → +50 %; B: 1 and 4 → −75 %; C: 2 and none → no percentage
  const now = new Map([['A', 3], ['B', 1], ['C', 2]]);
  const previous = new Map([['A', 2], ['B', 4]]);
  const checkpoints = [cp('A', 'active'), cp('A', 'active', '2021-05-24', null), cp('A', 'planned'), cp('B', 'active', '2021-05-11', '2021-05-17'), cp('C', 'closed')];
  const zones = zonesInForce(
    [
      zone(square(105.705, 21.002, 0.008), 'active', '2021-05-11', '2021-05-25'), // across the A|B border
      zone(square(105.722, 21.002, 0.002), 'active', '2021-05-19', null), // inside C
      zone(square(105.722, 21.002, 0.002), 'lifted', '2021-05-03', '2021-05-17'),
      zone(square(105.702, 21.002, 0.002), 'active', '2021-05-24', '2021-05-31'), // after the window
    ],
    WINDOW,
  );
  const named = WARDS.map((w) => ({ code: String(w.properties!.code), name: String(w.properties!.name) }));
  const input = { wards: named, now, previous, held: new Set(['A', 'B', 'C']), checkpoints, zoneWardCodes: zoneWards(zones, WARDS), conflictWardCodes: ['C', 'C', 'A', null], window: WINDOW };
  const rows = wardSummary(input);
  const row = (code: string) => rows.find((r) => r.code === code)!;

  it('gives the counts of the window and of the window before', () => {
    expect(rows.map((r) => [r.code, r.incidents, r.previous])).toEqual([
      ['A', 3, 2],
      ['B', 1, 4],
      ['C', 2, 0],
    ]);
  });

  it('gives the change in per cent, or none when nothing happened before', () => {
    expect(row('A').change).toBe(50);
    expect(row('B').change).toBe(-75);
    expect(row('C').change).toBeNull();
  });

  it('counts checkpoints active during the window, zones in force in every ward they touch, and stations in conflict', () => {
    expect(rows.map((r) => [r.code, r.checkpoints, r.zones, r.conflicts])).toEqual([
      ['A', 1, 1, 1],
      ['B', 1, 1, 0],
      ['C', 0, 1, 2],
    ]);
  });

  it('leaves those columns empty (null, not 0) for a ward out of view, and lists a counted ward the client does not hold', () => {
    const out = wardSummary({ ...input, wards: named.slice(0, 2), held: new Set(['A']), now: new Map([...now, ['D', 7]]) });
    expect(out.map((r) => [r.code, r.name, r.incidents, r.checkpoints, r.zones, r.conflicts])).toEqual([
      ['A', 'Phường Xuân Đỉnh', 3, 1, 1, 1],
      ['B', 'Phường Đông Ngạc', 1, null, null, null],
      ['C', 'C', 2, null, null, null],
      ['D', 'D', 7, null, null, null],
    ]);
  });

  it('gives no change when the window before reaches back before the data begins', () => {
    expect(wardSummary({ ...input, firstDay: '2021-05-10' }).map((r) => r.change)).toEqual([50, -75, null]);
    expect(wardSummary({ ...input, firstDay: '2021-05-11' }).map((r) => [r.previous, r.change])).toEqual([[2, null], [4, null], [0, null]]);
  });

  it('reads validity intervals with open ends', () => {
    expect(overlaps(null, null, WINDOW)).toBe(true);
    expect(overlaps('2021-05-23', null, WINDOW)).toBe(true);
    expect(overlaps('2021-05-24', null, WINDOW)).toBe(false);
    expect(overlaps(null, '2021-05-16', WINDOW)).toBe(false);
    expect(overlaps('2021-05-01', '2021-05-17', WINDOW)).toBe(true);
  });
});

describe('the server\'s incident counts', () => {
  const counts: IncidentCounts = {
    total: 9,
    days: [
      { day: '2021-05-23', total: 1, counts: { violation: 1 } },
      { day: '2021-05-21', total: 2, counts: { traffic: 1, epidemic_case: 1 } },
    ],
    wards: [
      { ward_code: 'A', name: 'Phường Xuân Đỉnh', id: 4, total: 5, counts: { traffic: 3, epidemic_case: 2 } },
      { ward_code: null, total: 1, counts: { traffic: 1 } },
    ],
  };

  it('filters by category from the counts per category, none chosen meaning all', () => {
    expect(countOf(counts.wards[0], [])).toBe(5);
    expect(countOf(counts.wards[0], ['epidemic_case', 'violation'])).toBe(2);
    expect([...wardCounts(counts, ['traffic'])]).toEqual([['A', 3]]);
  });

  it('finds the first and last day, and the ward names the server gave', () => {
    expect(dayRange(counts)).toEqual({ first: '2021-05-21', last: '2021-05-23' });
    expect(dayRange(null)).toBeNull();
    expect([...wardNames(counts, null)]).toEqual([['A', 'Phường Xuân Đỉnh']]);
  });
});

describe('sorting the summary', () => {
  const r = (name: string, incidents: number, change: number | null): WardRow => ({ code: name, name, incidents, previous: 0, change, checkpoints: 0, zones: 0, conflicts: 0 });
  const rows = [r('Phường Xuân Đỉnh', 5, 10), r('Phường Đông Ngạc', 9, null), r('Phường Cổ Nhuế 2', 9, -20), r('Phường Đại Mỗ', 1, 200), r('Phường Dịch Vọng', 2, 0)];
  const names = (xs: WardRow[]) => xs.map((x) => x.name.replace('Phường ', ''));

  it('orders names the Vietnamese way: D before Đ, Đ before X', () => {
    expect(names(sortRows(rows, 'name', 'asc'))).toEqual(['Cổ Nhuế 2', 'Dịch Vọng', 'Đại Mỗ', 'Đông Ngạc', 'Xuân Đỉnh']);
    expect(names(sortRows(rows, 'name', 'desc'))).toEqual(['Xuân Đỉnh', 'Đông Ngạc', 'Đại Mỗ', 'Dịch Vọng', 'Cổ Nhuế 2']);
  });

  it('orders numbers by value, ties by name', () => {
    expect(names(sortRows(rows, 'incidents', 'desc'))).toEqual(['Cổ Nhuế 2', 'Đông Ngạc', 'Xuân Đỉnh', 'Dịch Vọng', 'Đại Mỗ']);
  });

  it('puts a change that cannot be computed last in both directions', () => {
    expect(names(sortRows(rows, 'change', 'desc'))).toEqual(['Đại Mỗ', 'Xuân Đỉnh', 'Dịch Vọng', 'Cổ Nhuế 2', 'Đông Ngạc']);
    expect(names(sortRows(rows, 'change', 'asc'))).toEqual(['Cổ Nhuế 2', 'Dịch Vọng', 'Xuân Đỉnh', 'Đại Mỗ', 'Đông Ngạc']);
  });
});

describe('incidents per day by category', () => {
  it('has every day of the range, empty days too, and stacks by category', () => {
    const days = ['2021-05-21', '2021-05-22', '2021-05-23'];
    const counts: IncidentCounts = {
      total: 4,
      days: [
        { day: '2021-05-21', total: 2, counts: { traffic: 1, epidemic_case: 1 } },
        { day: '2021-05-23', total: 1, counts: { violation: 1 } },
        { day: '2021-05-24', total: 1, counts: { traffic: 1 } }, // outside the range
      ],
      wards: [],
    };
    expect(dailyCounts(counts, days, []).map((d) => [d.day, d.total, d.byCategory])).toEqual([
      ['2021-05-21', 2, { epidemic_case: 1, violation: 0, public_order: 0, traffic: 1 }],
      ['2021-05-22', 0, { epidemic_case: 0, violation: 0, public_order: 0, traffic: 0 }],
      ['2021-05-23', 1, { epidemic_case: 0, violation: 1, public_order: 0, traffic: 0 }],
    ]);
    expect(dailyCounts(counts, days, ['epidemic_case']).map((d) => d.total)).toEqual([1, 0, 0]);
    expect(dailyCounts(null, days, []).map((d) => d.total)).toEqual([0, 0, 0]);
  });
});
