/**
 * Thousands of random and malformed requests (bodies, queries, paths, uploaded files),
 * generated with fast-check, all signed in as an admin so that they reach the routes'
 * own parsing: every answer must be a 4xx problem document — never a 5xx, never a
 * success — and the database must be exactly as before.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYER_IDS } from '../../core/layers.ts';
import { checkpoint, makeTestApp, WARD_A, type TestApp } from '../support/app.ts';

let t: TestApp;
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = makeTestApp();
  const seed = {
    wards: WARD_A,
    checkpoints: checkpoint(105.78, 21.06),
    incidents: { type: 'Feature', properties: { category: 'traffic', occurred_at: '2021-05-23T09:15:00+07:00', severity: 1 }, geometry: { type: 'Point', coordinates: [105.78, 21.06] } },
  };
  for (const [layer, f] of Object.entries(seed)) {
    const res = await t.req(`/api/collections/${layer}/items`, { method: 'POST', json: f });
    expect(res.status).toBe(201);
    ids[layer] = ((await res.json()) as { id: number }).id;
  }
});
afterAll(() => t.close());

/** Everything a request could change, except the token's last-use time (noted at most once a minute). */
async function snapshot(): Promise<string> {
  const all = async (q: string) => JSON.stringify(await t.sql(q));
  return (await Promise.all([
    all('SELECT * FROM features ORDER BY id'),
    all('SELECT * FROM audit ORDER BY id'),
    all('SELECT * FROM reference_features ORDER BY id'),
    all('SELECT id, name, role, password_hash, scope, disabled, failed_logins, locked_until FROM users ORDER BY id'),
    all('SELECT * FROM sessions ORDER BY id'),
    all('SELECT id, user_id, name, token_hash, expires_at FROM api_tokens ORDER BY id'),
  ])).join('\n');
}

const isObject = (text: string) => {
  try {
    const v = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
};

/** A geometry no layer accepts: wrong type, coordinates off the globe or not numbers, rings too short or open. */
const badGeometry = fc.oneof(
  fc.record({ type: fc.constantFrom('Point', 'MultiPoint'), coordinates: fc.tuple(fc.double({ min: 180.000001, max: 1e308, noNaN: true }), fc.double()) }),
  fc.record({ type: fc.constant('Point'), coordinates: fc.oneof(fc.constant([]), fc.array(fc.string(), { minLength: 2, maxLength: 3 }), fc.constant(null)) }),
  fc.record({ type: fc.constant('Polygon'), coordinates: fc.array(fc.array(fc.tuple(fc.double({ min: -1, max: 1 }), fc.double({ min: -1, max: 1 })), { maxLength: 3 }), { maxLength: 3 }) }),
  fc.record({ type: fc.constantFrom('LineString', 'GeometryCollection', 'Blah', ''), coordinates: fc.jsonValue() }),
  fc.jsonValue().filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
);

/** Bodies that no write accepts. */
const badBody = fc.oneof(
  // JSON that is not an object
  fc.jsonValue().filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)).map((v) => JSON.stringify(v)),
  // text and bytes that are not JSON objects
  fc.string({ maxLength: 200 }).filter((s) => !isObject(s)),
  fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b).toString('latin1')).filter((s) => !isObject(s)),
  // nested deeper than any GeoJSON
  fc.integer({ min: 33, max: 20_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.integer({ min: 33, max: 5_000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
  // features with a broken geometry or mistyped properties
  fc.record({ type: fc.constant('Feature'), geometry: badGeometry, properties: fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 })) }).map((v) => JSON.stringify(v)),
  fc.record({ type: fc.constant('Feature'), properties: fc.record({ name: fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.string())), status: fc.integer(), category: fc.integer(), code: fc.double() }) }).map((v) => JSON.stringify(v)),
  fc.record({ type: fc.constant('Feature'), properties: fc.oneof(fc.array(fc.jsonValue()), fc.string(), fc.integer()) }).map((v) => JSON.stringify(v)),
);

const contentType = fc.constantFrom('application/json', 'application/geo+json', 'application/merge-patch+json', 'text/plain', 'application/xml', 'multipart/form-data; boundary=x', '');
const ifMatch = fc.constantFrom(undefined, '"1"', 'W/"1"', '"999"', 'garbage', '*');

const write = fc.record({
  target: fc.oneof(
    fc.constantFrom(...LAYER_IDS).map((l) => ({ method: 'POST', path: `/api/collections/${l}/items` })),
    fc.tuple(fc.constantFrom('PUT', 'PATCH'), fc.constantFrom('wards', 'checkpoints', 'incidents')).map(([method, l]) => ({ method, path: `/api/collections/${l}/items/${ids[l]}` })),
    fc.constantFrom('wards', 'checkpoints', 'incidents').map((l) => ({ method: 'POST', path: `/api/collections/${l}/items/${ids[l]}/restore` })),
    fc.constant({ method: 'POST', path: '/api/auth/login' }),
    fc.constant({ method: 'POST', path: '/api/admin/users' }),
    fc.constantFrom('roads', 'pois').map((l) => ({ method: 'POST', path: `/api/reference/${l}/import` })),
  ),
  body: badBody,
  contentType,
  ifMatch,
});

/** A value no parameter accepts: it starts with a letter where a number, date or known word is expected. */
const junk = fc.string({ maxLength: 30 }).map((s) => `x${s}`);
const queryParams = fc.oneof(
  fc.tuple(fc.constantFrom('bbox', 'limit', 'offset', 'datetime', 'f', 'bbox-crs'), junk),
  fc.tuple(fc.constantFrom('status', 'kind', 'category', 'level', 'on_border'), junk),
  fc.tuple(fc.string({ minLength: 1, maxLength: 20 }).map((k) => `zz${k}`), fc.string({ maxLength: 30 })),
  fc.tuple(fc.constant('limit'), fc.integer({ min: -1_000_000, max: 0 }).map(String)),
  // whole numbers too large to be exact (2^53 and beyond; SQLite refused 2^63 with a 500)
  fc.tuple(fc.constant('offset'), fc.bigInt({ min: 2n ** 53n, max: 2n ** 80n }).map(String)),
  fc.tuple(fc.constant('bbox'), fc.array(fc.double(), { minLength: 0, maxLength: 7 }).filter((a) => a.length !== 4 && a.length !== 6).map((a) => a.join(','))),
);
const read = fc.record({
  path: fc.constantFrom(...LAYER_IDS.map((l) => `/api/collections/${l}/items`), '/api/analysis/hotspots', '/api/analysis/crossings', '/api/admin/audit'),
  params: fc.array(queryParams, { minLength: 1, maxLength: 4 }),
});

const segment = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !(LAYER_IDS as readonly string[]).includes(s) && s !== '.' && s !== '..');
const strayPath = fc.oneof(
  fc.tuple(segment, fc.string({ maxLength: 12 })).map(([c, id]) => `/api/collections/${encodeURIComponent(c)}/items/${encodeURIComponent(id)}`),
  fc.tuple(fc.constantFrom(...LAYER_IDS), fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !/^\d+$/.test(s.trim()))).map(([l, id]) => `/api/collections/${l}/items/${encodeURIComponent(id)}`),
  fc.tuple(fc.constantFrom(...LAYER_IDS), fc.integer({ min: 1000, max: 2 ** 53 })).map(([l, id]) => `/api/collections/${l}/items/${id}`),
  segment.map((s) => `/api/${encodeURIComponent(s)}`),
);

/** Paths to the client's files that are not valid percent-encoding or hold a NUL. */
const clientPath = fc.oneof(
  fc.tuple(fc.string({ maxLength: 10 }).map(encodeURIComponent), fc.constantFrom('%', '%0', '%G1', '%E0%A4%A', '%C0%AF', '%00', '%2e%2e%00', '%FF')).map(([a, b]) => `/${a}${b}`),
  fc.array(fc.constantFrom('%', '%00', '%zz', 'a', '..', '%2F'), { minLength: 1, maxLength: 6 }).map((parts) => `/${parts.join('')}`).filter((p) => /%(?![0-9A-Fa-f]{2})|%00/.test(p)),
);

/** Character references that name no Unicode scalar value. */
const badReference = fc.oneof(
  fc.integer({ min: 0x110000, max: 0x7fffffff }).map((n) => `&#x${n.toString(16)};`),
  fc.integer({ min: 0x110000, max: Number.MAX_SAFE_INTEGER }).map((n) => `&#${n};`),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((n) => `&#x${n.toString(16)};`),
  fc.constantFrom('&#0;', '&#x0;', '&#99999999999999999999999;'),
);

/** Files no import accepts: random bytes, truncated or corrupted zips, broken XML, JSON and CSV. */
const badFile = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 2000 }),
  fc.uint8Array({ maxLength: 500 }).map((b) => Buffer.concat([Buffer.from('PK\x03\x04'), b])),
  fc.string({ maxLength: 300 }).map((s) => Buffer.from(`<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark>${s}`)),
  fc.string({ maxLength: 300 }).map((s) => Buffer.from(`{"type":"FeatureCollection","features":[${s}`)),
  fc.array(fc.array(fc.string({ maxLength: 8 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }).map((rows) => Buffer.from(rows.map((r) => r.join(',')).join('\n'))),
);
const upload = fc.record({
  layer: fc.constantFrom(...LAYER_IDS),
  file: badFile,
  format: fc.constantFrom(undefined, 'geojson', 'csv', 'kml', 'shapefile', 'zip', 'xlsx'),
});

async function expectProblem(res: Response, what: string) {
  const text = await res.text();
  if (res.status < 400 || res.status >= 500) throw new Error(`${what}: expected a 4xx, got ${res.status} ${text.slice(0, 300)}`);
  if (res.headers.get('content-type') !== 'application/problem+json') throw new Error(`${what}: ${res.status} with content-type ${res.headers.get('content-type')}`);
  const p = JSON.parse(text);
  if (p.status !== res.status || typeof p.title !== 'string' || typeof p.detail !== 'string') throw new Error(`${what}: not a problem document: ${text.slice(0, 300)}`);
  if (/\n\s+at /.test(text)) throw new Error(`${what}: a stack trace in the answer`);
}


/**
 * A fixed seed keeps CI reproducible (a failure names its seed and replays); set FUZZ_SEED to
 * explore other inputs, e.g. `FUZZ_SEED=$RANDOM npx vitest run test/api/fuzz.test.ts`.
 */
const RUN = { seed: Number(process.env.FUZZ_SEED ?? 20210523) };
/** Requests sent by the properties above (fast-check may add shrinking runs on a failure). */
let sent = 0;

describe('fuzzing the API with malformed requests', () => {
  it('answers every malformed write with a 4xx problem and changes nothing', async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(write, async ({ target, body, contentType, ifMatch }) => {
        const headers: Record<string, string> = {};
        if (contentType) headers['content-type'] = contentType;
        if (ifMatch) headers['if-match'] = ifMatch;
        sent++;
        const res = await t.req(target.path, { method: target.method, headers, body });
        await expectProblem(res, `${target.method} ${target.path} ${contentType} ${body.slice(0, 80)}`);
      }),
      { numRuns: 3500, ...RUN },
    );
    expect(await snapshot()).toBe(before);
  });

  it('answers every malformed uploaded file with a 4xx problem and imports nothing', async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(upload, async ({ layer, file, format }) => {
        const path = `/api/collections/${layer}/import${format ? `?format=${format}` : ''}`;
        sent++;
        const res = await t.req(path, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: file });
        await expectProblem(res, `POST ${path} ${file.subarray(0, 40).toString('latin1')}`);
      }),
      { numRuns: 1000, ...RUN },
    );
    expect(await snapshot()).toBe(before);
    // KML and zip uploads go to the import thread (server/io/run-import.ts): a hand-off per file.
  }, 120_000);

  it('answers every malformed query with a 4xx problem', async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(read, async ({ path, params }) => {
        const q = new URLSearchParams(params);
        sent++;
        const res = await t.req(`${path}?${q}`);
        await expectProblem(res, `GET ${path}?${q}`);
      }),
      { numRuns: 2500, ...RUN },
    );
    expect(await snapshot()).toBe(before);
  });

  it('answers every stray path with a 4xx problem', async () => {
    await fc.assert(
      fc.asyncProperty(strayPath, fc.constantFrom('GET', 'DELETE', 'PUT'), async (path, method) => {
        sent++;
        const res = await t.req(path, { method, headers: { 'if-match': '"1"', 'content-type': 'application/json' }, body: method === 'PUT' ? '{}' : undefined });
        await expectProblem(res, `${method} ${path}`);
      }),
      { numRuns: 1500, ...RUN },
    );
  });

  it('answers every malformed client path, before signing in, with a 4xx problem (issue 15 #6: GET /% was a 500)', async () => {
    await fc.assert(
      fc.asyncProperty(clientPath, async (path) => {
        sent++;
        const res = await t.req(path, { as: 'anonymous' });
        await expectProblem(res, `GET ${path}`);
      }),
      { numRuns: 1000, ...RUN },
    );
  });

  it('answers every OSM file with a broken character reference with a 4xx problem and imports nothing', async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(badReference, fc.constantFrom('roads', 'pois'), async (ref, layer) => {
        const osm = `<?xml version="1.0"?><osm version="0.6"><node id="1" lat="21.05" lon="105.77"><tag k="amenity" v="school"/><tag k="name" v="x${ref}"/></node></osm>`;
        sent++;
        const res = await t.req(`/api/reference/${layer}/import`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: osm });
        await expectProblem(res, `OSM with ${ref}`);
      }),
      { numRuns: 500, ...RUN },
    );
    expect(await snapshot()).toBe(before);
  });

  it('sent at least 10,000 inputs in all', () => {
    expect(sent).toBeGreaterThanOrEqual(10_000);
  });

  it('still has the layers it started with', async () => {
    expect((await t.sql<{ collection: string; n: number }>('SELECT collection, count(*) AS n FROM features GROUP BY collection ORDER BY collection')).map((r) => ({ ...r, n: Number(r.n) }))).toEqual([
      { collection: 'checkpoints', n: 1 },
      { collection: 'incidents', n: 1 },
      { collection: 'wards', n: 1 },
    ]);
  });
});
