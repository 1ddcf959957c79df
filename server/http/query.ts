/**
 * Query (and path) parameters, checked at the edge, one way: a zod schema per endpoint
 * (its record's `query`, see endpoint.ts) run through parseQuery. OGC API – Features
 * requires an undeclared parameter or an invalid value to be a 400, so schemas are strict
 * objects that name every parameter, and anything else is refused. The parameter types
 * shared by several endpoints (bbox, datetime, limit, true/false flags) are here.
 */
import { z } from 'zod';
import { formatZodError, LAYERS, type Issue, type LayerId } from '../../core/layers.ts';
import type { Bbox, ListQuery, TimeRange } from '../db/store.ts';
import { IntervalError, parseInterval } from '../../core/time/interval.ts';
import { HttpProblem, invalid } from './problem.ts';

/** The only CRS of bbox (longitude, latitude), as OGC names it. */
export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const MAX_LIMIT = 10_000;
export const DEFAULT_LIMIT = 10;

/** What one zod issue says, in words naming the parameter. */
function issueOf(i: z.core.$ZodIssue, input: Record<string, string>): Issue[] {
  if (i.code === 'unrecognized_keys') return i.keys.map((k) => ({ path: k, message: `unknown query parameter "${k}"` }));
  const path = String(i.path[0] ?? '');
  if (i.code === 'invalid_value' && 'values' in i) return [{ path, message: `must be one of ${(i.values as unknown[]).join(', ')}` }];
  if (i.code === 'invalid_type' && input[path] === undefined) return [{ path, message: 'is required' }];
  return [{ path, message: i.message }];
}

/** `bbox: bbox must be…` reads twice; a message that already names its parameter is left alone. */
const sentence = (i: Issue) => (i.path && !i.message.includes(i.path) ? `${i.path}: ${i.message}` : i.message);

/** The names a query schema accepts (an object schema, or one piped into a transform), for the error that lists them. */
export function acceptedOf(schema: z.ZodType): string[] {
  const s = schema as { shape?: Record<string, unknown>; in?: z.ZodType };
  return s.shape ? Object.keys(s.shape) : s.in ? acceptedOf(s.in) : [];
}

/** Checks a request's query against its schema: the value, or a 400 problem naming every wrong parameter. */
export function parseQuery<S extends z.ZodType>(schema: S, raw: Record<string, string>): z.output<S> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const issues = r.error.issues.flatMap((i) => issueOf(i, raw));
  const accepted = acceptedOf(schema);
  const unknown = r.error.issues.some((i) => i.code === 'unrecognized_keys');
  throw invalid(`${issues.map(sentence).join('; ')}${unknown && accepted.length ? `; accepted: ${accepted.join(', ')}` : ''}`, issues);
}

/** Checks a JSON request body against its schema: the value, or a 400 problem with every issue. */
export function parseBody<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  // zod's own wording ("Invalid input: …") in the project's words; a schema's own message as it is
  const issues = formatZodError(r.error, '').map((i, k) => (r.error.issues[k].message.startsWith('Invalid') ? i : { ...i, message: r.error.issues[k].message }));
  throw invalid([...new Set(issues.map(sentence))].join('; '), issues);
}

/** Checks path parameters: a value the schema refuses names nothing that exists, so it is a 404 (or the status its parser threw). */
export function parseParams<S extends z.ZodType>(schema: S, raw: Record<string, string>): z.output<S> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  const status = (first.code === 'custom' && (first.params as { status?: number } | undefined)?.status) || 404;
  throw new HttpProblem(status as 404, first.message);
}

/**
 * A parameter checked by a function that throws an HttpProblem (the parsers below): its
 * detail becomes the zod issue, so every wrong parameter of a request is reported at once.
 */
export function fromParser<T>(parse: (raw: string) => T) {
  return z.string().transform((raw, ctx): T => {
    try {
      return parse(raw);
    } catch (e) {
      if (!(e instanceof HttpProblem)) throw e;
      ctx.addIssue({ code: 'custom', message: e.detail, params: { status: e.status } });
      return z.NEVER;
    }
  });
}

/** `true`/`1` or `false`/`0`/empty. */
export function parseFlag(raw: string, name: string): boolean {
  if (raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw new HttpProblem(400, `${name} must be true or false, not "${raw}".`);
}

/** A true/false query parameter, false when absent. */
export const flagParam = (name: string) => fromParser((raw) => parseFlag(raw, name)).default(false);

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
  // Beyond 2^53 a number is no longer exact, and SQLite refused 2^63 with a datatype mismatch (a 500).
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) throw invalid(`offset must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, not "${raw}"`);
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

export type ItemsQuery = ListQuery & { limit: number; offset: number };

/** The query of `/collections/{id}/items` for one layer: the OGC parameters and the layer's property filters. */
function itemsQuerySchema(layer: LayerId): z.ZodType<ItemsQuery, Record<string, string>> {
  const def = LAYERS[layer];
  const filters = Object.fromEntries(def.filters.map((p) => [p, fromParser((raw) => filterValue(layer, p, raw)).optional()]));
  return z
    .strictObject({
      bbox: fromParser(parseBbox).optional(),
      'bbox-crs': fromParser((raw) => {
        if (raw !== CRS84) throw invalid(`bbox-crs must be ${CRS84}, the only CRS this server offers`);
        return raw;
      }).optional(),
      limit: fromParser(parseLimit).optional(),
      offset: fromParser(parseOffset).optional(),
      datetime: fromParser((raw) => {
        if (!def.temporal) throw invalid(`${layer} has no time; datetime cannot be used on it`);
        return parseDatetime(raw);
      }).optional(),
      f: fromParser((raw) => {
        if (!['json', 'geojson'].includes(raw)) throw invalid(`f must be json or geojson, not "${raw}"`);
        return raw;
      }).optional(),
      ...filters,
    })
    .transform((q) => ({
      bbox: q.bbox,
      datetime: q.datetime,
      filters: Object.fromEntries(def.filters.map((p) => [p, (q as Record<string, unknown>)[p]]).filter(([, v]) => v !== undefined)) as Record<string, string | number | boolean>,
      limit: q.limit ?? DEFAULT_LIMIT,
      offset: q.offset ?? 0,
    }));
}

const itemsSchemas = new Map<LayerId, ReturnType<typeof itemsQuerySchema>>();
export function itemsQuery(layer: LayerId) {
  if (!itemsSchemas.has(layer)) itemsSchemas.set(layer, itemsQuerySchema(layer));
  return itemsSchemas.get(layer)!;
}
