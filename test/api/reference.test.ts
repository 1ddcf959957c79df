/**
 * The reference map through the API: importing roads and places (GeoJSON, OSM XML), vector tiles
 * cut from the database, the PMTiles basemap with range requests, and border crossings with
 * checkpoint coverage as of a date.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { checkpoint, makeTestApp, WARD_A, WARD_B, type TestApp } from '../support/app.ts';
import { hasSharedData, SHARED_DATA } from '../support/tools.ts';
import { PMTiles, type RangeResponse, type Source } from 'pmtiles';
import { buildBasemap } from '../../server/tiles/build-basemap.ts';
import { tileOf } from '../support/tile-of.ts';

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => {
  delete process.env.OPSMAP_PMTILES;
  t.close();
});

const importRef = (layer: string, body: string | Uint8Array, type = 'application/geo+json', query = '') =>
  t.req(`/api/reference/${layer}/import${query}`, { method: 'POST', body: body as BodyInit, headers: { 'content-type': type } });
const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const line = (coords: number[][], props: Record<string, unknown> | null) => ({ type: 'Feature', properties: props, geometry: { type: 'LineString', coordinates: coords } });

async function tile(layer: string, z: number, x: number, y: number) {
  const r = await t.req(`/api/tiles/${layer}/${z}/${x}/${y}.pbf`);
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
  const vt = new VectorTile(new PbfReader(new Uint8Array(await r.arrayBuffer())));
  const l = vt.layers[layer];
  return l ? Array.from({ length: l.length }, (_, i) => l.feature(i).properties) : [];
}

describe.skipIf(!hasSharedData('hanoi-roads.geojson'))('importing the real Hanoi roads and places', () => {
  it('imports 2,616 road lines and 694 places, and lists them with the OSM attribution', async () => {
    const roads = await importRef('roads', readFileSync(SHARED_DATA + 'hanoi-roads.geojson'));
    expect(roads.status).toBe(200);
    expect(await roads.json()).toMatchObject({ layer: 'roads', inserted: 2616, deleted: 0, skipped: 0 });
    const pois = await importRef('pois', readFileSync(SHARED_DATA + 'hanoi-pois.geojson'));
    expect(await pois.json()).toMatchObject({ inserted: 694, skipped: 0 });
    const info = await (await t.req('/api/reference')).json();
    expect(info.attribution).toBe('© OpenStreetMap contributors');
    expect(info.layers.map((l: { id: string; count: number }) => [l.id, l.count])).toEqual([['roads', 2616], ['pois', 694]]);
    expect(info.layers[0].bbox[0]).toBeCloseTo(105.7076, 3);
  });

  it('serves them as vector tiles with class and name, roads without properties as minor', async () => {
    await importRef('roads', readFileSync(SHARED_DATA + 'hanoi-roads.geojson'));
    // Phạm Văn Đồng near Cổ Nhuế
    const props = await tile('roads', 13, ...tileOf(13, 105.781, 21.05));
    expect(props.length).toBeGreaterThan(20);
    expect(props.some((p) => p.class === 'minor' && p.name === undefined)).toBe(true);
    expect(props.some((p) => p.class === 'trunk' || p.class === 'primary')).toBe(true);
    expect(props.every((p) => typeof p.class === 'string')).toBe(true);
  });
});

describe('importing OSM XML', () => {
  const OSM = `<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="test">
  <bounds minlat="21.0" minlon="105.7" maxlat="21.1" maxlon="105.8"/>
  <!-- <node id="99" lat="0" lon="0"/> a comment is not data -->
  <node id="1" lat="21.0500" lon="105.7700"/>
  <node id="2" lat="21.0500" lon="105.7800"/>
  <node id="3" lat="21.0510" lon="105.7900"/>
  <node id="10" lat="21.0600" lon="105.7700"/><node id="11" lat="21.0600" lon="105.7702"/><node id="12" lat="21.0602" lon="105.7702"/><node id="13" lat="21.0602" lon="105.7700"/>
  <node id="20" lat="21.0550" lon="105.7750">
    <tag k="highway" v="bus_stop"/>
    <tag k="name" v="Học viện Tài chính &amp; Kế toán"/>
  </node>
  <node id="21" lat="21.0560" lon="105.7760"><tag k="amenity" v="bench"/></node>
  <way id="100">
    <nd ref="1"/><nd ref="2"/><nd ref="3"/>
    <tag k="highway" v="primary"/>
    <tag k="name" v="Phạm Văn Đồng"/>
    <tag k="ref" v="QL32"/>
    <tag k="surface" v="asphalt"/>
  </way>
  <way id="101">
    <nd ref="10"/><nd ref="11"/><nd ref="12"/><nd ref="13"/><nd ref="10"/>
    <tag k="amenity" v="school"/>
    <tag k="name" v="Trường THCS Cổ Nhuế"/>
    <tag k="building" v="yes"/>
  </way>
  <way id="102"><nd ref="1"/><nd ref="999"/><tag k="highway" v="residential"/></way>
  <relation id="500"><member type="way" ref="100" role=""/><tag k="type" v="route"/></relation>
</osm>`;

  it('keeps road ways with highway, name and ref, and places from tagged nodes and building outlines', async () => {
    const r = await importRef('roads', OSM, 'application/xml');
    expect(r.status).toBe(200);
    const body = await r.json();
    // way 102 refers to a node outside the file: one point is left, too few for a line
    expect(body).toMatchObject({ inserted: 1, skipped: 0 });
    expect(body.warnings).toEqual(['1 node references point outside the file (the extract cut some ways); those ways were shortened or skipped.', '1 relations were not read; roads and places come from ways and nodes.']);
    const roads = await (await t.req('/api/reference/roads/items')).json();
    expect(roads.features[0].properties).toEqual({ highway: 'primary', name: 'Phạm Văn Đồng', ref: 'QL32', oneway: null, bridge: null, tunnel: null, layer: null, osm_id: 100 });
    expect(roads.features[0].geometry.coordinates).toEqual([[105.77, 21.05], [105.78, 21.05], [105.79, 21.051]]);

    await importRef('pois', OSM, 'application/xml');
    const pois = (await (await t.req('/api/reference/pois/items')).json()).features;
    expect(pois.map((f: { properties: { category: string; name: string } }) => [f.properties.category, f.properties.name])).toEqual([
      ['bus_stop', 'Học viện Tài chính & Kế toán'],
      ['school', 'Trường THCS Cổ Nhuế'],
    ]);
    // the school stands at the centre of its outline
    expect(pois[1].geometry.coordinates).toEqual([105.7701, 21.0601]);
  });

  it('refuses XML that is not OSM, and replaces a layer on re-import unless told to append', async () => {
    const bad = await importRef('roads', '<?xml version="1.0"?><kml><Document/></kml>', 'application/xml');
    expect(bad.status).toBe(400);
    expect((await bad.json()).detail).toMatch(/not OSM XML/);
    const road = fc([line([[105.77, 21.06], [105.8, 21.06]], { highway: 'primary', name: 'A' })]);
    await importRef('roads', road);
    expect(await (await importRef('roads', road)).json()).toMatchObject({ inserted: 1, deleted: 1 });
    expect(await (await importRef('roads', road, 'application/geo+json', '?append=true')).json()).toMatchObject({ inserted: 1, deleted: 0 });
    expect((await (await t.req('/api/reference')).json()).layers[0].count).toBe(2);
  });
});

describe('vector tiles', () => {
  it('follow a re-import: the new roads are in the tile, the old ones gone', async () => {
    const [x, y] = tileOf(14, 105.78, 21.06);
    await importRef('roads', fc([line([[105.775, 21.06], [105.785, 21.06]], { highway: 'primary', name: 'Phạm Văn Đồng' })]));
    expect(await tile('roads', 14, x, y)).toEqual([{ class: 'primary', name: 'Phạm Văn Đồng' }]);
    await importRef('roads', fc([line([[105.775, 21.06], [105.785, 21.06]], null)]));
    expect(await tile('roads', 14, x, y)).toEqual([{ class: 'minor' }]);
  });

  it('are empty where there is nothing, and 404 outside the tile pyramid or for an unknown layer', async () => {
    await importRef('roads', fc([line([[105.775, 21.06], [105.785, 21.06]], null)]));
    expect(await tile('roads', 14, 0, 0)).toEqual([]);
    expect((await t.req('/api/tiles/roads/3/8/0.pbf')).status).toBe(404);
    expect((await t.req('/api/tiles/roads/15/0/0.pbf')).status).toBe(404);
    expect((await t.req('/api/tiles/rivers/1/0/0.pbf')).status).toBe(404);
  });
});

describe('PMTiles basemap', () => {
  it('is served with HTTP range requests when the file is there, and 404 with advice when not', async () => {
    process.env.OPSMAP_PMTILES = join(t.dir, 'nothing-here.pmtiles');
    const none = await t.req('/api/basemap.pmtiles');
    expect(none.status).toBe(404);
    expect((await none.json()).detail).toMatch(/data\/basemap\.pmtiles/);

    const file = join(t.dir, 'basemap.pmtiles');
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
    writeFileSync(file, bytes);
    process.env.OPSMAP_PMTILES = file;
    const part = await t.req('/api/basemap.pmtiles', { headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 100-199/1000');
    expect(part.headers.get('accept-ranges')).toBe('bytes');
    expect([...new Uint8Array(await part.arrayBuffer())]).toEqual([...bytes.slice(100, 200)]);
    const tail = await t.req('/api/basemap.pmtiles', { headers: { range: 'bytes=-10' } });
    expect([...new Uint8Array(await tail.arrayBuffer())]).toEqual([...bytes.slice(990)]);
    expect((await t.req('/api/basemap.pmtiles', { headers: { range: 'bytes=5000-' } })).status).toBe(416);
    const whole = await t.req('/api/basemap.pmtiles');
    expect(whole.status).toBe(200);
    expect(new Uint8Array(await whole.arrayBuffer()).length).toBe(1000);
    expect((await (await t.req('/api/reference')).json()).basemap).toEqual({ url: '/api/basemap.pmtiles', protocol: 'pmtiles' });
    rmSync(file);
  });
});

describe('a PMTiles basemap built from the imported reference layers', () => {
  /** The pmtiles reader (as the map uses it) fetching byte ranges from the API. */
  class ApiSource implements Source {
    async getBytes(offset: number, length: number): Promise<RangeResponse> {
      const r = await t.req('/api/basemap.pmtiles', { headers: { range: `bytes=${offset}-${offset + length - 1}` } });
      expect(r.status).toBe(206);
      return { data: await r.arrayBuffer() };
    }
    getKey() {
      return 'api';
    }
  }

  it('is served by range requests and holds the same roads and places as the live tiles', async () => {
    await importRef('roads', fc([line([[105.775, 21.06], [105.785, 21.06]], { highway: 'primary', name: 'Phạm Văn Đồng' })]));
    await importRef('pois', fc([{ type: 'Feature', properties: { category: 'hospital', name: 'Bệnh viện Bắc Thăng Long' }, geometry: { type: 'Point', coordinates: [105.78, 21.061] } }]));
    const file = join(t.dir, 'basemap.pmtiles');
    writeFileSync(file, (await buildBasemap(t.store)).bytes);
    process.env.OPSMAP_PMTILES = file;

    const p = new PMTiles(new ApiSource());
    expect(await p.getHeader()).toMatchObject({ minZoom: 0, maxZoom: 14, tileType: 1 });
    expect(await p.getMetadata()).toMatchObject({ attribution: '© OpenStreetMap contributors' });
    const [x, y] = tileOf(14, 105.78, 21.06);
    const vt = new VectorTile(new PbfReader(new Uint8Array((await p.getZxy(14, x, y))!.data)));
    expect(vt.layers.roads.feature(0).properties).toEqual({ class: 'primary', name: 'Phạm Văn Đồng' });
    expect(vt.layers.pois.feature(0).properties).toEqual({ category: 'hospital', name: 'Bệnh viện Bắc Thăng Long' });
    expect(await tile('roads', 14, x, y)).toEqual([{ class: 'primary', name: 'Phạm Văn Đồng' }]);
  });
});

describe('GET /api/analysis/crossings', () => {
  // WARD_A and WARD_B share the border at lon 105.79; a primary road crosses it at lat 21.06,
  // an unnamed lane at lat 21.055
  beforeEach(async () => {
    for (const w of [WARD_A, WARD_B]) expect((await t.req('/api/collections/wards/items', { method: 'POST', json: w })).status).toBe(201);
    await importRef('roads', fc([line([[105.78, 21.06], [105.80, 21.06]], { highway: 'primary', name: 'Phạm Văn Đồng', ref: null }), line([[105.785, 21.055], [105.795, 21.055]], null)]));
  });
  const crossings = async (query = '') => {
    const r = await t.req(`/api/analysis/crossings${query}`);
    expect(r.status).toBe(200);
    return r.json();
  };

  it('lists each crossing with its wards, road and nearest checkpoint, and a summary per ward', async () => {
    // 0.001° of latitude north of the main-road crossing: 111.2 m
    await t.req('/api/collections/checkpoints/items', { method: 'POST', json: checkpoint(105.79, 21.061) });
    const body = await crossings();
    expect(body.total).toBe(2);
    const main = body.features.find((f: { properties: { road_class: string } }) => f.properties.road_class === 'primary');
    expect(main.geometry.coordinates).toEqual([105.79, 21.06]);
    expect(main.properties).toMatchObject({ from_code: '00611', to_code: '00598', district_border: false, road_name: 'Phạm Văn Đồng', main_road: true, nearest_checkpoint_name: 'Chốt Phạm Văn Đồng', nearest_checkpoint_m: 111.2, covered: true });
    expect(main.properties.suggested.properties.name).toBe('Chốt Phạm Văn Đồng – giáp Xuân Đỉnh');
    expect(body.summary).toEqual([
      { code: '00598', name: 'Phường Xuân Đỉnh', district: 'Quận Bắc Từ Liêm', crossings: 2, covered: 1, uncovered_main: 0 },
      { code: '00611', name: 'Phường Cổ Nhuế 1', district: 'Quận Bắc Từ Liêm', crossings: 2, covered: 1, uncovered_main: 0 },
    ]);
    expect((await crossings('?main_only=true')).features).toHaveLength(1);
    expect((await crossings('?district_only=true')).features).toHaveLength(0);
    expect((await crossings('?uncovered_within=100')).features).toHaveLength(2);
  });

  it('turns an uncovered crossing into a checkpoint that then covers it, and reads the plan as of a date', async () => {
    const before = await crossings('?uncovered_within=200&main_only=true');
    expect(before.features).toHaveLength(1);
    expect(before.summary.find((s: { code: string }) => s.code === '00611').uncovered_main).toBe(1);
    const { suggested } = before.features[0].properties;
    const created = await t.req('/api/collections/checkpoints/items', { method: 'POST', json: { type: 'Feature', geometry: suggested.geometry, properties: { ...suggested.properties, active_from: '2021-05-20' } } });
    expect(created.status).toBe(201);
    expect((await created.json()).properties.ward_code).toBe('00611');

    const onElectionDay = await crossings('?uncovered_within=200&main_only=true&as_of=2021-05-23');
    expect(onElectionDay.features).toHaveLength(0);
    expect(onElectionDay.summary.find((s: { code: string }) => s.code === '00611')).toMatchObject({ covered: 1, uncovered_main: 0 });
    // before the checkpoint's first day the crossing is still open
    expect((await crossings('?uncovered_within=200&main_only=true&as_of=2021-05-10')).features).toHaveLength(1);
  });

  it('refuses unknown parameters, bad dates and bad distances', async () => {
    for (const q of ['?within=5', '?as_of=2021-02-30', '?uncovered_within=-1', '?main_only=yes']) expect((await t.req(`/api/analysis/crossings${q}`)).status).toBe(400);
  });
});
