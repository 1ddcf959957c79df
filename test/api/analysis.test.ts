/**
 * GET /api/analysis/hotspots against the real app on a temporary SQLite file: filters, the
 * study area, reproducibility from `parameters`, incidents per ward, and refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFeatures } from '../../server/features/edit.ts';
import { cluster, uniform } from '../fixtures/hotspots/synthetic.ts';
import { makeTestApp, WARD_A, WARD_B, type TestApp } from '../support/app.ts';

const CATEGORIES = ['epidemic_case', 'violation', 'public_order', 'traffic'] as const;
const BOTH_WARDS = { west: 105.77, south: 21.05, east: 105.81, north: 21.07 };
const HOT: [number, number] = [105.78, 21.06]; // inside ward A (00611)

interface Made {
  coordinates: [number, number];
  category: (typeof CATEGORIES)[number];
  severity: number;
  day: number;
}

// 300 background incidents over both wards, cycling category, severity and day (1–20 May);
// 120 epidemic cases of severity 3 clustered about HOT on 10 May.
const made: Made[] = [
  ...uniform(300, BOTH_WARDS, 5).map((c, i) => ({ coordinates: c, category: CATEGORIES[i % 4], severity: (i % 3) + 1, day: (i % 20) + 1 })),
  ...cluster(120, HOT, 0.001, 6).map((c) => ({ coordinates: c, category: 'epidemic_case' as const, severity: 3, day: 10 })),
];
const asFeature = (m: Made, i: number) => ({
  type: 'Feature',
  properties: { category: m.category, severity: m.severity, occurred_at: `2021-05-${String(m.day).padStart(2, '0')}T${String(8 + (i % 10)).padStart(2, '0')}:00:00+07:00` },
  geometry: { type: 'Point', coordinates: m.coordinates },
});

let t: TestApp;
beforeAll(async () => {
  t = makeTestApp();
  const actor = { name: 'test', address: null };
  await importFeatures(t.store, 'wards', [WARD_A, WARD_B], actor);
  await importFeatures(t.store, 'incidents', made.map(asFeature), actor);
});
afterAll(() => t.close());

async function hot(query = '') {
  const r = await t.req(`/api/analysis/hotspots${query}`);
  return { r, body: r.status === 200 ? await r.json() : await r.json() };
}

describe('GET /api/analysis/hotspots', () => {
  it('returns grid cells as GeoJSON with counts, Gi* z, p and bins, and finds the planted cluster at 99 %', async () => {
    const { r, body } = await hot();
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/geo+json');
    expect(body.type).toBe('FeatureCollection');
    expect(body.parameters).toMatchObject({ grid: 'hexagon', cell_size_source: 'auto', fdr: true, n_incidents: 420, gi_status: 'ok', cells: 'with-incidents', alpha_levels: [0.1, 0.05, 0.01] });
    expect(body.parameters.origin).toEqual([105.79, 21.06]); // centre of the wards' extent: the grid does not move with filters
    expect(body.parameters.n_cells).toBe(body.features.length);
    expect(body.features.reduce((s: number, f: { properties: { count: number } }) => s + f.properties.count, 0)).toBe(420);
    const cell = body.features.find((f: { geometry: { coordinates: number[][][] } }) => contains(f.geometry.coordinates[0], HOT));
    expect(cell.geometry.type).toBe('Polygon');
    expect(cell.geometry.coordinates[0]).toHaveLength(7);
    expect(cell.properties.gi_bin).toBe(3);
    expect(cell.properties.gi_z).toBeGreaterThan(2.576);
    expect(cell.properties.gi_p).toBeLessThan(0.01);
    expect(Object.keys(cell.properties).sort()).toEqual(['count', 'gi_bin', 'gi_p', 'gi_z', 'neighbours']);
  });

  it('counts incidents per ward and per 1,000 residents where the population is known', async () => {
    const { body } = await hot();
    const inA = made.filter((m) => m.coordinates[0] < 105.79).length;
    expect(body.wards).toEqual([
      { code: '00611', name: 'Phường Cổ Nhuế 1', count: inA, population: 40000, rate_per_1000: (inA * 1000) / 40000 },
      { code: '00598', name: 'Phường Xuân Đỉnh', count: 420 - inA, population: null, rate_per_1000: null },
    ]);
    expect(body.incidents_outside_wards).toBe(0);
  });

  it('filters by category (one or several), severity and time window', async () => {
    const count = (f: (m: Made) => boolean) => made.filter(f).length;
    expect((await hot('?category=violation')).body.parameters.n_incidents).toBe(count((m) => m.category === 'violation'));
    expect((await hot('?category=violation,traffic')).body.parameters.n_incidents).toBe(count((m) => m.category === 'violation' || m.category === 'traffic'));
    expect((await hot('?severity=1,2')).body.parameters.n_incidents).toBe(count((m) => m.severity < 3));
    const win = await hot('?datetime=2021-05-09/2021-05-11');
    expect(win.body.parameters.n_incidents).toBe(count((m) => m.day >= 9 && m.day <= 11));
    expect(win.body.parameters.filters.datetime).toEqual({ start: '2021-05-08T17:00:00.000Z', end: '2021-05-11T16:59:59.999Z' });
    expect((await hot('?datetime=../2021-05-05')).body.parameters.n_incidents).toBe(count((m) => m.day <= 5));
  });

  it('analyses a ward as the study area: its incidents only, empty cells inside it included', async () => {
    const { body } = await hot('?ward=00611');
    expect(body.parameters).toMatchObject({ cells: 'boundary', n_incidents: made.filter((m) => m.coordinates[0] < 105.79).length });
    expect(body.parameters.filters.study_area).toBe('ward');
    expect(body.features.some((f: { properties: { count: number } }) => f.properties.count === 0)).toBe(true);
  });

  it('reproduces a result exactly from its parameters', async () => {
    const first = (await hot('?study_area=wards')).body;
    const { cell_size_m, distance_band_m } = first.parameters;
    const again = (await hot(`?study_area=wards&cell_size=${cell_size_m}&distance_band=${distance_band_m}`)).body;
    expect(again.parameters).toMatchObject({ cell_size_source: 'user', distance_band_source: 'user', cell_size_m, distance_band_m });
    expect(again.features).toEqual(first.features);
  });

  it('turns FDR off on request: never fewer significant cells than with it', async () => {
    const withFdr = (await hot('?cell_size=200&distance_band=500')).body;
    const without = (await hot('?cell_size=200&distance_band=500&fdr=false')).body;
    expect(without.parameters.fdr).toBe(false);
    const sig = (b: { parameters: { n_cells: number; bin_counts: Record<string, number> } }) => b.parameters.n_cells - b.parameters.bin_counts['0'];
    expect(sig(without)).toBeGreaterThanOrEqual(sig(withFdr));
  });

  it('gives counts but no Gi* when there are too few incidents', async () => {
    const { body } = await hot('?datetime=2021-05-01');
    expect(body.parameters.gi_status).toBe('too_few_incidents');
    expect(body.features.every((f: { properties: { gi_z: unknown; gi_bin: number } }) => f.properties.gi_z === null && f.properties.gi_bin === 0)).toBe(true);
  });

  it.each([
    ['?colour=red', /unknown query parameter "colour"/],
    ['?cell_size=abc', /cell_size/],
    ['?cell_size=0', /cell_size/],
    ['?fdr=maybe', /fdr/],
    ['?category=fire', /category/],
    ['?severity=4', /severity/],
    ['?datetime=yesterday', /datetime/],
    ['?bbox=1,2,3', /bbox/],
    ['?ward=99999', /no ward with code "99999"/],
    ['?study_area=wards&cell_size=1', /limit/],
  ])('refuses %s with a 400 problem', async (query, message) => {
    const r = await t.req(`/api/analysis/hotspots${query}`);
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toBe('application/problem+json');
    expect((await r.json()).detail).toMatch(message);
  });

  it('is described in the OpenAPI document with its query parameters', async () => {
    const doc = await (await t.req('/api/api')).json();
    const op = doc.paths['/analysis/hotspots'].get;
    expect(op.parameters.map((p: { name?: string; $ref?: string }) => p.name ?? p.$ref)).toEqual([
      'category', 'severity', 'datetime', '#/components/parameters/bbox', 'ward', 'study_area', 'grid', 'cell_size', 'distance_band', 'fdr',
    ]);
    expect(Object.keys(op.responses['200'].content)).toEqual(['application/geo+json']);
  });

  it('answers a repeated query identically, and a new incident shows in the next answer', async () => {
    const first = await (await t.req('/api/analysis/hotspots?category=traffic')).text();
    expect(await (await t.req('/api/analysis/hotspots?category=traffic')).text()).toBe(first);
    const created = await t.req('/api/collections/incidents/items', { method: 'POST', json: asFeature({ coordinates: HOT, category: 'traffic', severity: 1, day: 12 }, 0) });
    expect(created.status).toBe(201);
    const after = JSON.parse(await (await t.req('/api/analysis/hotspots?category=traffic')).text());
    expect(after.parameters.n_incidents).toBe(JSON.parse(first).parameters.n_incidents + 1);
    const id = (await created.json()).id;
    const etag = created.headers.get('etag')!;
    expect((await t.req(`/api/collections/incidents/items/${id}`, { method: 'DELETE', headers: { 'if-match': etag } })).status).toBe(204);
    expect(JSON.parse(await (await t.req('/api/analysis/hotspots?category=traffic')).text()).parameters.n_incidents).toBe(JSON.parse(first).parameters.n_incidents);
  });

  it('is open to every signed-in role and closed to anonymous requests', async () => {
    expect((await t.req('/api/analysis/hotspots', { as: 'viewer' })).status).toBe(200);
    expect((await t.req('/api/analysis/hotspots', { as: 'anonymous' })).status).toBe(401);
  });
});

/** Even-odd point in ring. */
function contains(ring: number[][], [x, y]: [number, number]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i], [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
