/**
 * GET /analysis/hotspots — hot spot analysis of incidents (grid counts, Getis-Ord Gi*, FDR bins)
 * computed by core/analysis/hotspots, plus incidents per ward and per 1,000 residents.
 * The grid is anchored on the centre of the wards' extent, so cells stay in place while the
 * time window or the filters change.
 */
import { z } from 'zod';
import { INCIDENT_CATEGORIES } from '../../core/layers.ts';
import type { AppDeps } from '../deps.ts';
import { endpoint, type Endpoint } from '../http/endpoint.ts';
import { GEOJSON } from '../http/ogc.ts';
import { HttpProblem } from '../http/problem.ts';
import { fromParser, parseBbox, parseDatetime } from '../http/query.ts';
import { ResponseCache } from '../http/response-cache.ts';
import { param as qp, problemResponse } from '../openapi.ts';
import { hotspotJob } from '../workers/hotspot-task.ts';
import { workPool } from '../workers/pool.ts';
import { readerLocation } from '../workers/reader.ts';

const commaList = z.string().transform((s) => s.split(',').map((x) => x.trim()));

const metres = (max: number) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'must be a number of metres')
    .transform(Number)
    .pipe(z.number().min(1, 'must be at least 1 m').max(max, `must be at most ${max} m`));

/** The incidents both analyses count: by category and time window, as /items reads them. */
const incidentFilter = {
  query: {
    category: commaList.pipe(z.array(z.enum(INCIDENT_CATEGORIES)).min(1)).optional(),
    datetime: fromParser(parseDatetime).optional(),
  },
  category: (note = '') => qp('category', `Incident categories, comma-separated${note}.`, { type: 'string', example: 'epidemic_case,violation' }),
  datetime: (note = '') => qp('datetime', `RFC 3339 instant, date, or interval a/b with .. for an open end${note}.`, { type: 'string', example: '2021-05-10/2021-05-23' }),
};

export const HotspotQuery = z.strictObject({
  ...incidentFilter.query,
  severity: commaList.pipe(z.array(z.enum(['1', '2', '3']).transform(Number)).min(1)).optional(),
  bbox: fromParser(parseBbox).optional(),
  ward: z.string().min(1).max(20).optional(),
  study_area: z.enum(['incidents', 'wards']).optional(),
  grid: z.enum(['hexagon', 'fishnet']).optional(),
  cell_size: metres(50_000).optional(),
  distance_band: metres(100_000).optional(),
  fdr: z.enum(['true', 'false']).transform((s) => s === 'true').optional(),
});

const problemRef = problemResponse('Problem');

const HOTSPOTS_DOC = {
  tags: ['Analysis'],
  summary: 'Hot spots of incidents: hexagon grid counts, Getis-Ord Gi* z-scores, p-values and 90/95/99 % bins (FDR-corrected by default), incidents per ward',
  description:
    'Returns a GeoJSON FeatureCollection of grid cells with properties count, gi_z, gi_p, gi_bin (−3…3) and neighbours, a top-level `parameters` member stating the cell size, grid, origin, distance band, number of cells and incidents, FDR and the filters used (pass cell_size and distance_band back to reproduce a result), and `wards`: incidents per ward and per 1,000 residents. Gi* needs at least 60 incidents (30 with a study area) and 30 cells; otherwise gi_status says why and only counts are given.',
  operationId: 'getHotspots',
  parameters: [
    incidentFilter.category(),
    qp('severity', 'Severities 1–3, comma-separated.', { type: 'string', example: '2,3' }),
    incidentFilter.datetime(),
    { $ref: '#/components/parameters/bbox' },
    qp('ward', 'Only this ward (code); its polygon becomes the study area, so empty cells inside it are analysed too.', { type: 'string' }),
    qp('study_area', 'incidents (default, as ArcGIS without a bounding polygon): only cells with at least one incident; wards: every cell inside the wards, empty ones included.', { type: 'string', enum: ['incidents', 'wards'] }),
    qp('grid', 'Cell shape (default hexagon).', { type: 'string', enum: ['hexagon', 'fishnet'] }),
    qp('cell_size', 'Cell size in metres (hexagon height, flat side to flat side); automatic when absent.', { type: 'number', minimum: 1, maximum: 50000 }),
    qp('distance_band', 'Gi* neighbourhood radius in metres; automatic when absent.', { type: 'number', minimum: 1, maximum: 100000 }),
    qp('fdr', 'Benjamini–Hochberg False Discovery Rate correction of the bins (default true).', { type: 'boolean' }),
  ],
  responses: {
    '200': { description: 'Grid cells with Gi* results, `parameters` and `wards`', content: { 'application/geo+json': { schema: { $ref: '#/components/schemas/FeatureCollection' } } } },
    '400': problemRef,
  },
};

const CountsQuery = z.strictObject(incidentFilter.query);

const COUNTS_DOC = {
  tags: ['Analysis'],
  summary: 'Incident counts for the whole city in a time window: per Hanoi day and category, and per ward and category',
  description:
    'Counted by the database over every incident (not a page of them), so the commander\'s per-day chart, ward summary and choropleth are right at any size. `days` lists the Hanoi days (UTC+7) that have incidents, `wards` every ward code with incidents (null: outside every ward) with the name (`name`) and feature id (`id`) of the ward; each with `total` and `counts` per category. Answers are cached until the next change.',
  operationId: 'getIncidentCounts',
  parameters: [incidentFilter.category(' (default: all)'), incidentFilter.datetime('; incidents whose time falls in it')],
  responses: {
    '200': {
      description: 'Counts per day and per ward',
      content: {
        'application/json': {
          schema: {
            type: 'object',
            required: ['total', 'categories', 'days', 'wards'],
            properties: {
              total: { type: 'integer' },
              categories: { type: 'array', items: { type: 'string' } },
              window: { type: 'object', properties: { start: { type: 'string', nullable: true }, end: { type: 'string', nullable: true } } },
              days: { type: 'array', items: { type: 'object', properties: { day: { type: 'string', format: 'date' }, total: { type: 'integer' }, counts: { type: 'object', additionalProperties: { type: 'integer' } } } } },
              wards: { type: 'array', items: { type: 'object', properties: { ward_code: { type: 'string', nullable: true }, name: { type: 'string' }, id: { type: 'integer' }, total: { type: 'integer' }, counts: { type: 'object', additionalProperties: { type: 'integer' } } } } },
            },
          },
        },
      },
    },
    '400': problemResponse('Problem'),
  },
};

/** Rows (key, category, n) folded into one entry per key with a total and counts per category. */
function fold<K extends string>(rows: readonly ({ category: string; n: number } & Record<K, unknown>)[], key: K) {
  const out = new Map<unknown, { total: number; counts: Record<string, number> }>();
  for (const r of rows) {
    let e = out.get(r[key]);
    if (!e) out.set(r[key], (e = { total: 0, counts: {} }));
    e.total += r.n;
    e.counts[r.category] = r.n;
  }
  return [...out].map(([k, v]) => ({ [key]: k, ...v }));
}

export function analysisEndpoints(deps: AppDeps): Endpoint[] {
  const { store } = deps;
  // A commander's screen asks the same windows again as the time slider moves back and forth;
  // the shared response cache empties on every change and on other processes' commits.
  const cache = new ResponseCache(store, deps.config.caches.analysisBytes);

  return [
    endpoint({
      method: 'GET',
      path: '/analysis/incident-counts',
      // Counts of what every role may read.
      permission: 'read',
      query: CountsQuery,
      doc: COUNTS_DOC,
      handler: async (c, { query: q }) => {
        const key = `counts ${JSON.stringify(q)}`;
        const cached = await cache.get(key);
        if (cached) return c.body(cached.body, 200, { 'Content-Type': 'application/json' });
        const counts = await store.features.incidentCounts({ datetime: q.datetime, categories: q.category });
        const days = fold(counts.byDay, 'day');
        // Each ward's name and feature id, so a client that holds only the wards in view can
        // list and open every ward counted (580 rows of a city, read once per change: cached).
        const wardRows = (await store.features.list('wards', { limit: 1_000_000 })).rows;
        const wardOf = new Map(wardRows.map((r) => { const p = JSON.parse(r.properties) as { code?: unknown; name?: unknown }; return [String(p.code), { id: r.id, name: String(p.name ?? p.code) }] as const; }));
        const body = JSON.stringify({
          total: days.reduce((s, d) => s + d.total, 0),
          categories: q.category ?? INCIDENT_CATEGORIES,
          window: { start: q.datetime?.start ?? null, end: q.datetime?.end ?? null },
          days,
          wards: fold(counts.byWard, 'ward_code').map((w) => {
            const code = (w as { ward_code?: unknown }).ward_code;
            return { ...w, ...(code !== null && code !== undefined ? wardOf.get(String(code)) : undefined) };
          }),
        });
        cache.set(key, { body: new TextEncoder().encode(body), etag: '' });
        return c.body(body, 200, { 'Content-Type': 'application/json' });
      },
    }),
    endpoint({
      method: 'GET',
      path: '/analysis/hotspots',
      // Computed from what every role may read.
      permission: 'read',
      query: HotspotQuery,
      doc: HOTSPOTS_DOC,
      handler: async (c, { query: q }) => {
        const cacheKey = JSON.stringify(q);
        const cached = await cache.get(cacheKey);
        if (cached) return c.body(cached.body, 200, { 'Content-Type': GEOJSON });
        // Gi* and the JSON text run on a worker thread, within a work budget checked before they
        // start; the worker also reads the incidents, through its own connection (SQLite or PostgreSQL).
        const budget = deps.config.budgets.hotspotWork;
        const file = readerLocation(store);
        let bytes: Uint8Array<ArrayBuffer>;
        try {
          if (file) bytes = await workPool(deps.config.work).run('hotspotsRead', { file, query: q, budget });
          else {
            const job = await hotspotJob(store, q, budget);
            bytes = await workPool(deps.config.work).run('hotspots', job, [job.coords.buffer]);
          }
        } catch (err) {
          if (err instanceof RangeError) throw new HttpProblem(400, err.message);
          throw err;
        }
        cache.set(cacheKey, { body: bytes, etag: '' });
        return c.body(bytes, 200, { 'Content-Type': GEOJSON });
      },
    }),
  ];
}
