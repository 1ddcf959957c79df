/**
 * The one seam between the client and the server: every endpoint URL is written here (`paths`
 * and the item functions below), and every request goes through `request`, which sends the
 * session cookie (same origin only) and the headers that `addHeaders` providers give (the place
 * for CSRF tokens and the like). Each feature this browser writes is noted in `ownWrites`, so
 * the live stream does not fetch it back.
 */
import type { Geometry } from 'geojson';
import type { Problem, StoredCollection, StoredFeature } from '../../../core/api/types.ts';
import type { LayerId } from '../../../core/layers.ts';
import { ownWrites } from './own-writes.ts';

export type { Problem, StoredCollection, StoredFeature };

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
  get status() {
    return this.problem.status;
  }
}

const collection = (layer: LayerId) => `/api/collections/${encodeURIComponent(layer)}`;
const items = (layer: LayerId) => `${collection(layer)}/items`;
const item = (layer: LayerId, id: number) => `${items(layer)}/${id}`;

/** Sign-in and session endpoints: a 401 from these is the answer itself, not a session that ended. */
const AUTH = '/api/auth/';

/** Every endpoint the client calls, by what it is for; query strings are built by their callers. */
export const paths = {
  me: `${AUTH}me`,
  login: `${AUTH}login`,
  /** Server-Sent Events of committed changes. */
  live: '/api/live',
  /** Which reference layers (roads, places, basemap) the server has, and their tile URLs. */
  reference: '/api/reference',
  crossings: (query: string) => `/api/analysis/crossings?${query}`,
  hotspots: (query: string) => `/api/analysis/hotspots?${query}`,
  printJobs: (query: string) => `/api/print/jobs?${query}`,
  printJob: (id: string) => `/api/print/jobs/${encodeURIComponent(id)}`,
  // polling-station plans and election day (panels/plans)
  plan: (stationId: number) => `/api/polling-stations/${stationId}/plan`,
  planHistory: (stationId: number) => `/api/polling-stations/${stationId}/plan/history`,
  planRestore: (stationId: number) => `/api/polling-stations/${stationId}/plan/restore`,
  planPdf: (stationId: number, query: string) => `/api/polling-stations/${stationId}/plan.pdf?${query}`,
  planBook: (query: string) => `/api/plans/book.pdf?${query}`,
  readiness: (query: string) => `/api/readiness?${query}`,
  stationReports: (stationId: number) => `/api/polling-stations/${stationId}/reports`,
  electionDay: (query: string) => `/api/election-day?${query}`,
  /** Incident counts per day and per ward for the whole city (the commander's chart, summary and choropleth). */
  incidentCounts: (query: string) => `/api/analysis/incident-counts?${query}`,
  /** Every ward of the city without outlines (reference data, loaded once: lib/wards.svelte.ts). */
  wards: '/api/wards',
  /** Features by name, matched by the server (the client holds only what is in view). */
  search: (query: string) => `/api/search?${query}`,
  /**
   * The vector tiles of several operational layers in one (the layers' tiles put together by the
   * server), as MapLibre's tile URL template (absolute: MapLibre fetches from its worker). `v`
   * holds the layers' change counts, so tiles are fetched again after an edit; `days` says whether
   * counts per cell come per day (a layer filters them by day) or summed over the days.
   */
  operationalTiles: (layers: readonly LayerId[], versions: readonly number[], days: 'each' | 'summed') =>
    new URL(`/api/operational-tiles/${layers.join(',')}/{z}/{x}/{y}.pbf?days=${days}${versions.some((v) => v) ? `&v=${versions.join('.')}` : ''}`, location.href).href.replace(/%7B/g, '{').replace(/%7D/g, '}'),
};

type HeaderProvider = (method: string, path: string) => Record<string, string> | undefined;
const headerProviders: HeaderProvider[] = [];

/** Register extra headers for every request (e.g. a CSRF token); returns a function that removes it. */
export function addHeaders(provider: HeaderProvider): () => void {
  headerProviders.push(provider);
  return () => headerProviders.splice(headerProviders.indexOf(provider), 1);
}

type UnauthorizedListener = (detail: string | undefined) => void;
const unauthorizedListeners: UnauthorizedListener[] = [];

/** Called when the server answers 401 (session expired or ended): the sign-in screen listens. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.push(listener);
  return () => unauthorizedListeners.splice(unauthorizedListeners.indexOf(listener), 1);
}

export interface Response_<T> {
  body: T;
  etag: string | null;
  location: string | null;
}

export async function request<T>(method: string, path: string, opts: { body?: unknown; ifMatch?: string | number; signal?: AbortSignal } = {}): Promise<Response_<T>> {
  const headers: Record<string, string> = { Accept: 'application/geo+json, application/json;q=0.9, application/problem+json;q=0.8' };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/geo+json';
  if (opts.ifMatch !== undefined) headers['If-Match'] = typeof opts.ifMatch === 'number' ? `"${opts.ifMatch}"` : opts.ifMatch;
  for (const p of headerProviders) Object.assign(headers, p(method, path));
  const res = await fetch(path, { method, headers, credentials: 'same-origin', signal: opts.signal, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) {
    const p = (body && typeof body === 'object' ? body : {}) as Partial<Problem>;
    if (res.status === 401 && !path.startsWith(AUTH)) for (const l of [...unauthorizedListeners]) l(p.detail);
    throw new ApiError({ ...p, status: res.status, title: p.title ?? res.statusText, detail: p.detail ?? (body ? undefined : text.slice(0, 200)) });
  }
  return { body: body as T, etag: res.headers.get('ETag'), location: res.headers.get('Location') };
}

export interface ItemQuery {
  bbox?: [number, number, number, number];
  datetime?: string;
  [filter: string]: string | number | boolean | number[] | undefined;
}

type Body = { type: 'Feature'; geometry: Geometry; properties: Record<string, unknown> };

/**
 * The features of a layer inside a box, at most `limit` of them: the client never asks for a
 * whole layer (a city holds a million incidents). The answer's `numberMatched` says how many the
 * box holds, so a caller that got fewer can say so on screen.
 */
export async function listItems(layer: LayerId, query: ItemQuery & { bbox: [number, number, number, number]; limit: number }, signal?: AbortSignal): Promise<StoredCollection> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) q.set(k, Array.isArray(v) ? v.map((n) => (typeof n === 'number' ? +n.toFixed(6) : n)).join(',') : String(v));
  return (await request<StoredCollection>('GET', `${items(layer)}?${q}`, { signal })).body;
}

/** West, south, east, north of every feature of a layer (the collection's extent); null when it is empty. */
export async function layerExtent(layer: LayerId): Promise<[number, number, number, number] | null> {
  const { body } = await request<{ extent?: { spatial?: { bbox?: number[][] } } }>('GET', collection(layer));
  const b = body.extent?.spatial?.bbox?.[0];
  return b && b.length === 4 && b.every(Number.isFinite) ? (b as [number, number, number, number]) : null;
}

/** One search hit: enough to list it and to fetch it by id. */
export interface SearchHit {
  layer: LayerId;
  id: number;
  name: string;
  code?: string | null;
  bbox?: [number, number, number, number];
  score: number;
}

export async function searchNames(text: string, limit: number, signal?: AbortSignal) {
  const q = new URLSearchParams({ q: text, limit: String(limit) });
  return (await request<{ numberMatched: number; numberReturned: number; hits: SearchHit[] }>('GET', paths.search(q.toString()), { signal })).body;
}

export async function getItem(layer: LayerId, id: number) {
  return request<StoredFeature>('GET', item(layer, id));
}

/** One feature by id, as the client holds features (without the item's links): details on click, a search hit, a ward out of view. */
export async function getFeature(layer: LayerId, id: number): Promise<StoredFeature> {
  const { links: _links, ...f } = (await getItem(layer, id)).body as StoredFeature & { links?: unknown };
  return f as StoredFeature;
}

/** A write whose answer is the feature as it now is: noted as this browser's own change. */
function written(layer: LayerId, answer: Promise<Response_<StoredFeature>>) {
  return ownWrites.track(answer, (r) => ({ collection: layer, id: r.body.id, version: r.body.version, deleted: false }));
}

export async function createItem(layer: LayerId, feature: Body) {
  return written(layer, request<StoredFeature>('POST', items(layer), { body: feature }));
}

export async function replaceItem(layer: LayerId, id: number, feature: Body, version: number) {
  return written(layer, request<StoredFeature>('PUT', item(layer, id), { body: feature, ifMatch: version }));
}

export async function patchItem(layer: LayerId, id: number, patch: { geometry?: Geometry; properties?: Record<string, unknown> }, version: number) {
  return written(layer, request<StoredFeature>('PATCH', item(layer, id), { body: { type: 'Feature', ...patch }, ifMatch: version }));
}

/** Brings back `version` of a feature (also one deleted since) as its newest version. */
export async function restoreItem(layer: LayerId, id: number, version: number) {
  return written(layer, request<StoredFeature>('POST', `${item(layer, id)}/restore`, { body: { version } }));
}

export async function deleteItem(layer: LayerId, id: number, version: number) {
  return ownWrites.track(request<null>('DELETE', item(layer, id), { ifMatch: version }), () => ({ collection: layer, id, version, deleted: true }));
}
