/**
 * OGC API – Features, as a GIS client and OGC's test suite (ets-ogcapi-features10) see it:
 * the real Hono app on a real SQLite file, called without a server.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import Database from 'better-sqlite3';
import { checkpoint, makeTestApp, WARD_A, WARD_B, type TestApp, onSqlite } from '../support/app.ts';

let t: TestApp;
beforeEach(async () => {
  t = makeTestApp();
  for (const w of [WARD_A, WARD_B]) expect((await t.req('/api/collections/wards/items', { method: 'POST', json: w })).status).toBe(201);
});
afterEach(() => t.close());

const post = (layer: string, json: unknown) => t.req(`/api/collections/${layer}/items`, { method: 'POST', json });
const getJson = async (path: string) => {
  const r = await t.req(path);
  return { status: r.status, type: r.headers.get('content-type'), body: await r.json() };
};

describe('landing page, conformance, API definition', () => {
  it('links to the API definition, its documentation, conformance and data', async () => {
    const { status, body } = await getJson('/api');
    expect(status).toBe(200);
    const rels = body.links.map((l: { rel: string }) => l.rel);
    expect(rels).toEqual(expect.arrayContaining(['self', 'service-desc', 'service-doc', 'conformance', 'data']));
    for (const l of body.links) expect(l.type).toBeTruthy();
  });

  it('declares Core, GeoJSON and OpenAPI 3.0 conformance', async () => {
    const { body } = await getJson('/api/conformance');
    expect(body.conformsTo).toEqual(expect.arrayContaining(['http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core', 'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson', 'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30']));
  });

  it('serves a valid OpenAPI 3.0 document with the OpenAPI media type', async () => {
    const r = await t.req('/api/api');
    expect(r.headers.get('content-type')).toBe('application/vnd.oai.openapi+json;version=3.0');
    const doc = await r.json();
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.paths['/collections/checkpoints/items'].get.parameters.map((p: { name?: string; $ref?: string }) => p.name ?? p.$ref!.split('/').pop())).toEqual(
      expect.arrayContaining(['bbox', 'limit', 'datetime', 'status', 'kind', 'on_border']),
    );
  });

  it('serves a human-readable API page', async () => {
    const r = await t.req('/api/api.html');
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    expect(await r.text()).toContain('/api/collections/checkpoints/items');
  });
});

describe('collections', () => {
  it('lists exactly the six layers, each with an items link and a CRS84 extent', async () => {
    const { body } = await getJson('/api/collections');
    expect(body.collections.map((c: { id: string }) => c.id)).toEqual(['wards', 'checkpoints', 'quarantine-zones', 'polling-stations', 'incidents', 'facilities']);
    for (const c of body.collections) {
      expect(c.links.find((l: { rel: string }) => l.rel === 'items').type).toBe('application/geo+json');
      const [w, s, e, n] = c.extent.spatial.bbox[0];
      expect(w).toBeGreaterThanOrEqual(-180);
      expect(e).toBeLessThanOrEqual(180);
      expect(s).toBeLessThanOrEqual(n);
    }
    const wards = body.collections[0];
    expect(wards.extent.spatial.bbox[0]).toEqual([105.77, 21.05, 105.81, 21.07]);
  });

  it('describes one collection exactly as in the list', async () => {
    const list = (await getJson('/api/collections')).body.collections[1];
    expect((await getJson('/api/collections/checkpoints')).body).toEqual(list);
  });

  it('answers an unknown collection with a 404 problem naming the real ones', async () => {
    const r = await t.req('/api/collections/roadblocks/items');
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toBe('application/problem+json');
    expect((await r.json()).detail).toContain('checkpoints');
  });
});

describe('items', () => {
  beforeEach(async () => {
    for (let i = 0; i < 25; i++) await post('checkpoints', checkpoint(105.771 + i * 0.0015, 21.06, { name: `Chốt ${i + 1}`, status: i % 5 === 0 ? 'planned' : 'active' }));
  });

  it('returns a GeoJSON FeatureCollection with numberMatched, numberReturned, self and next links', async () => {
    const { status, type, body } = await getJson('/api/collections/checkpoints/items?limit=10');
    expect(status).toBe(200);
    expect(type).toBe('application/geo+json');
    expect(body.type).toBe('FeatureCollection');
    expect(body.numberMatched).toBe(25);
    expect(body.numberReturned).toBe(10);
    expect(body.features).toHaveLength(10);
    expect(Number.isNaN(Date.parse(body.timeStamp))).toBe(false);
    const rels = body.links.map((l: { rel: string; type: string }) => `${l.rel}:${l.type}`);
    expect(rels).toContain('self:application/geo+json');
    expect(rels).toContain('next:application/geo+json');
  });

  it('pages by following next links until every feature has been seen exactly once', async () => {
    let url: string | undefined = '/api/collections/checkpoints/items?limit=7';
    const ids: number[] = [];
    while (url) {
      const { body } = await getJson(url.replace('http://localhost', ''));
      ids.push(...body.features.map((f: { id: number }) => f.id));
      url = body.links.find((l: { rel: string }) => l.rel === 'next')?.href;
    }
    expect(ids).toHaveLength(25);
    expect(new Set(ids).size).toBe(25);
  });

  it('pages a bbox by following next links, in id order, each feature once', async () => {
    let url: string | undefined = '/api/collections/checkpoints/items?bbox=105.77,21.05,105.81,21.07&limit=7';
    const ids: number[] = [];
    const returned: number[] = [];
    while (url) {
      const { body } = await getJson(url.replace('http://localhost', ''));
      expect(body.numberMatched).toBe(25);
      returned.push(body.numberReturned);
      ids.push(...body.features.map((f: { id: number }) => f.id));
      url = body.links.find((l: { rel: string }) => l.rel === 'next')?.href;
    }
    expect(returned).toEqual([7, 7, 7, 4]);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(25);
    const past = (await getJson('/api/collections/checkpoints/items?bbox=105.77,21.05,105.81,21.07&offset=30')).body;
    expect([past.numberMatched, past.numberReturned, past.features]).toEqual([25, 0, []]);
  });

  it('writes each feature the same way in a bbox page (joined by the database) as in any other page', async () => {
    await post('checkpoints', checkpoint(105.8, 21.06, { name: 'Chốt "Cầu Giấy" \\ 1 %s 100%', status: 'active' }));
    const text = async (q: string) => {
      const body = await (await t.req(`/api/collections/checkpoints/items?${q}`)).text();
      return body.slice(body.indexOf('"features":['), body.lastIndexOf('],"timeStamp"'));
    };
    const byBox = await text('bbox=105.77,21.05,105.81,21.07&limit=100');
    expect(JSON.parse(`{${byBox}]}`).features).toHaveLength(26);
    expect(byBox).toBe(await text('limit=100'));
  });

  it('writes a bbox page whole whether its links fit the room before the texts or not', async () => {
    // the box is repeated as sent in every link: with 600 more zeros to each number, the head is longer than the room
    for (const z of ['', '0'.repeat(600)]) {
      const bbox = `105.77${z},21.05${z},105.81${z},21.07${z}`;
      const { status, body } = await getJson(`/api/collections/checkpoints/items?bbox=${bbox}&limit=7&offset=7`);
      expect(status).toBe(200);
      expect([body.numberMatched, body.numberReturned, body.features.length]).toEqual([25, 7, 7]);
      expect(body.features.map((x: { properties: { name: string } }) => x.properties.name)).toEqual(['Chốt 8', 'Chốt 9', 'Chốt 10', 'Chốt 11', 'Chốt 12', 'Chốt 13', 'Chốt 14']);
      expect(body.links.map((l: { rel: string }) => l.rel)).toEqual(['self', 'collection', 'next', 'prev']);
      expect(decodeURIComponent(body.links[0].href)).toContain(bbox);
    }
  });

  it('defaults to 10 features and clamps a limit above the maximum instead of failing', async () => {
    expect((await getJson('/api/collections/checkpoints/items')).body.numberReturned).toBe(10);
    const { status, body } = await getJson('/api/collections/checkpoints/items?limit=1000000');
    expect(status).toBe(200);
    expect(body.numberReturned).toBe(25);
  });

  it('filters by bbox, including a box that crosses no feature', async () => {
    const { body } = await getJson('/api/collections/checkpoints/items?bbox=105.770,21.05,105.776,21.07&limit=100');
    expect(body.features.map((f: { properties: { name: string } }) => f.properties.name)).toEqual(['Chốt 1', 'Chốt 2', 'Chốt 3', 'Chốt 4']);
    const empty = await getJson('/api/collections/checkpoints/items?bbox=106,20,106.1,20.1');
    expect(empty.body.numberMatched).toBe(0);
    expect(empty.body.features).toEqual([]);
    expect(empty.body.links.some((l: { rel: string }) => l.rel === 'next')).toBe(false);
  });

  it('is exact at the edge of the box, below the index\'s 32-bit precision', async () => {
    await post('checkpoints', checkpoint(105.7850001, 21.0555, { name: 'Ngoài' })); // 1 cm east of the box
    await post('checkpoints', checkpoint(105.785, 21.0555, { name: 'Trên cạnh' })); // on its edge
    const { body } = await getJson('/api/collections/checkpoints/items?bbox=105.7845,21.055,105.785,21.056&limit=100');
    expect(body.features.map((f: { properties: { name: string } }) => f.properties.name)).toEqual(['Trên cạnh']);
    expect(body.numberMatched).toBe(1);
  });

  it('matches polygons by their shape, not just their bounding box', async () => {
    // A triangle whose envelope covers the query box but whose area does not.
    await post('quarantine-zones', {
      type: 'Feature',
      properties: { name: 'Tam giác', level: 'buffer', status: 'active', starts_on: '2021-05-01' },
      geometry: { type: 'Polygon', coordinates: [[[105.78, 21.05], [105.80, 21.05], [105.78, 21.07], [105.78, 21.05]]] },
    });
    expect((await getJson('/api/collections/quarantine-zones/items?bbox=105.795,21.065,105.799,21.069')).body.numberMatched).toBe(0);
    expect((await getJson('/api/collections/quarantine-zones/items?bbox=105.781,21.051,105.782,21.052')).body.numberMatched).toBe(1);
  });

  it('filters by simple properties such as status=active', async () => {
    expect((await getJson('/api/collections/checkpoints/items?status=planned&limit=100')).body.numberMatched).toBe(5);
    expect((await getJson('/api/collections/checkpoints/items?status=active&kind=traffic&limit=100')).body.numberMatched).toBe(20);
  });

  it('refuses undeclared parameters and invalid values with 400', async () => {
    for (const q of ['foo=bar', 'limit=unlimited', 'limit=0', 'status=open', 'bbox=1,2,3', 'bbox=105,22,106,21', 'bbox=a,b,c,d', 'bbox=-200,0,0,10', 'datetime=yesterday', 'on_border=maybe', 'offset=-1']) {
      const r = await t.req(`/api/collections/checkpoints/items?${q}`);
      expect(r.status, q).toBe(400);
      const p = await r.json();
      expect(p.status, q).toBe(400);
      expect(p.detail, q).toContain(q.split('=')[0]); // names the parameter to fix
    }
  });

  it('gives one item with links and an ETag, and 304 when unchanged', async () => {
    const first = (await getJson('/api/collections/checkpoints/items?limit=1')).body.features[0];
    const r = await t.req(`/api/collections/checkpoints/items/${first.id}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('etag')).toBe('"1"');
    const f = await r.json();
    expect(String(f.id)).toBe(String(first.id));
    expect(f.links.map((l: { rel: string }) => l.rel)).toEqual(['self', 'collection']);
    expect((await t.req(`/api/collections/checkpoints/items/${first.id}`, { headers: { 'If-None-Match': '"1"' } })).status).toBe(304);
    expect((await t.req('/api/collections/checkpoints/items/999999')).status).toBe(404);
    expect((await t.req('/api/collections/checkpoints/items/abc')).status).toBe(404);
  });
});

describe('repeated pages', () => {
  it('are answered again after a change through the API, never stale', async () => {
    const url = '/api/collections/checkpoints/items?bbox=105.77,21.05,105.79,21.07&limit=50';
    await post('checkpoints', checkpoint(105.775, 21.055, { name: 'Một' }));
    // asked three times: a page is kept from its second ask (response-cache.ts), the third is the kept one
    for (let i = 0; i < 3; i++) expect((await getJson(url)).body.numberMatched).toBe(1);
    await post('checkpoints', checkpoint(105.776, 21.056, { name: 'Hai' }));
    expect((await getJson(url)).body.numberMatched).toBe(2);
  });

  it('answer 304 to the ETag of the page while the layer is unchanged, and the new page after any edit', async () => {
    const url = '/api/collections/checkpoints/items?bbox=105.77,21.05,105.79,21.07&limit=50';
    const f = await (await post('checkpoints', checkpoint(105.775, 21.055, { name: 'Một' }))).json();
    const first = await t.req(url);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    expect((await t.req(url, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    // another page of the same layer has its own tag
    expect((await t.req(`${url}&offset=1`)).headers.get('etag')).not.toBe(etag);
    // an edit outside the box changes the layer, and so the tag of every page of it (never a stale 304)
    await post('checkpoints', checkpoint(105.9, 21.2));
    const afterOther = await t.req(url, { headers: { 'If-None-Match': etag } });
    expect(afterOther.status).toBe(200);
    const etag2 = afterOther.headers.get('etag')!;
    expect(etag2).not.toBe(etag);
    // an edit of a feature on the page: a 200 with the change under a new tag
    const patched = await t.req(`/api/collections/checkpoints/items/${f.id}`, { method: 'PATCH', headers: { 'If-Match': '"1"' }, json: { properties: { name: 'Đổi' } } });
    expect(patched.status).toBe(200);
    const after = await t.req(url, { headers: { 'If-None-Match': etag2 } });
    expect(after.status).toBe(200);
    expect(((await after.json()) as { features: { properties: { name: string } }[] }).features[0].properties.name).toBe('Đổi');
    expect((await t.req(url, { headers: { 'If-None-Match': after.headers.get('etag')! } })).status).toBe(304);
    // a change of another layer leaves this layer's tag as it was
    await post('polling-stations', { type: 'Feature', properties: { code: 'KV1', name: 'Khu vực 1', voters: 900 }, geometry: { type: 'Point', coordinates: [105.9, 21.2] } });
    expect((await t.req(url, { headers: { 'If-None-Match': after.headers.get('etag')! } })).status).toBe(304);
  });

  it.skipIf(!onSqlite)('see a commit made by another process on the same database file', async () => {
    const url = '/api/collections/checkpoints/items?limit=50';
    await post('checkpoints', checkpoint(105.775, 21.055));
    const before = (await getJson(url)).body;
    const other = new Database(t.config.dbFile);
    other.prepare("UPDATE features SET properties = json_set(properties, '$.name', 'Đổi tên') WHERE collection = 'checkpoints'").run();
    other.close();
    const after = (await getJson(url)).body;
    expect(before.features[0].properties.name).toBe('Chốt Phạm Văn Đồng');
    expect(after.features[0].properties.name).toBe('Đổi tên');
    // and the page's ETag changed with it
    const tag = (await t.req(url)).headers.get('etag')!;
    const again = new Database(t.config.dbFile);
    again.prepare("UPDATE features SET properties = json_set(properties, '$.name', 'Lần nữa') WHERE collection = 'checkpoints'").run();
    again.close();
    expect((await t.req(url, { headers: { 'If-None-Match': tag } })).status).toBe(200);
  });
});

describe('time', () => {
  const incident = (at: string) => ({ type: 'Feature', properties: { category: 'violation', occurred_at: at, severity: 1, fine_vnd: 200000 }, geometry: { type: 'Point', coordinates: [105.78, 21.06] } });
  beforeEach(async () => {
    for (const at of ['2021-05-01T08:00:00+07:00', '2021-05-10T23:30:00+07:00', '2021-05-11T00:30:00+07:00', '2021-05-20T12:00:00Z']) expect((await post('incidents', incident(at))).status).toBe(201);
  });

  it('filters incidents by instant, closed and open intervals; a bare date is a day in Hanoi', async () => {
    const n = async (dt: string) => (await getJson(`/api/collections/incidents/items?datetime=${encodeURIComponent(dt)}`)).body.numberMatched;
    expect(await n('2021-05-01T01:00:00Z')).toBe(1); // = 08:00 in Hanoi
    expect(await n('2021-05-10')).toBe(1);
    expect(await n('2021-05-11')).toBe(1);
    expect(await n('2021-05-10/2021-05-11')).toBe(2);
    expect(await n('../2021-05-10')).toBe(2);
    expect(await n('2021-05-11/..')).toBe(2);
    expect(await n('2021-05-11T00:00:00+07:00/')).toBe(2);
  });

  it('matches open-ended zones and refuses datetime on a layer without time', async () => {
    await post('quarantine-zones', { type: 'Feature', properties: { name: 'Ngõ 12', level: 'lockdown', status: 'active', starts_on: '2021-05-05' }, geometry: WARD_A.geometry });
    expect((await getJson('/api/collections/quarantine-zones/items?datetime=2021-06-30')).body.numberMatched).toBe(1);
    expect((await getJson('/api/collections/quarantine-zones/items?datetime=2021-05-04')).body.numberMatched).toBe(0);
    expect((await t.req('/api/collections/wards/items?datetime=2021-05-04')).status).toBe(400);
  });
});

describe('derived properties', () => {
  it('assigns the ward a point stands in, and whether a checkpoint is on a border', async () => {
    const inner = await (await post('checkpoints', checkpoint(105.78, 21.06))).json();
    expect(inner.properties.ward_code).toBe('00611');
    expect(inner.properties.on_border).toBe(false); // ~1 km from every border
    const border = await (await post('checkpoints', checkpoint(105.7903, 21.06))).json();
    expect(border.properties.ward_code).toBe('00598');
    expect(border.properties.on_border).toBe(true); // ~31 m east of the shared border, within the default 50 m
    const outside = await (await post('polling-stations', { type: 'Feature', properties: { code: 'KV1', name: 'Khu vực 1', voters: 900 }, geometry: { type: 'Point', coordinates: [105.9, 21.2] } })).json();
    expect(outside.properties.ward_code).toBeNull();
  });

  it('ignores derived values a client sends, and recomputes them when the point moves', async () => {
    const f = await (await post('checkpoints', { ...checkpoint(105.78, 21.06), properties: { ...checkpoint(0, 0).properties, ward_code: '99999', on_border: true } })).json();
    expect(f.properties.ward_code).toBe('00611');
    const moved = await t.req(`/api/collections/checkpoints/items/${f.id}`, { method: 'PATCH', headers: { 'If-Match': '"1"' }, json: { geometry: { type: 'Point', coordinates: [105.8, 21.06] } } });
    expect((await moved.json()).properties.ward_code).toBe('00598');
  });

  it('re-derives points when the wards change', async () => {
    const f = await (await post('incidents', { type: 'Feature', properties: { category: 'traffic', occurred_at: '2021-05-02T10:00:00+07:00', severity: 2 }, geometry: { type: 'Point', coordinates: [105.78, 21.06] } })).json();
    const wardA = (await getJson('/api/collections/wards/items?code=00611')).body.features[0];
    const r = await t.req(`/api/collections/wards/items/${wardA.id}`, { method: 'PATCH', headers: { 'If-Match': '"1"' }, json: { properties: { code: '00612' } } });
    expect(r.status).toBe(200);
    const after = (await getJson(`/api/collections/incidents/items/${f.id}`)).body;
    expect(after.properties.ward_code).toBe('00612');
    expect(after.version).toBe(2);
  });
});
