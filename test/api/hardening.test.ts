/**
 * Issue 15, probed as an attacker and as a field user on a bad network would: one regression
 * test per finding, each of which failed before its fix.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkpoint, makeTestApp, WARD_A, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.close());

const problemOf = async (r: Response) => ({ status: r.status, type: r.headers.get('content-type'), body: await r.json() });

describe('#6 the inputs that answered 500', () => {
  it('refuses items?offset=9223372036854775808 with a 400 naming offset', async () => {
    const p = await problemOf(await t.req('/api/collections/checkpoints/items?offset=9223372036854775808'));
    expect(p).toMatchObject({ status: 400, type: 'application/problem+json' });
    expect(p.body.detail).toContain('offset');
  });

  it.each(['/%', '/%00', '/a%E0%A4%A', '/%2e%2e%00'])('refuses GET %s without signing in with a 400 problem', async (path) => {
    const p = await problemOf(await t.req(path, { as: 'anonymous' }));
    expect(p).toMatchObject({ status: 400, type: 'application/problem+json' });
  });

  it.each(['&#x110000;', '&#1114112;', '&#xD800;', '&#0;', '&#99999999999999999999;'])('refuses an OSM file with %s as not well-formed, importing nothing', async (ref) => {
    const osm = `<?xml version="1.0"?><osm version="0.6"><node id="1" lat="21.05" lon="105.77"><tag k="amenity" v="school"/><tag k="name" v="A${ref}"/></node></osm>`;
    const r = await t.req('/api/reference/pois/import', { method: 'POST', body: osm, headers: { 'content-type': 'application/xml' } });
    const p = await problemOf(r);
    expect(p).toMatchObject({ status: 400, type: 'application/problem+json' });
    expect(p.body.detail).toContain(ref);
    expect(t.db.sqlite.prepare('SELECT count(*) AS n FROM reference_features').get()).toEqual({ n: 0 });
  });

  it('refuses reference items?limit=-5 instead of answering numberReturned: -1', async () => {
    const p = await problemOf(await t.req('/api/reference/roads/items?limit=-5'));
    expect(p).toMatchObject({ status: 400, type: 'application/problem+json' });
    expect(p.body.detail).toContain('limit');
  });
});

describe('#2 the hot-spot request that froze every user', () => {
  it('refuses cell_size=100&distance_band=100000&study_area=wards before starting, naming the parameters to change', async () => {
    expect((await t.req('/api/collections/wards/items', { method: 'POST', json: WARD_A })).status).toBe(201);
    for (let i = 0; i < 40; i++) {
      const incident = { type: 'Feature', properties: { category: 'traffic', occurred_at: '2021-05-23T09:15:00+07:00', severity: 1 }, geometry: { type: 'Point', coordinates: [105.771 + (i % 8) * 0.0024, 21.051 + Math.floor(i / 8) * 0.0035] } };
      expect((await t.req('/api/collections/incidents/items', { method: 'POST', json: incident })).status).toBe(201);
    }
    const p = await problemOf(await t.req('/api/analysis/hotspots?cell_size=100&distance_band=100000&study_area=wards'));
    expect(p).toMatchObject({ status: 400, type: 'application/problem+json' });
    expect(p.body.detail).toMatch(/larger cell_size or a smaller distance_band/);
    // The same analysis at a sane size is answered (on a worker thread).
    const ok = await t.req('/api/analysis/hotspots?cell_size=300&distance_band=600&study_area=wards');
    expect(ok.status).toBe(200);
    expect((await ok.json()).parameters.gi_status).toBe('ok');
  });
});
