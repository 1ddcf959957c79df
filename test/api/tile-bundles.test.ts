/**
 * Tiles of several operational layers in one answer (GET /api/operational-tiles/{layers}/…):
 * decoded with @mapbox/vector-tile, the bundle holds each named layer exactly as its own tile
 * route answers it; an edit of any named layer changes the bundle (its features and its ETag),
 * an edit of another layer does not; with days=summed the counts per cell, category and day come
 * summed over the days, adding up to the same incidents; wrong names are refused.
 */
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFeatures } from '../../server/features/edit.ts';
import { INCIDENT_POINT_ZOOM } from '../../server/tiles/operational-tiles.ts';
import { checkpoint, makeTestApp, WARD_A, WARD_B, type TestApp } from '../support/app.ts';
import { tileOf } from '../support/tile-of.ts';

let t: TestApp;
beforeEach(() => (t = makeTestApp()));
afterEach(() => t.close());

const actor = { name: 'test', address: null };

/** Each layer of a tile answer as [id, properties, geometry] of its features, by layer name in the tile's order. */
async function decode(path: string, headers: Record<string, string> = {}) {
  const r = await t.req(path, { headers });
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
  const vt = new VectorTile(new PbfReader(new Uint8Array(await r.arrayBuffer())));
  const layers = Object.fromEntries(
    Object.entries(vt.layers).map(([name, l]) => [name, Array.from({ length: l.length }, (_, i) => l.feature(i)).map((f) => [f.id, f.properties, f.loadGeometry()])]),
  );
  return { etag: r.headers.get('etag')!, layers, names: Object.keys(vt.layers) };
}

describe('tiles of several operational layers in one answer', () => {
  it('hold each named layer, in the order named, as its own tile route answers it', async () => {
    await importFeatures(t.store, 'wards', [WARD_A, WARD_B], actor);
    await importFeatures(t.store, 'checkpoints', [checkpoint(105.78, 21.06, { notes: 'dài' }), checkpoint(105.781, 21.061, { kind: 'security' })], actor);
    const [x, y] = tileOf(14, 105.78, 21.06);
    const bundle = await decode(`/api/operational-tiles/checkpoints,wards,incidents/14/${x}/${y}.pbf`);
    // a layer with nothing in the tile is left out, as its own route leaves it out
    expect(bundle.names).toEqual(['checkpoints', 'wards']);
    for (const layer of ['checkpoints', 'wards', 'incidents']) {
      const own = await decode(`/api/collections/${layer}/tiles/14/${x}/${y}.pbf`);
      expect(bundle.layers[layer]).toEqual(own.layers[layer]);
    }
    expect(bundle.layers.checkpoints).toHaveLength(2);
    expect(bundle.layers.wards.length).toBeGreaterThan(0);
  });

  it('change (features and ETag) when any named layer is edited, and only then', async () => {
    await importFeatures(t.store, 'wards', [WARD_A, WARD_B], actor);
    const created = await (await t.req('/api/collections/checkpoints/items', { method: 'POST', json: checkpoint(105.78, 21.06), as: 'planner' })).json();
    const [x, y] = tileOf(14, 105.78, 21.06);
    const path = `/api/operational-tiles/wards,checkpoints/14/${x}/${y}.pbf`;
    const before = await decode(path);
    expect(before.layers.checkpoints.map(([id]) => id)).toEqual([created.id]);
    expect((await t.req(path, { headers: { 'if-none-match': before.etag } })).status).toBe(304);

    // another layer's edit leaves the bundle as it was
    await (await t.req('/api/collections/incidents/items', { method: 'POST', json: { type: 'Feature', properties: { category: 'traffic', occurred_at: '2021-05-02T08:00:00+07:00', severity: 1 }, geometry: { type: 'Point', coordinates: [105.78, 21.06] } }, as: 'planner' })).json();
    expect((await t.req(path, { headers: { 'if-none-match': before.etag } })).status).toBe(304);

    const moved = await t.req(`/api/collections/checkpoints/items/${created.id}`, {
      method: 'PATCH',
      json: { geometry: { type: 'Point', coordinates: [105.805, 21.06] }, properties: { status: 'closed' } },
      headers: { 'if-match': `"${created.version}"` },
      as: 'planner',
    });
    expect(moved.status).toBe(200);
    expect((await t.req(path, { headers: { 'if-none-match': before.etag } })).status).toBe(200);
    const after = await decode(path);
    expect(after.etag).not.toBe(before.etag);
    expect(after.layers.checkpoints ?? []).toEqual([]);
    expect(after.layers.wards).toEqual(before.layers.wards);
    const [bx, by] = tileOf(14, 105.805, 21.06);
    const there = await decode(`/api/operational-tiles/wards,checkpoints/14/${bx}/${by}.pbf`);
    expect(there.layers.checkpoints.map(([id, p]) => [id, (p as { status: string }).status])).toEqual([[created.id, 'closed']]);
  });

  it(`with days=summed, hold below zoom ${INCIDENT_POINT_ZOOM} one count per cell and category, the sum of its days`, async () => {
    const categories = ['epidemic_case', 'violation', 'public_order', 'traffic'];
    const features = Array.from({ length: 400 }, (_, i) => ({
      type: 'Feature',
      properties: { category: categories[i % 4], occurred_at: `2021-05-${String(1 + (i % 9)).padStart(2, '0')}T08:00:00+07:00`, severity: 1 },
      geometry: { type: 'Point', coordinates: [105.75 + ((i * 37) % 100) / 2000, 21.03 + ((i * 53) % 100) / 2000] },
    }));
    await importFeatures(t.store, 'incidents', features, actor);
    const z = INCIDENT_POINT_ZOOM - 2;
    const [x, y] = tileOf(z, 105.775, 21.055);
    const each = await decode(`/api/operational-tiles/incidents/${z}/${x}/${y}.pbf`);
    const summed = await decode(`/api/operational-tiles/incidents/${z}/${x}/${y}.pbf?days=summed`);
    expect(summed.etag).not.toBe(each.etag);
    type Cell = [number, Record<string, unknown>, { x: number; y: number }[][]];
    const total = (fs: Cell[]) => {
      const m = new Map<string, number>();
      for (const [, p, g] of fs) m.set(`${g[0][0].x},${g[0][0].y},${p.category}`, (m.get(`${g[0][0].x},${g[0][0].y},${p.category}`) ?? 0) + Number(p.count));
      return m;
    };
    const byDay = each.layers.incidents as Cell[];
    const perCell = summed.layers.incidents as Cell[];
    expect(byDay.every(([, p]) => 'day' in p)).toBe(true);
    expect(perCell.some(([, p]) => 'day' in p)).toBe(false);
    expect(perCell.length).toBeLessThan(byDay.length);
    // one feature per cell and category, its count the sum of the days' counts there
    expect(total(perCell).size).toBe(perCell.length);
    expect(total(perCell)).toEqual(total(byDay));
    expect([...total(perCell).values()].reduce((a, b) => a + b, 0)).toBe(400);
    // street zoom: points, the same either way
    const [px, py] = tileOf(INCIDENT_POINT_ZOOM + 1, 105.775, 21.055);
    const points = await decode(`/api/operational-tiles/incidents/${INCIDENT_POINT_ZOOM + 1}/${px}/${py}.pbf?days=summed`);
    expect(points.layers).toEqual((await decode(`/api/operational-tiles/incidents/${INCIDENT_POINT_ZOOM + 1}/${px}/${py}.pbf`)).layers);
    expect((await t.req(`/api/operational-tiles/incidents/${z}/${x}/${y}.pbf?days=some`)).status).toBe(400);
  });

  it('refuse unknown or repeated collections, tiles out of range, and the anonymous', async () => {
    for (const bad of ['wards,roads', 'wards,wards', '', 'wards,']) expect((await t.req(`/api/operational-tiles/${bad}/1/0/0.pbf`)).status).toBe(404);
    const r = await t.req('/api/operational-tiles/wards,roads/1/0/0.pbf');
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect((await t.req('/api/operational-tiles/wards,incidents/15/0/0.pbf')).status).toBe(404);
    expect((await t.req('/api/operational-tiles/wards,incidents/2/4/0.pbf')).status).toBe(404);
    expect((await t.req('/api/operational-tiles/wards,incidents/2/0/0.pbf', { as: 'anonymous' })).status).toBe(401);
  });
});
