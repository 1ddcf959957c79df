/**
 * Query parameters of the feature API, checked at the edge. OGC API – Features requires
 * an undeclared parameter or an invalid value to be a 400, so every parameter is named
 * here and anything else is refused.
 */
import { LAYERS, type LayerId } from '../../core/layers.ts';
import type { Bbox, ListQuery, TimeRange } from '../db/store.ts';
import { invalid } from './problem.ts';
import { IntervalError, parseInterval } from '../../core/time/interval.ts';

export const MAX_LIMIT = 10_000;
export const DEFAULT_LIMIT = 10;
export const ITEMS_PARAMS = ['bbox', 'bbox-crs', 'limit', 'offset', 'datetime', 'f'] as const;

export function parseBbox(raw: string): Bbox {
  const parts = raw.split(',').map((s) => s.trim());
  const nums = parts.map(Number);
  if ((nums.length !== 4 && nums.length !== 6) || parts.some((s) => s === '') || nums.some((n) => !Number.isFinite(n)))
    throw invalid(`bbox must be 4 numbers "west,south,east,north" in longitude/latitude (or 6 with heights), not "${raw}"`);
  const [w, s, e, n] = nums.length === 4 ? nums : [nums[0], nums[1], nums[3], nums[4]];
  if (w < -180 || e > 180 || w > 180 || e < -180) throw invalid(`bbox longitudes must lie within −180…180 (got ${w}, ${e})`);
  if (s < -90 || n > 90 || s > 90 || n < -90) throw invalid(`bbox latitudes must lie within −90…90 (got ${s}, ${n})`);
  if (s > n) throw invalid(`bbox south (${s}) is north of its north (${n}); write it as west,south,east,north`);
  if (w > e) throw invalid('bbox crossing the antimeridian (west > east) is not supported by this server');
  return [w, s, e, n];
}

/** RFC 3339 instant or interval `a/b`, with `..` or empty for an open end; a bare date is a Hanoi day. */
export function parseDatetime(raw: string): TimeRange {
  try {
    return parseInterval(raw);
  } catch (e) {
    throw e instanceof IntervalError ? invalid(e.message) : e;
  }
}

export function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw invalid(`limit must be a whole number of at least 1, not "${raw}"`);
  return Math.min(Number(raw), MAX_LIMIT); // above the maximum is clamped, not refused (OGC 17-069r4 /req/core/fc-limit-response-1)
}

export function parseOffset(raw: string | undefined): number {
  if (raw === undefined) return 0;
  if (!/^\d+$/.test(raw)) throw invalid(`offset must be a whole number of at least 0, not "${raw}"`);
  return Number(raw);
}

/** Typed value of a simple property filter such as `status=active` or `on_border=true`. */
function filterValue(layer: LayerId, prop: string, raw: string): string | number | boolean {
  if (prop === 'on_border') {
    if (raw !== 'true' && raw !== 'false') throw invalid(`on_border must be true or false, not "${raw}"`);
    return raw === 'true';
  }
  const schema = (LAYERS[layer].props.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>)[prop];
  if (!schema) return raw; // derived text properties such as ward_code
  if (schema.safeParse(raw).success) return raw;
  const n = Number(raw);
  if (raw.trim() !== '' && schema.safeParse(n).success) return n;
  throw invalid(`"${raw}" is not a valid value for ${prop} in ${layer}`);
}

export function parseItemsQuery(layer: LayerId, q: Record<string, string>): ListQuery & { limit: number; offset: number } {
  const allowed = new Set<string>([...ITEMS_PARAMS, ...LAYERS[layer].filters]);
  const unknown = Object.keys(q).filter((k) => !allowed.has(k));
  if (unknown.length) throw invalid(`unknown query parameter${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}; ${layer} accepts ${[...allowed].join(', ')}`);
  if (q['bbox-crs'] !== undefined && q['bbox-crs'] !== 'http://www.opengis.net/def/crs/OGC/1.3/CRS84')
    throw invalid('bbox-crs must be http://www.opengis.net/def/crs/OGC/1.3/CRS84, the only CRS this server offers');
  if (q.f !== undefined && !['json', 'geojson'].includes(q.f)) throw invalid(`f must be json or geojson, not "${q.f}"`);
  if (q.datetime !== undefined && !LAYERS[layer].temporal) throw invalid(`${layer} has no time; datetime cannot be used on it`);
  const filters: Record<string, string | number | boolean> = {};
  for (const p of LAYERS[layer].filters) if (q[p] !== undefined) filters[p] = filterValue(layer, p, q[p]);
  return {
    bbox: q.bbox !== undefined ? parseBbox(q.bbox) : undefined,
    datetime: q.datetime !== undefined ? parseDatetime(q.datetime) : undefined,
    filters,
    limit: parseLimit(q.limit),
    offset: parseOffset(q.offset),
  };
}
