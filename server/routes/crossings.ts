/**
 * GET /analysis/crossings — where roads cross ward borders, each with the nearest checkpoint
 * in force and whether it covers the crossing, filtered, with a summary per ward: for planning
 * checkpoints at ward and district borders (core/geometry/crossings.ts, crossing-coverage.ts).
 */
import type { Feature, Point } from 'geojson';
import { z } from 'zod';
import { checkpointsInForce, filterCrossings, isCovered, suggestCheckpoint, summariseByWard, withNearestCheckpoint } from '../../core/geometry/crossing-coverage.ts';
import { findCrossings, isMainRoad, type Crossing, type RoadFeature, type WardInput } from '../../core/geometry/crossings.ts';
import { isoDate } from '../../core/layers.ts';
import { listFeatures } from '../db/rows.ts';
import type { AppDeps } from '../deps.ts';
import { endpoint, type Endpoint } from '../http/endpoint.ts';
import { GEOJSON } from '../http/ogc.ts';
import { HttpProblem } from '../http/problem.ts';
import { flagParam, fromParser } from '../http/query.ts';
import { param as q, problemResponse } from '../openapi.ts';
import { ReferenceTiles } from '../tiles/vector-tiles.ts';

/** Crossings depend on the roads and the wards only; computed once per version of both. */
class CrossingsCache {
  private key = '';
  private value: Crossing[] = [];
  constructor(private deps: AppDeps, private tiles: ReferenceTiles) {}

  async get(): Promise<Crossing[]> {
    const { store } = this.deps;
    const key = `${await this.tiles.version('roads')}|${await store.features.stamp('wards')}`;
    if (key !== this.key) {
      const wards: WardInput[] = (await listFeatures(store, 'wards', { limit: 1_000_000 })).features.map((f) => ({
        code: String(f.properties!.code),
        name: String(f.properties!.name),
        district: String(f.properties!.district),
        geometry: f.geometry as WardInput['geometry'],
      }));
      this.value = findCrossings((await store.reference.read('roads')) as RoadFeature[], wards);
      this.key = key;
    }
    return this.value;
  }
}

/** A distance in metres, 0–100 km; empty means none. */
const metres = (name: string) =>
  fromParser((raw) => {
    if (raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0 || n > 100_000) throw new HttpProblem(400, `${name} must be a distance in metres (0–100000), not "${raw}".`);
    return n;
  }).optional();

const CrossingsQuery = z.strictObject({
  main_only: flagParam('main_only'),
  district_only: flagParam('district_only'),
  uncovered_within: metres('uncovered_within'),
  cover_m: metres('cover_m'),
  as_of: fromParser((raw) => {
    if (raw && !isoDate.safeParse(raw).success) throw new HttpProblem(400, `as_of must be a date written YYYY-MM-DD, not "${raw}".`);
    return raw || undefined;
  }).optional(),
});

export function crossingsEndpoints(deps: AppDeps): Endpoint[] {
  // Its own tile index only for the roads' version: the index itself is built on the first tile request.
  const crossings = new CrossingsCache(deps, new ReferenceTiles(deps.store));
  return [
    endpoint({
      method: 'GET',
      path: '/analysis/crossings',
      // Computed from what every role may read.
      permission: 'read',
      query: CrossingsQuery,
      doc: {
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
        responses: { '200': { description: 'GeoJSON crossings with `summary` per ward', content: { 'application/geo+json': { schema: { $ref: '#/components/schemas/FeatureCollection' } } } }, '400': problemResponse('Problem') },
      },
      handler: async (c, { query: q }) => {
        const asOf = q.as_of;
        const uncovered = q.uncovered_within;
        const coverM = q.cover_m ?? uncovered ?? 200;

        const cps = (await listFeatures(deps.store, 'checkpoints', { limit: 1_000_000 })).features as (Feature<Point> & { id: number })[];
        const all = withNearestCheckpoint(await crossings.get(), checkpointsInForce(cps, asOf));
        const shown = filterCrossings(all, { mainOnly: q.main_only, districtOnly: q.district_only, uncoveredWithin: uncovered });
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
      },
    }),
  ];
}
