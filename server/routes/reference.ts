/**
 * The reference map: roads and places imported from OpenStreetMap, as GeoJSON and as
 * vector tiles cut from the database, and the PMTiles street basemap (HTTP range requests).
 * Reference data is the base map of the whole district: only an admin replaces it.
 */
import type { Context } from 'hono';
import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { endpoint, type Endpoint } from '../http/endpoint.ts';
import { GEOJSON } from '../http/ogc.ts';
import { HttpProblem } from '../http/problem.ts';
import { flagParam, fromParser, parseBbox } from '../http/query.ts';
import { IoError } from '../io/errors.ts';
import { DEFAULT_LIMITS } from '../io/limits.ts';
import { isReferenceLayer, OSM_ATTRIBUTION, readReferenceFile, referenceLayers, REFERENCE_LAYERS, type ReferenceLayer, type ReferenceLayerInfo } from '../io/reference.ts';
import { param as q, problemResponse } from '../openapi.ts';
import { MVT, serveTile } from '../http/tile.ts';
import { parseRange, pmtilesPath, readBytes } from '../tiles/pmtiles-file.ts';
import { ReferenceTiles, TILE_MAX_ZOOM } from '../tiles/vector-tiles.ts';

const layerOf = (s: string): ReferenceLayer => {
  if (!isReferenceLayer(s)) throw new HttpProblem(404, `There is no reference layer "${s}". Reference layers are: ${REFERENCE_LAYERS.join(', ')}.`);
  return s;
};
const layerParams = z.object({ layer: fromParser(layerOf) });

// Other parameters are let through, as they always were: these two routes are not OGC API.
const ItemsQuery = z.looseObject({ bbox: fromParser((raw) => (raw ? parseBbox(raw) : undefined)).optional(), limit: fromParser((raw) => {
    // `limit=-5` answered numberReturned: -1; a limit is a whole number from 1.
    if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) throw new HttpProblem(400, `limit must be a whole number of at least 1, not "${raw}"`);
    return Math.min(Number(raw), 100_000);
  }).optional() });
const ImportQuery = z.looseObject({ append: flagParam('append'), filename: z.string().optional() });

const problemRef = problemResponse('Problem');
const layer = { name: 'layer', in: 'path', required: true, schema: { type: 'string', enum: [...REFERENCE_LAYERS] } };
const tags = ['Reference map'];

export function referenceEndpoints(deps: AppDeps): Endpoint[] {
  const { store } = deps;
  const tiles = new ReferenceTiles(store, deps.config.caches.referenceTileBytes);

  // counting and bounding the layers scans them (a few ms): recomputed only when they may have changed
  let layersInfo = { stamp: '', value: [] as ReferenceLayerInfo[] };

  const basemap = (c: Context, head: boolean) => {
    const file = pmtilesPath();
    if (!file) throw new HttpProblem(404, 'There is no PMTiles basemap. Put one at data/basemap.pmtiles or set OPSMAP_PMTILES (see the README, "Street basemap").');
    const size = statSync(file).size;
    const r = parseRange(c.req.header('range'), size);
    const common = { 'Accept-Ranges': 'bytes', 'Content-Type': 'application/vnd.pmtiles', ETag: `"${size}-${statSync(file).mtimeMs}"` };
    if (r.status === 416) return c.body(null, 416, { ...common, 'Content-Range': `bytes */${size}` });
    const headers = { ...common, 'Content-Length': String(r.end - r.start + 1), ...(r.status === 206 ? { 'Content-Range': `bytes ${r.start}-${r.end}/${size}` } : {}) };
    if (head) return c.body(null, r.status, headers);
    if (r.status === 206) return c.body(readBytes(file, r.start, r.end) as Uint8Array<ArrayBuffer>, 206, headers);
    return c.body(Readable.toWeb(createReadStream(file)) as ReadableStream, 200, headers);
  };

  return [
    endpoint({
      method: 'GET',
      path: '/reference',
      permission: 'read',
      doc: { tags, summary: 'Reference layers (roads, places), their extent and attribution, and the PMTiles basemap if there is one', operationId: 'getReferenceLayers', responses: { '200': { description: 'Layers', content: { 'application/json': { schema: { type: 'object' } } } } } },
      handler: async (c) => {
        const basemap = pmtilesPath();
        const stamp = await store.reference.stamp();
        if (stamp !== layersInfo.stamp) layersInfo = { stamp, value: await referenceLayers(store) };
        return c.json({ layers: layersInfo.value, attribution: OSM_ATTRIBUTION, basemap: basemap ? { url: '/api/basemap.pmtiles', protocol: 'pmtiles' } : null, tiles: { url: '/api/tiles/{layer}/{z}/{x}/{y}.pbf', maxzoom: TILE_MAX_ZOOM } });
      },
    }),

    endpoint({
      method: 'GET',
      path: '/reference/:layer/items',
      permission: 'read',
      params: layerParams,
      query: ItemsQuery,
      doc: {
        tags,
        summary: 'Features of a reference layer as GeoJSON',
        operationId: 'getReferenceItems',
        parameters: [layer, { $ref: '#/components/parameters/bbox' }, q('limit', 'At most this many features.', { type: 'integer', minimum: 1, maximum: 100000 })],
        responses: { '200': { description: 'GeoJSON', content: { 'application/geo+json': { schema: { $ref: '#/components/schemas/FeatureCollection' } } } }, '404': problemRef },
      },
      handler: async (c, { params, query: q }) => {
        const bbox = q.bbox;
        const limit = q.limit ?? 10_000;
        const features = await store.reference.read(params.layer, bbox);
        return c.body(JSON.stringify({ type: 'FeatureCollection', features: features.slice(0, limit), numberMatched: features.length, numberReturned: Math.min(limit, features.length) }), 200, { 'Content-Type': GEOJSON });
      },
    }),

    endpoint({
      method: 'POST',
      path: '/reference/:layer/import',
      permission: 'admin',
      params: layerParams,
      query: ImportQuery,
      doc: {
        tags,
        summary: 'Import roads or places from OSM-derived GeoJSON or OSM XML; replaces the layer unless append=true',
        operationId: 'importReference',
        parameters: [layer, q('append', 'Add to the layer instead of replacing it.', { type: 'boolean' }), q('filename', 'Original file name (.osm or .geojson), to tell the format.', { type: 'string' })],
        requestBody: { required: true, content: { 'application/geo+json': { schema: { type: 'object' } }, 'application/xml': { schema: { type: 'string' } } } },
        responses: { '200': { description: 'Counts and warnings', content: { 'application/json': { schema: { type: 'object' } } } }, '400': problemRef, '413': problemRef },
      },
      handler: async (c, { params: { layer }, query: q }) => {
        const data = new Uint8Array(await c.req.arrayBuffer());
        if (data.length === 0) throw new HttpProblem(400, 'The request body is empty; send a GeoJSON or OSM XML file.');
        if (data.length > DEFAULT_LIMITS.maxWholeFileBytes) throw new HttpProblem(413, 'The file is larger than the import limit; cut the region smaller (e.g. osmium extract -b).');
        const type = (c.req.header('content-type') ?? '').toLowerCase();
        const filename = q.filename ?? (type.includes('xml') ? 'upload.osm' : 'upload.geojson');
        try {
          const read = readReferenceFile(layer, data, DEFAULT_LIMITS, filename);
          if (read.features.length === 0) throw new HttpProblem(400, `The file holds no ${layer === 'roads' ? 'road lines' : 'places of interest'}; nothing was imported.`, { warnings: read.warnings });
          const r = await store.reference.import(layer, read.features, { append: q.append });
          return c.json({ layer, ...r, skipped: read.skipped, warnings: read.warnings }, 200);
        } catch (e) {
          if (e instanceof IoError) throw new HttpProblem(e.kind === 'too_large' ? 413 : e.kind === 'unsupported' ? 415 : 400, e.message);
          throw e;
        }
      },
    }),

    endpoint({
      method: 'GET',
      path: '/tiles/:layer/:z/:x/:y{[0-9]+\\.pbf}',
      docPath: '/tiles/{layer}/{z}/{x}/{y}.pbf',
      permission: 'read',
      params: layerParams.extend({ z: z.string(), x: z.string(), y: z.string() }),
      doc: {
        tags,
        summary: `Mapbox Vector Tile of a reference layer (zoom 0–${TILE_MAX_ZOOM}; the map overzooms beyond)`,
        operationId: 'getReferenceTile',
        parameters: [
          layer,
          { name: 'z', in: 'path', required: true, schema: { type: 'integer', minimum: 0, maximum: TILE_MAX_ZOOM } },
          { name: 'x', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } },
          { name: 'y', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } },
        ],
        responses: { '200': { description: 'Tile', content: { [MVT]: { schema: { type: 'string', format: 'binary' } } } }, '304': { description: 'Not modified' }, '404': problemRef },
      },
      handler: (c, { params }) => serveTile(c, tiles, params.layer, params, TILE_MAX_ZOOM),
    }),

    endpoint({
      method: 'GET',
      path: '/basemap.pmtiles',
      permission: 'read',
      doc: {
        tags,
        summary: 'The PMTiles basemap file (HTTP range requests), when one is installed',
        operationId: 'getBasemap',
        parameters: [{ name: 'Range', in: 'header', required: false, schema: { type: 'string' } }],
        responses: { '200': { description: 'Whole file', content: { 'application/vnd.pmtiles': { schema: { type: 'string', format: 'binary' } } } }, '206': { description: 'Byte range', content: { 'application/vnd.pmtiles': { schema: { type: 'string', format: 'binary' } } } }, '404': problemRef, '416': { description: 'Range not satisfiable' } },
      },
      handler: (c) => basemap(c, c.req.method === 'HEAD'),
    }),
  ];
}
