/**
 * OGC API – Features, Part 1 (Core, GeoJSON, OpenAPI 3.0) for the five layers:
 * landing page, conformance, collections, items (bbox, limit, next links, datetime,
 * property filters) and single items with ETags.
 */
import { Hono, type Context } from 'hono';
import { createHash } from 'node:crypto';
import { LAYER_IDS, LAYERS, isLayerId, type LayerId } from '../../core/layers.ts';
import { getFeatureRow, layerExtent, listFeatureRows, rowToJson } from '../db/store.ts';
import type { AppDeps } from '../deps.ts';
import { demoNotice } from '../seed.ts';
import { HttpProblem } from '../http/problem.ts';
import { parseItemsQuery } from '../http/query.ts';
import { ResponseCache } from '../http/response-cache.ts';

export const GEOJSON = 'application/geo+json';
export const OPENAPI = 'application/vnd.oai.openapi+json;version=3.0';
export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete',
  'http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update',
  'http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/optimistic-locking-etags',
];

export function baseUrl(c: Context, deps: AppDeps): string {
  return (deps.config.baseUrl ?? new URL(c.req.url).origin).replace(/\/$/, '') + '/api';
}

export function layerOf(id: string): LayerId {
  if (!isLayerId(id)) throw new HttpProblem(404, `There is no collection "${id}". Collections are: ${LAYER_IDS.join(', ')}.`);
  return id;
}

export function featureIdOf(raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw new HttpProblem(404, `There is no feature "${raw}": feature ids are whole numbers.`);
  return Number(raw);
}

/** Strong ETag of a feature: its version. */
export const etagOf = (version: number) => `"${version}"`;

function collectionDoc(deps: AppDeps, base: string, layer: LayerId) {
  const def = LAYERS[layer];
  const ext = layerExtent(deps.db, layer);
  const lang = 'en';
  const notice = demoNotice(deps.db);
  return {
    id: layer,
    title: def.title[lang],
    description: `${def.description[lang]} — ${def.title.vi}${notice ? `. ${notice.en}` : ''}`,
    itemType: 'feature',
    crs: [CRS84],
    storageCrs: CRS84,
    extent: {
      spatial: { bbox: [ext.bbox ?? [102.1, 8.2, 109.5, 23.4]], crs: CRS84 },
      ...(ext.interval ? { temporal: { interval: [ext.interval], trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian' } } : {}),
    },
    links: [
      { href: `${base}/collections/${layer}`, rel: 'self', type: 'application/json', title: def.title[lang] },
      { href: `${base}/collections/${layer}/items`, rel: 'items', type: GEOJSON, title: `${def.title[lang]} (GeoJSON)` },
      { href: `${base}/collections/${layer}/export?format=csv`, rel: 'alternate', type: 'text/csv', title: 'CSV export' },
      { href: `${base}/collections/${layer}/export?format=kml`, rel: 'alternate', type: 'application/vnd.google-earth.kml+xml', title: 'KML export' },
    ],
  };
}

function etagMatches(c: Context, etag: string): boolean {
  const inm = c.req.header('if-none-match');
  return !!inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*');
}

function json(c: Context, body: unknown, type = 'application/json') {
  const text = JSON.stringify(body);
  const etag = `"${createHash('sha1').update(text).digest('base64url')}"`;
  if (etagMatches(c, etag)) return c.body(null, 304, { ETag: etag });
  return c.body(text, 200, { 'Content-Type': type, ETag: etag });
}

export function featureRoutes(deps: AppDeps) {
  const app = new Hono();

  app.get('/', (c) => {
    const base = baseUrl(c, deps);
    return json(c, {
      title: 'opsmap',
      description: 'Operations map: checkpoints, quarantine zones, polling stations and incidents (OGC API – Features)',
      links: [
        { href: `${base}`, rel: 'self', type: 'application/json', title: 'This document' },
        { href: `${base}/api`, rel: 'service-desc', type: OPENAPI, title: 'API definition (OpenAPI 3.0)' },
        { href: `${base}/api.html`, rel: 'service-doc', type: 'text/html', title: 'API documentation' },
        { href: `${base}/conformance`, rel: 'conformance', type: 'application/json', title: 'Conformance classes' },
        { href: `${base}/collections`, rel: 'data', type: 'application/json', title: 'Collections' },
      ],
    });
  });

  app.get('/conformance', (c) => json(c, { conformsTo: CONFORMANCE }));

  app.get('/collections', (c) => {
    const base = baseUrl(c, deps);
    return json(c, {
      links: [{ href: `${base}/collections`, rel: 'self', type: 'application/json', title: 'Collections' }],
      collections: LAYER_IDS.map((l) => collectionDoc(deps, base, l)),
    });
  });

  app.get('/collections/:collectionId', (c) => {
    const layer = layerOf(c.req.param('collectionId'));
    return json(c, collectionDoc(deps, baseUrl(c, deps), layer));
  });

  const cache = new ResponseCache(deps.db);

  app.get('/collections/:collectionId/items', (c) => {
    const layer = layerOf(c.req.param('collectionId'));
    const q = parseItemsQuery(layer, c.req.query());
    const hit = cache.get(c.req.url);
    const { body, etag } = hit ?? itemsPage(c, layer, q);
    if (!hit) cache.set(c.req.url, { body, etag });
    if (etagMatches(c, etag.slice(2))) return c.body(null, 304, { ETag: etag });
    return c.body(body, 200, { 'Content-Type': GEOJSON, ETag: etag });
  });

  /** One page of items as GeoJSON text, assembled from the stored text: no parse and re-serialise of every feature. */
  function itemsPage(c: Context, layer: LayerId, q: ReturnType<typeof parseItemsQuery>) {
    const { rows, numberMatched } = listFeatureRows(deps.db, layer, q);
    const base = baseUrl(c, deps);
    const self = new URL(c.req.url);
    const page = (offset: number) => {
      const u = new URL(`${base}/collections/${layer}/items`);
      self.searchParams.forEach((v, k) => k !== 'offset' && u.searchParams.set(k, v));
      u.searchParams.set('limit', String(q.limit));
      if (offset > 0) u.searchParams.set('offset', String(offset));
      return u.toString();
    };
    const links = [
      { href: page(q.offset), rel: 'self', type: GEOJSON, title: 'This page' },
      { href: `${base}/collections/${layer}`, rel: 'collection', type: 'application/json', title: LAYERS[layer].title.en },
    ];
    if (q.offset + rows.length < numberMatched) links.push({ href: page(q.offset + q.limit), rel: 'next', type: GEOJSON, title: 'Next page' });
    if (q.offset > 0) links.push({ href: page(Math.max(0, q.offset - q.limit)), rel: 'prev', type: GEOJSON, title: 'Previous page' });
    const head = `{"type":"FeatureCollection","numberMatched":${numberMatched},"numberReturned":${rows.length},"links":${JSON.stringify(links)},"features":[`;
    const featuresText = rows.map(rowToJson).join(',');
    const etag = `W/"${createHash('sha1').update(featuresText).update(String(numberMatched)).digest('base64url')}"`;
    return { body: Buffer.from(`${head}${featuresText}],"timeStamp":"${new Date().toISOString()}"}`), etag };
  }

  app.get('/collections/:collectionId/items/:featureId', (c) => {
    const layer = layerOf(c.req.param('collectionId'));
    const id = featureIdOf(c.req.param('featureId'));
    const q = c.req.query();
    const unknown = Object.keys(q).filter((k) => k !== 'f');
    if (unknown.length) throw new HttpProblem(400, `unknown query parameter ${unknown.map((k) => `"${k}"`).join(', ')}; a single feature accepts only f`);
    const row = getFeatureRow(deps.db, layer, id);
    if (!row) throw new HttpProblem(404, `There is no feature ${id} in ${layer}. It may have been deleted; its history is at /api/collections/${layer}/items/${id}/history.`);
    const etag = etagOf(row.version);
    if (etagMatches(c, etag)) return c.body(null, 304, { ETag: etag });
    const base = baseUrl(c, deps);
    const links = [
      { href: `${base}/collections/${layer}/items/${id}`, rel: 'self', type: GEOJSON, title: 'This feature' },
      { href: `${base}/collections/${layer}`, rel: 'collection', type: 'application/json', title: LAYERS[layer].title.en },
    ];
    const body = rowToJson(row).replace(/}$/, `,"links":${JSON.stringify(links)}}`);
    return c.body(body, 200, { 'Content-Type': GEOJSON, ETag: etag });
  });

  return app;
}
