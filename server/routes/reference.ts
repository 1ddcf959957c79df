/**
 * The reference map and border-crossing planning:
 *  - GET  /reference                      layers, counts, attribution, basemap
 *  - GET  /reference/{layer}/items        GeoJSON (bbox, limit)
 *  - POST /reference/{layer}/import       GeoJSON or OSM XML body; replaces the layer (append=true adds)
 *  - GET  /tiles/{layer}/{z}/{x}/{y}.pbf  vector tiles cut from the database
 *  - GET  /basemap.pmtiles                the PMTiles basemap, with HTTP range requests
 *  - GET  /analysis/crossings             road × ward-border crossings with checkpoint coverage
 */
import { Hono, type Context } from 'hono';
import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { Feature, Point } from 'geojson';
import { findCrossings, isMainRoad, type Crossing, type RoadFeature, type WardInput } from '../../core/geometry/crossings.ts';
import { checkpointsInForce, filterCrossings, isCovered, suggestCheckpoint, summariseByWard, withNearestCheckpoint } from '../../core/geometry/crossing-coverage.ts';
import { isoDate } from '../../core/layers.ts';
import type { AppDeps } from '../deps.ts';
import { listFeatures } from '../db/store.ts';
import { HttpProblem } from '../http/problem.ts';
import { parseBbox } from '../http/query.ts';
import { IoError } from '../io/errors.ts';
import { DEFAULT_LIMITS } from '../io/limits.ts';
import { importReference, isReferenceLayer, OSM_ATTRIBUTION, readReference, readReferenceFile, referenceLayers, referenceStamp, REFERENCE_LAYERS, type ReferenceLayer } from '../io/reference.ts';
import { extraPaths } from '../openapi.ts';
import { parseRange, pmtilesPath, readBytes } from '../tiles/pmtiles-file.ts';
import { ReferenceTiles, TILE_MAX_ZOOM } from '../tiles/vector-tiles.ts';
import { GEOJSON } from './features.ts';

const layerOf = (s: string): ReferenceLayer => {
  if (!isReferenceLayer(s)) throw new HttpProblem(404, `There is no reference layer "${s}". Reference layers are: ${REFERENCE_LAYERS.join(', ')}.`);
  return s;
};

function intParam(raw: string, name: string, max: number): number {
  if (!/^\d{1,9}$/.test(raw) || Number(raw) > max) throw new HttpProblem(404, `Tile ${name} "${raw}" is out of range (0–${max}).`);
  return Number(raw);
}

function flag(raw: string | undefined, name: string): boolean {
  if (raw === undefined || raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw new HttpProblem(400, `${name} must be true or false, not "${raw}".`);
}

const CROSSING_PARAMS = ['main_only', 'district_only', 'uncovered_within', 'cover_m', 'as_of'];

/** Crossings depend on the roads and the wards only; computed once per version of both. */
class CrossingsCache {
  private key = '';
  private value: Crossing[] = [];
  constructor(private deps: AppDeps, private tiles: ReferenceTiles) {}

  get(): Crossing[] {
    const w = this.deps.db.orm.get<{ n: number; m: number | null; u: string | null }>(sql`SELECT count(*) AS n, max(id) AS m, max(updated_at) AS u FROM features WHERE collection = 'wards'`)!;
    const key = `${this.tiles.version('roads')}|${w.n}-${w.m}-${w.u}`;
    if (key !== this.key) {
      const wards: WardInput[] = listFeatures(this.deps.db, 'wards', { limit: 1_000_000 }).features.map((f) => ({
        code: String(f.properties!.code),
        name: String(f.properties!.name),
        district: String(f.properties!.district),
        geometry: f.geometry as WardInput['geometry'],
      }));
      this.value = findCrossings(readReference(this.deps.db, 'roads') as RoadFeature[], wards);
      this.key = key;
    }
    return this.value;
  }
}

export function referenceRoutes(deps: AppDeps) {
  const app = new Hono();
  const { db } = deps;
  const tiles = new ReferenceTiles(db);
  const crossings = new CrossingsCache(deps, tiles);

  // counting and bounding the layers scans them (a few ms): recomputed only when they may have changed
  let layersInfo = { stamp: '', value: [] as ReturnType<typeof referenceLayers> };
  app.get('/reference', (c) => {
    const basemap = pmtilesPath();
    const stamp = referenceStamp(db);
    if (stamp !== layersInfo.stamp) layersInfo = { stamp, value: referenceLayers(db) };
    return c.json({ layers: layersInfo.value, attribution: OSM_ATTRIBUTION, basemap: basemap ? { url: '/api/basemap.pmtiles', protocol: 'pmtiles' } : null, tiles: { url: '/api/tiles/{layer}/{z}/{x}/{y}.pbf', maxzoom: TILE_MAX_ZOOM } });
  });

  app.get('/reference/:layer/items', (c) => {
    const layer = layerOf(c.req.param('layer'));
    const q = c.req.query();
    const bbox = q.bbox ? parseBbox(q.bbox) : undefined;
    const limit = Math.min(Number(q.limit ?? 10_000) || 10_000, 100_000);
    const features = readReference(db, layer, bbox);
    return c.body(JSON.stringify({ type: 'FeatureCollection', features: features.slice(0, limit), numberMatched: features.length, numberReturned: Math.min(limit, features.length) }), 200, { 'Content-Type': GEOJSON });
  });

  app.post('/reference/:layer/import', async (c) => {
    const layer = layerOf(c.req.param('layer'));
    const data = new Uint8Array(await c.req.arrayBuffer());
    if (data.length === 0) throw new HttpProblem(400, 'The request body is empty; send a GeoJSON or OSM XML file.');
    if (data.length > DEFAULT_LIMITS.maxFileBytes) throw new HttpProblem(413, 'The file is larger than the import limit; cut the region smaller (e.g. osmium extract -b).');
    const type = (c.req.header('content-type') ?? '').toLowerCase();
    const filename = c.req.query('filename') ?? (type.includes('xml') ? 'upload.osm' : 'upload.geojson');
    try {
      const read = readReferenceFile(layer, data, DEFAULT_LIMITS, filename);
      if (read.features.length === 0) throw new HttpProblem(400, `The file holds no ${layer === 'roads' ? 'road lines' : 'places of interest'}; nothing was imported.`, { warnings: read.warnings });
      const r = importReference(db, layer, read.features, { append: flag(c.req.query('append'), 'append') });
      return c.json({ layer, ...r, skipped: read.skipped, warnings: read.warnings }, 200);
    } catch (e) {
      if (e instanceof IoError) throw new HttpProblem(e.kind === 'too_large' ? 413 : e.kind === 'unsupported' ? 415 : 400, e.message);
      throw e;
    }
  });

  app.get('/tiles/:layer/:z/:x/:y{[0-9]+\\.pbf}', (c) => {
    const layer = layerOf(c.req.param('layer'));
    const z = intParam(c.req.param('z'), 'zoom', TILE_MAX_ZOOM);
    const x = intParam(c.req.param('x'), 'x', 2 ** z - 1);
    const y = intParam(c.req.param('y').replace(/\.pbf$/, ''), 'y', 2 ** z - 1);
    const etag = `"${layer}-${tiles.version(layer)}"`;
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, { ETag: etag });
    const body = tiles.tile(layer, z, x, y);
    return c.body(body as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'application/vnd.mapbox-vector-tile', ETag: etag, 'Cache-Control': 'no-cache' });
  });

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
  app.get('/basemap.pmtiles', (c) => basemap(c, c.req.method === 'HEAD'));

  app.get('/analysis/crossings', (c) => {
    const q = c.req.query();
    for (const k of Object.keys(q)) if (!CROSSING_PARAMS.includes(k)) throw new HttpProblem(400, `Unknown parameter "${k}". Parameters are: ${CROSSING_PARAMS.join(', ')}.`);
    const metres = (name: string, raw: string | undefined) => {
      if (raw === undefined || raw === '') return undefined;
      const n = Number(raw);
      if (!Number.isFinite(n) || n < 0 || n > 100_000) throw new HttpProblem(400, `${name} must be a distance in metres (0–100000), not "${raw}".`);
      return n;
    };
    const asOf = q.as_of || undefined;
    if (asOf && !isoDate.safeParse(asOf).success) throw new HttpProblem(400, `as_of must be a date written YYYY-MM-DD, not "${asOf}".`);
    const uncovered = metres('uncovered_within', q.uncovered_within);
    const coverM = metres('cover_m', q.cover_m) ?? uncovered ?? 200;

    const cps = listFeatures(db, 'checkpoints', { limit: 1_000_000 }).features as (Feature<Point> & { id: number })[];
    const all = withNearestCheckpoint(crossings.get(), checkpointsInForce(cps, asOf));
    const shown = filterCrossings(all, { mainOnly: flag(q.main_only, 'main_only'), districtOnly: flag(q.district_only, 'district_only'), uncoveredWithin: uncovered });
    const features = shown.map((x, i) => ({
      type: 'Feature',
      id: i + 1,
      geometry: { type: 'Point', coordinates: x.coordinates },
      properties: {
        from_code: x.from.code,
        from_name: x.from.name,
        from_district: x.from.district,
        to_code: x.to.code,
        to_name: x.to.name,
        to_district: x.to.district,
        district_border: x.district_border,
        road_name: x.road.name,
        road_ref: x.road.ref,
        road_class: x.road.class,
        main_road: isMainRoad(x.road.class),
        nearest_checkpoint_id: x.nearest?.id ?? null,
        nearest_checkpoint_name: x.nearest?.name ?? null,
        nearest_checkpoint_m: x.nearest?.distance_m ?? null,
        covered: isCovered(x, coverM),
        suggested: suggestCheckpoint(x),
      },
    }));
    return c.body(
      JSON.stringify({
        type: 'FeatureCollection',
        features,
        numberMatched: features.length,
        total: all.length,
        cover_m: coverM,
        as_of: asOf ?? null,
        // the summary is over every crossing, so filtering the list does not change a ward's figures
        summary: summariseByWard(all, coverM),
      }),
      200,
      { 'Content-Type': GEOJSON },
    );
  });

  return app;
}

const problemRef = { description: 'Problem', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
const q = (name: string, description: string, schema: Record<string, unknown>) => ({ name, in: 'query', required: false, description, schema });

extraPaths.push(() => ({
  '/reference': { get: { tags: ['Reference map'], summary: 'Reference layers (roads, places), their extent and attribution, and the PMTiles basemap if there is one', operationId: 'getReferenceLayers', responses: { '200': { description: 'Layers', content: { 'application/json': { schema: { type: 'object' } } } } } } },
  '/reference/{layer}/items': {
    get: {
      tags: ['Reference map'],
      summary: 'Features of a reference layer as GeoJSON',
      operationId: 'getReferenceItems',
      parameters: [{ name: 'layer', in: 'path', required: true, schema: { type: 'string', enum: [...REFERENCE_LAYERS] } }, { $ref: '#/components/parameters/bbox' }, q('limit', 'At most this many features.', { type: 'integer', minimum: 1, maximum: 100000 })],
      responses: { '200': { description: 'GeoJSON', content: { 'application/geo+json': { schema: { $ref: '#/components/schemas/FeatureCollection' } } } }, '404': problemRef },
    },
  },
  '/reference/{layer}/import': {
    post: {
      tags: ['Reference map'],
      summary: 'Import roads or places from OSM-derived GeoJSON or OSM XML; replaces the layer unless append=true',
      operationId: 'importReference',
      parameters: [{ name: 'layer', in: 'path', required: true, schema: { type: 'string', enum: [...REFERENCE_LAYERS] } }, q('append', 'Add to the layer instead of replacing it.', { type: 'boolean' }), q('filename', 'Original file name (.osm or .geojson), to tell the format.', { type: 'string' })],
      requestBody: { required: true, content: { 'application/geo+json': { schema: { type: 'object' } }, 'application/xml': { schema: { type: 'string' } } } },
      responses: { '200': { description: 'Counts and warnings', content: { 'application/json': { schema: { type: 'object' } } } }, '400': problemRef, '413': problemRef },
    },
  },
  '/tiles/{layer}/{z}/{x}/{y}.pbf': {
    get: {
      tags: ['Reference map'],
      summary: `Mapbox Vector Tile of a reference layer (zoom 0–${TILE_MAX_ZOOM}; the map overzooms beyond)`,
      operationId: 'getReferenceTile',
      parameters: [
        { name: 'layer', in: 'path', required: true, schema: { type: 'string', enum: [...REFERENCE_LAYERS] } },
        { name: 'z', in: 'path', required: true, schema: { type: 'integer', minimum: 0, maximum: TILE_MAX_ZOOM } },
        { name: 'x', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } },
        { name: 'y', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } },
      ],
      responses: { '200': { description: 'Tile', content: { 'application/vnd.mapbox-vector-tile': { schema: { type: 'string', format: 'binary' } } } }, '304': { description: 'Not modified' }, '404': problemRef },
    },
  },
  '/basemap.pmtiles': {
    get: {
      tags: ['Reference map'],
      summary: 'The PMTiles basemap file (HTTP range requests), when one is installed',
      operationId: 'getBasemap',
      parameters: [{ name: 'Range', in: 'header', required: false, schema: { type: 'string' } }],
      responses: { '200': { description: 'Whole file', content: { 'application/vnd.pmtiles': { schema: { type: 'string', format: 'binary' } } } }, '206': { description: 'Byte range', content: { 'application/vnd.pmtiles': { schema: { type: 'string', format: 'binary' } } } }, '404': problemRef, '416': { description: 'Range not satisfiable' } },
    },
  },
  '/analysis/crossings': {
    get: {
      tags: ['Analysis'],
      summary: 'Where roads cross ward borders, with the nearest checkpoint in force, filters, and a summary per ward',
      operationId: 'getBorderCrossings',
      parameters: [
        q('main_only', 'Only motorway/trunk/primary/secondary/tertiary roads and their links.', { type: 'boolean' }),
        q('district_only', 'Only crossings of district borders.', { type: 'boolean' }),
        q('uncovered_within', 'Only crossings with no checkpoint within this many metres.', { type: 'number', minimum: 0 }),
        q('cover_m', 'Distance within which a checkpoint covers a crossing, for `covered` and the summary (default: uncovered_within, else 200).', { type: 'number', minimum: 0 }),
        q('as_of', 'Use the checkpoint plan in force on this day (YYYY-MM-DD).', { type: 'string', format: 'date' }),
      ],
      responses: { '200': { description: 'GeoJSON crossings with `summary` per ward', content: { 'application/geo+json': { schema: { $ref: '#/components/schemas/FeatureCollection' } } } }, '400': problemRef },
    },
  },
}));
