/**
 * OGC API – Features, Part 1 (Core, GeoJSON, OpenAPI 3.0) for the five layers:
 * landing page, conformance, collections, items (bbox, limit, next links, datetime,
 * property filters) and single items with ETags.
 */
import type { Context } from 'hono';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { LAYER_IDS, LAYERS, type LayerId } from '../../core/layers.ts';
import { rowToJson } from '../db/rows.ts';
import type { AppDeps } from '../deps.ts';
import { demoNotice } from '../seed.ts';
import { endpoint, type Endpoint } from '../http/endpoint.ts';
import { baseUrl, collectionParams, CONFORMANCE, CRS84, etagMatches, etagOf, featureParams, GEOJSON, jsonWithEtag, OPENAPI } from '../http/ogc.ts';
import { HttpProblem } from '../http/problem.ts';
import { itemsQuery, type ItemsQuery } from '../http/query.ts';
import { ResponseCache } from '../http/response-cache.ts';
import { ERRORS, featureIdParam, filterParams, geojson, notModified } from '../openapi.ts';

async function collectionDoc(deps: AppDeps, base: string, layer: LayerId) {
  const def = LAYERS[layer];
  const ext = await deps.store.features.extent(layer);
  const lang = 'en';
  const notice = await demoNotice(deps.store);
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

const capability = (summary: string, operationId: string, description: string) => ({
  tags: ['Capabilities'],
  summary,
  operationId,
  responses: { '200': { description, content: { 'application/json': { schema: { type: 'object' } } } }, '304': notModified, ...ERRORS },
});

export function featureEndpoints(deps: AppDeps): Endpoint[] {
  const cache = new ResponseCache(deps.store, deps.config.caches.pageBytes, { admitOnSecondAsk: true });
  /** Distinguishes this process's ETags from an earlier one's (a restored backup may reach the same layer revision with other content). */
  const epoch = Date.now().toString(36);

  /**
   * The ETag of a page: the layer's revision (store.features.stamp: it changes with every write
   * to the layer, in this process or another) and the request URL (query, host: everything else
   * the body is made of). Weak, as the page's timeStamp differs between two answers of the same
   * content. Read before the rows: a write between the two then makes a tag older than the page
   * (a refetch next time), never a tag newer than it (which would answer 304 with stale data).
   * Was a SHA-1 of the whole page, most of the time of a cold bbox page of 1,000 features.
   */
  async function pageEtag(c: Context, layer: LayerId): Promise<{ etag: string; stamp: string }> {
    const stamp = await deps.store.features.stamp(layer);
    return { stamp, etag: `W/"${epoch}.${stamp}.${createHash('sha1').update(c.req.url).digest('base64url').slice(0, 16)}"` };
  }

  /** One page of items as GeoJSON, around the features' text as the store gives it: no parse and re-serialise of any feature. */
  async function itemsPage(c: Context, layer: LayerId, q: ItemsQuery) {
    const { features, numberReturned, numberMatched, room } = await deps.store.features.page(layer, q);
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
    if (q.offset + numberReturned < numberMatched) links.push({ href: page(q.offset + q.limit), rel: 'next', type: GEOJSON, title: 'Next page' });
    if (q.offset > 0) links.push({ href: page(Math.max(0, q.offset - q.limit)), rel: 'prev', type: GEOJSON, title: 'Previous page' });
    const head = `{"type":"FeatureCollection","numberMatched":${numberMatched},"numberReturned":${numberReturned},"links":${JSON.stringify(links)},"features":[`;
    const tail = `],"timeStamp":"${new Date().toISOString()}"}`;
    const headBytes = Buffer.byteLength(head);
    if (room && headBytes <= room.before && tail.length <= room.after) {
      // written around the texts where they are (FeaturePage.room): no copy of the page
      const framed = Buffer.from(features.buffer as ArrayBuffer, features.byteOffset - headBytes, headBytes + features.byteLength + tail.length);
      framed.write(head, 0);
      framed.write(tail, headBytes + features.byteLength, 'latin1');
      return framed;
    }
    const body = Buffer.allocUnsafe(headBytes + features.byteLength + tail.length);
    const at = body.write(head);
    body.set(features, at);
    body.write(tail, at + features.byteLength, 'latin1');
    return body;
  }

  return [
    endpoint({
      method: 'GET',
      path: '/',
      permission: 'read',
      doc: capability('Landing page', 'getLandingPage', 'Links to the API definition, conformance and collections'),
      handler: (c) => {
        const base = baseUrl(c, deps);
        return jsonWithEtag(c, {
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
      },
    }),

    endpoint({
      method: 'GET',
      path: '/conformance',
      permission: 'read',
      doc: capability('Conformance classes', 'getConformanceDeclaration', 'conformsTo'),
      handler: (c) => jsonWithEtag(c, { conformsTo: CONFORMANCE }),
    }),

    endpoint({
      method: 'GET',
      path: '/collections',
      permission: 'read',
      doc: capability('The five layers', 'getCollections', 'Collections'),
      handler: async (c) => {
        const base = baseUrl(c, deps);
        return jsonWithEtag(c, {
          links: [{ href: `${base}/collections`, rel: 'self', type: 'application/json', title: 'Collections' }],
          collections: await Promise.all(LAYER_IDS.map((l) => collectionDoc(deps, base, l))),
        });
      },
    }),

    endpoint({
      method: 'GET',
      path: '/collections/:collectionId',
      permission: 'read',
      params: collectionParams,
      doc: { perCollection: (layer, title) => ({
        tags: [title],
        summary: `Describe ${title}`,
        operationId: `describe-${layer}`,
        responses: { '200': { description: 'Collection metadata', content: { 'application/json': { schema: { $ref: '#/components/schemas/Collection' } } } }, '304': notModified, ...ERRORS },
      }) },
      handler: async (c, { params }) => jsonWithEtag(c, await collectionDoc(deps, baseUrl(c, deps), params.collectionId)),
    }),

    endpoint({
      method: 'GET',
      path: '/collections/:collectionId/items',
      permission: 'read',
      params: collectionParams,
      query: ({ collectionId }) => itemsQuery(collectionId),
      doc: { perCollection: (layer, title) => ({
        tags: [title],
        summary: `${title}: features`,
        operationId: `get-${layer}-items`,
        parameters: [
          { $ref: '#/components/parameters/bbox' },
          { $ref: '#/components/parameters/bbox-crs' },
          { $ref: '#/components/parameters/limit' },
          { $ref: '#/components/parameters/offset' },
          ...(LAYERS[layer].temporal ? [{ $ref: '#/components/parameters/datetime' }] : []),
          { $ref: '#/components/parameters/f' },
          ...filterParams(layer),
        ],
        responses: { '200': geojson('#/components/schemas/FeatureCollection', 'A page of features, with `next` link when more remain'), '304': notModified, ...ERRORS },
      }) },
      handler: async (c, { params, query: q }) => {
        const layer = params.collectionId;
        const hit = await cache.get(c.req.url);
        if (hit) return etagMatches(c, hit.etag.slice(2)) ? c.body(null, 304, { ETag: hit.etag }) : c.body(hit.body, 200, { 'Content-Type': GEOJSON, ETag: hit.etag });
        const { etag, stamp } = await pageEtag(c, layer);
        if (etagMatches(c, etag.slice(2))) return c.body(null, 304, { ETag: etag }); // known to the client: no rows read
        const body = await itemsPage(c, layer, q);
        // kept only when no write came in between: the page may hold it while the tag does not
        if ((await deps.store.features.stamp(layer)) === stamp) cache.set(c.req.url, { body, etag });
        return c.body(body, 200, { 'Content-Type': GEOJSON, ETag: etag });
      },
    }),

    endpoint({
      method: 'GET',
      path: '/collections/:collectionId/items/:featureId',
      permission: 'read',
      params: featureParams,
      // `f` is accepted as OGC clients send it; its value is not checked (both encodings are GeoJSON).
      query: z.strictObject({ f: z.string().optional() }),
      doc: { perCollection: (layer, title) => ({
        tags: [title],
        summary: 'One feature',
        operationId: `get-${layer}-item`,
        parameters: [featureIdParam, { $ref: '#/components/parameters/f' }],
        responses: { '200': { ...geojson(`#/components/schemas/${layer}-feature`, 'The feature; ETag = its version'), headers: { ETag: { schema: { type: 'string' } } } }, '304': notModified, ...ERRORS },
      }) },
      handler: async (c, { params }) => {
        const { collectionId: layer, featureId: id } = params;
        const row = await deps.store.features.get(layer, id);
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
      },
    }),
  ];
}
