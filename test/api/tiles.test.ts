/**
 * Vector tiles of the operational layers: tiles decode (with @mapbox/vector-tile) to the features
 * in their bounds, an edit changes the tiles that contain it, and the incident counts of a
 * low-zoom tile equal the incidents counted here.
 */
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../server/app.ts';
import { importFeatures } from '../../server/features/edit.ts';
import { INCIDENT_POINT_ZOOM, tileBounds } from '../../server/tiles/operational-tiles.ts';
import { checkpoint, makeTestApp, onSqlite, WARD_A, WARD_B, type TestApp } from '../support/app.ts';
import { tileOf } from '../support/tile-of.ts';

let t: TestApp;
beforeEach(() => (t = makeTestApp()));
afterEach(() => t.close());

const actor = { name: 'test', address: null };

async function tile(layer: string, z: number, x: number, y: number, headers: Record<string, string> = {}, app?: TestApp['app']) {
  const path = `/api/collections/${layer}/tiles/${z}/${x}/${y}.pbf`;
  const r = app ? await app.request(path, { headers: { authorization: `Bearer ${t.users.viewer.token}`, ...headers } }) : await t.req(path, { headers });
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
  const vt = new VectorTile(new PbfReader(new Uint8Array(await r.arrayBuffer())));
  const l = vt.layers[layer];
  const features = l ? Array.from({ length: l.length }, (_, i) => l.feature(i)) : [];
  return { etag: r.headers.get('etag')!, features, geojson: features.map((f) => f.toGeoJSON(x, y, z)) };
}

/** A seeded random generator, so every run tests the same incidents. */
function rng(seed: number) {
  return () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const CATEGORIES = ['epidemic_case', 'violation', 'public_order', 'traffic'];
function incidents(n: number, [w, s, e, nn]: [number, number, number, number]) {
  const r = rng(11);
  return Array.from({ length: n }, (_, i) => ({
    type: 'Feature',
    properties: { category: CATEGORIES[i % 4], occurred_at: `2021-05-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}T${String(Math.floor(r() * 24)).padStart(2, '0')}:00:00+07:00`, severity: 1 + (i % 3), description: 'thử' },
    geometry: { type: 'Point', coordinates: [w + r() * (e - w), s + r() * (nn - s)] },
  }));
}

describe('operational vector tiles', () => {
  it('decode to the features in their bounds, with ids and the properties the style uses', async () => {
    await importFeatures(t.store, 'wards', [WARD_A, WARD_B], actor);
    const inside = (await importFeatures(t.store, 'checkpoints', [checkpoint(105.78, 21.06, { notes: 'dài' }), checkpoint(105.8, 21.06, { kind: 'security' })], actor)).ids;
    const [x, y] = tileOf(14, 105.78, 21.06);
    const b = tileBounds(14, x, y);
    const { features, geojson } = await tile('checkpoints', 14, x, y);
    // only the first checkpoint lies in this z14 tile (the other is ~2 km east)
    expect(features.map((f) => f.id)).toEqual([inside[0]]);
    expect(features[0].properties).toMatchObject({ name: 'Chốt Phạm Văn Đồng', kind: 'traffic', status: 'active', ward_code: '00611' });
    expect(features[0].properties).not.toHaveProperty('notes');
    const [lon, lat] = (geojson[0].geometry as { coordinates: number[] }).coordinates;
    expect(lon).toBeGreaterThanOrEqual(b[0]);
    expect(lon).toBeLessThan(b[2]);
    expect(lat).toBeGreaterThan(b[1]);
    expect(lat).toBeLessThanOrEqual(b[3]);
    expect(Math.abs(lon - 105.78)).toBeLessThan(1e-4);

    // wards: both polygons meet this z12 tile, as polygons with their codes and names
    const [wx, wy] = tileOf(12, 105.79, 21.06);
    const wards = await tile('wards', 12, wx, wy);
    expect(wards.features.map((f) => f.properties.code).sort()).toEqual(['00598', '00611']);
    expect(wards.features.every((f) => f.type === 3 && typeof f.id === 'number')).toBe(true);

    // a tile far away is empty
    expect((await tile('checkpoints', 14, 0, 0)).features).toEqual([]);
  });

  it('an edit changes the tiles that contain it, before and after, and their ETag', async () => {
    await importFeatures(t.store, 'wards', [WARD_A, WARD_B], actor);
    const created = await (await t.req('/api/collections/checkpoints/items', { method: 'POST', json: checkpoint(105.78, 21.06), as: 'planner' })).json();
    const [ax, ay] = tileOf(14, 105.78, 21.06);
    const [bx, by] = tileOf(14, 105.805, 21.06);
    expect([ax, ay]).not.toEqual([bx, by]);
    const before = await tile('checkpoints', 14, ax, ay);
    expect(before.features.map((f) => f.id)).toEqual([created.id]);
    expect((await t.req(`/api/collections/checkpoints/tiles/14/${ax}/${ay}.pbf`, { headers: { 'if-none-match': before.etag } })).status).toBe(304);

    const moved = await t.req(`/api/collections/checkpoints/items/${created.id}`, {
      method: 'PATCH',
      json: { geometry: { type: 'Point', coordinates: [105.805, 21.06] }, properties: { status: 'closed' } },
      headers: { 'if-match': `"${created.version}"` },
      as: 'planner',
    });
    expect(moved.status).toBe(200);
    const after = await tile('checkpoints', 14, ax, ay);
    expect(after.features).toEqual([]);
    expect(after.etag).not.toBe(before.etag);
    const there = await tile('checkpoints', 14, bx, by);
    expect(there.features.map((f) => [f.id, f.properties.status])).toEqual([[created.id, 'closed']]);
  });

  it(`below zoom ${INCIDENT_POINT_ZOOM}, incidents come as counts per cell, category and day that add up to the incidents in the tile`, async () => {
    const area: [number, number, number, number] = [105.7, 20.95, 105.9, 21.1];
    const all = incidents(3000, area);
    await importFeatures(t.store, 'incidents', all, actor);
    const z = 10;
    const [x, y] = tileOf(z, 105.8, 21.02);
    const b = tileBounds(z, x, y);
    const own = all.filter(({ geometry: { coordinates: [lon, lat] } }) => lon >= b[0] && lon < b[2] && lat > b[1] && lat <= b[3]);
    expect(own.length).toBeGreaterThan(100);
    const { features } = await tile('incidents', z, x, y);
    expect(features.length).toBeGreaterThan(0);
    expect(features.every((f) => typeof f.properties.count === 'number')).toBe(true);
    const sum = (fs: typeof features) => fs.reduce((n, f) => n + (f.properties.count as number), 0);
    expect(sum(features)).toBe(own.length);
    // by category and by day, as the filters and the time slider read them
    for (const cat of CATEGORIES) expect(sum(features.filter((f) => f.properties.category === cat))).toBe(own.filter((f) => f.properties.category === cat).length);
    const day = '2021-05-07';
    const onDay = own.filter((f) => new Date(new Date(f.properties.occurred_at).getTime() + 7 * 3600e3).toISOString().slice(0, 10) === day).length;
    expect(sum(features.filter((f) => f.properties.day === day))).toBe(onDay);

    // the four tiles of the next level that cover this one add up to the same count
    let four = 0;
    for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]]) four += sum((await tile('incidents', z + 1, 2 * x + dx, 2 * y + dy)).features);
    expect(four).toBe(own.length);

    // at street zoom: the points themselves, with ids, category and day
    const [px, py] = tileOf(14, ...(own[0].geometry.coordinates as [number, number]));
    const street = await tile('incidents', 14, px, py);
    expect(street.features.length).toBeGreaterThan(0);
    expect(street.features[0].properties).toHaveProperty('category');
    expect(street.features[0].properties.day).toMatch(/^2021-05-\d\d$/);
    expect(street.features[0].properties).not.toHaveProperty('count');
  });

  it('a street-zoom tile of incidents holds every incident in its bounds and buffer, with id, category, severity and day', async () => {
    const area: [number, number, number, number] = [105.77, 21.01, 105.81, 21.05]; // a few z14 tiles
    const all = incidents(3000, area);
    const { ids } = await importFeatures(t.store, 'incidents', all, actor);
    const hanoiDay = (iso: string) => new Date(new Date(iso).getTime() + 7 * 3600e3).toISOString().slice(0, 10);
    const [here, there] = [[105.795, 21.03], [105.775, 21.03]].map(([lon, lat]) => tileOf(14, lon, lat));
    expect(here).not.toEqual(there);
    for (const [x, y] of [here, there]) {
      const [w, s, e, n] = tileBounds(14, x, y);
      const dx = ((e - w) * 64) / 4096, dy = ((n - s) * 64) / 4096; // the tile's buffer: 64 of its 4,096 units
      const expected = all
        .map((f, i) => ({ id: ids[i], f }))
        .filter(({ f: { geometry: { coordinates: [px, py] } } }) => px >= w - dx && px <= e + dx && py >= s - dy && py <= n + dy);
      expect(expected.length).toBeGreaterThan(50);
      const { features, geojson } = await tile('incidents', 14, x, y);
      expect(features.map((f) => f.id)).toEqual(expected.map((x) => x.id)); // in id order
      features.forEach((f, i) => {
        const want = expected[i].f;
        expect(f.properties).toEqual({ category: want.properties.category, severity: want.properties.severity, day: hanoiDay(want.properties.occurred_at) });
        const [glon, glat] = (geojson[i].geometry as { coordinates: number[] }).coordinates;
        expect(Math.abs(glon - want.geometry.coordinates[0])).toBeLessThan(1e-4);
        expect(Math.abs(glat - want.geometry.coordinates[1])).toBeLessThan(1e-4);
      });
    }

    // moved by an edit: gone from its tile, drawn in the one it moved to
    const moved = (await tile('incidents', 14, ...here)).features[0].id as number;
    const { version } = (await (await t.req(`/api/collections/incidents/items/${moved}`)).json()) as { version: number };
    const [w, , , n] = tileBounds(14, ...there);
    const patched = await t.req(`/api/collections/incidents/items/${moved}`, { method: 'PATCH', json: { geometry: { type: 'Point', coordinates: [w + 0.005, n - 0.005] } }, headers: { 'if-match': `"${version}"` } });
    expect(patched.status).toBe(200);
    expect((await tile('incidents', 14, ...here)).features.map((f) => f.id)).not.toContain(moved);
    expect((await tile('incidents', 14, ...there)).features.map((f) => f.id)).toContain(moved);
  });

  it('edits of incidents change the counts of the tiles below the point zoom as a count from scratch would', async () => {
    const area: [number, number, number, number] = [105.7, 20.95, 105.9, 21.1];
    await importFeatures(t.store, 'incidents', incidents(600, area), actor);
    const z = 10;
    const tilesNow = async (app?: TestApp['app']) => {
      const out: string[] = [];
      for (const k of new Set([tileOf(z, 105.7, 21.1), tileOf(z, 105.9, 20.95), tileOf(z, 106.4, 21.3)].map((xy) => xy.join('/')))) {
        const [x, y] = k.split('/').map(Number);
        for (const f of (await tile('incidents', z, x, y, {}, app)).features) out.push(JSON.stringify([x, y, f.loadGeometry(), f.properties.category ?? null, f.properties.day ?? null, f.properties.count]));
      }
      return out.sort();
    };
    await tilesNow(); // the counts are kept from here on
    const reads = vi.spyOn(t.store.features, 'points');
    const page = (await (await t.req('/api/collections/incidents/items?limit=5')).json()) as { features: { id: number; properties: Record<string, unknown> }[] };
    const [a, b, c] = page.features;
    const patch = (id: number, version: number, json: unknown) => t.req(`/api/collections/incidents/items/${id}`, { method: 'PATCH', json, headers: { 'if-match': `"${version}"` } });
    const version = async (id: number) => ((await (await t.req(`/api/collections/incidents/items/${id}`)).json()) as { version: number }).version;
    // moved out of the city (to another z10 tile), recategorised, moved to another day, deleted, created
    expect((await patch(a.id, await version(a.id), { geometry: { type: 'Point', coordinates: [106.4, 21.3] } })).status).toBe(200);
    expect((await patch(b.id, await version(b.id), { properties: { category: 'traffic', occurred_at: '2021-06-02T09:00:00+07:00' } })).status).toBe(200);
    expect((await t.req(`/api/collections/incidents/items/${c.id}`, { method: 'DELETE', headers: { 'if-match': `"${await version(c.id)}"` } })).status).toBe(204);
    const created = await t.req('/api/collections/incidents/items', { method: 'POST', json: incidents(1, [105.75, 21.0, 105.76, 21.01])[0] });
    expect(created.status).toBe(201);
    const edited = await tilesNow();
    // The edits were applied in place: each re-read only the features it changed, never the whole
    // layer. (PostgreSQL's change feed cannot yet tell a single edit from another server's commit,
    // so there the counts are rebuilt: correct, not faster.)
    if (onSqlite) {
      expect(reads.mock.calls.length).toBeGreaterThan(0);
      for (const [, q, , opts] of reads.mock.calls) expect(opts?.only ?? q.bbox).toBeDefined();
    }
    reads.mockRestore();
    // the same tiles from a second app on the same database, which counts everything anew
    expect(await tilesNow(createApp({ store: t.store, config: t.config }))).toEqual(edited);
    expect(edited.some((f) => f.includes('2021-06-02'))).toBe(true);
  });

  it('refuses unknown collections and tiles out of range', async () => {
    expect((await t.req('/api/collections/roads/tiles/1/0/0.pbf')).status).toBe(404);
    expect((await t.req('/api/collections/incidents/tiles/15/0/0.pbf')).status).toBe(404);
    expect((await t.req('/api/collections/incidents/tiles/2/4/0.pbf')).status).toBe(404);
    expect((await t.req('/api/collections/incidents/tiles/2/0/0.pbf', { as: 'anonymous' })).status).toBe(401);
  });
});
