/**
 * The one seam between the client and the server: every request goes through `request`, which
 * sends the session cookie (same origin only) and the headers that `addHeaders` providers give
 * (the place for CSRF tokens and the like).
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { LayerId } from '../../../core/layers.ts';

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  issues?: { path: string; message: string }[];
  /** On 412: the feature as it is now on the server. */
  current?: ApiFeature;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
  get status() {
    return this.problem.status;
  }
}

export type ApiFeature = Feature<Geometry, Record<string, unknown>> & { id: number; version?: number; updated_at?: string };
export type ApiCollection = Omit<FeatureCollection<Geometry, Record<string, unknown>>, 'features'> & { features: ApiFeature[] };

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
    if (res.status === 401 && !path.startsWith('/api/auth/')) for (const l of [...unauthorizedListeners]) l(p.detail);
    throw new ApiError({ ...p, status: res.status, title: p.title ?? res.statusText, detail: p.detail ?? (body ? undefined : text.slice(0, 200)) });
  }
  return { body: body as T, etag: res.headers.get('ETag'), location: res.headers.get('Location') };
}

const items = (layer: LayerId) => `/api/collections/${encodeURIComponent(layer)}/items`;

export interface ItemQuery {
  bbox?: [number, number, number, number];
  datetime?: string;
  [filter: string]: string | number | boolean | number[] | undefined;
}

/** All features of a layer (the whole district fits in one page of 10,000). */
export async function listItems(layer: LayerId, query: ItemQuery = {}): Promise<ApiCollection> {
  const q = new URLSearchParams({ limit: '10000' });
  for (const [k, v] of Object.entries(query)) if (v !== undefined) q.set(k, Array.isArray(v) ? v.join(',') : String(v));
  return (await request<ApiCollection>('GET', `${items(layer)}?${q}`)).body;
}

export async function getItem(layer: LayerId, id: number) {
  return request<ApiFeature>('GET', `${items(layer)}/${id}`);
}

export async function createItem(layer: LayerId, feature: { type: 'Feature'; geometry: Geometry; properties: Record<string, unknown> }) {
  return request<ApiFeature>('POST', items(layer), { body: feature });
}

export async function replaceItem(layer: LayerId, id: number, feature: { type: 'Feature'; geometry: Geometry; properties: Record<string, unknown> }, version: number) {
  return request<ApiFeature>('PUT', `${items(layer)}/${id}`, { body: feature, ifMatch: version });
}

export async function patchItem(layer: LayerId, id: number, patch: { geometry?: Geometry; properties?: Record<string, unknown> }, version: number) {
  return request<ApiFeature>('PATCH', `${items(layer)}/${id}`, { body: { type: 'Feature', ...patch }, ifMatch: version });
}

export async function deleteItem(layer: LayerId, id: number, version: number) {
  return request<null>('DELETE', `${items(layer)}/${id}`, { ifMatch: version });
}
