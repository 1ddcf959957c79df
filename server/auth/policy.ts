/**
 * The permission every route needs, in one table: method, the route path exactly as
 * registered (with Hono's `:param` syntax, under /api), and a permission or a function of
 * the path parameters. The guard (guard.ts) refuses any route missing here (fail closed),
 * and test/api/roles.test.ts fails when `app.routes` holds a route this table lacks.
 */
import type { Permission } from './roles.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'ALL';

export interface Rule {
  method: Method;
  path: string;
  allow: Permission | ((params: Record<string, string>) => Permission);
}

/** Permission on the layer named by the `:collectionId` parameter (a non-layer name only an admin gets past, to a 404). */
const onLayer = (kind: 'edit' | 'import' | 'history') => (p: Record<string, string>) => `${kind}:${p.collectionId}` as Permission;

const rule = (method: Method, path: string, allow: Rule['allow']): Rule => ({ method, path, allow });

export const RULES: Rule[] = [
  // The web client's files: the sign-in screen must load before anyone has signed in. No data is in them.
  rule('GET', '/*', 'public'),
  rule('GET', '/api/health', 'public'),

  // Accounts (routes/auth.ts)
  rule('POST', '/api/auth/login', 'public'),
  rule('POST', '/api/auth/logout', 'read'),
  rule('GET', '/api/auth/me', 'read'),
  rule('GET', '/api/auth/tokens', 'read'),
  rule('POST', '/api/auth/tokens', 'read'),
  rule('DELETE', '/api/auth/tokens/:tokenId', 'read'),
  rule('POST', '/api/auth/password', 'read'),

  // Administration (routes/admin.ts)
  rule('GET', '/api/admin/users', 'admin'),
  rule('POST', '/api/admin/users', 'admin'),
  rule('PATCH', '/api/admin/users/:userId', 'admin'),
  rule('GET', '/api/admin/users/:userId/tokens', 'admin'),
  rule('POST', '/api/admin/users/:userId/tokens', 'admin'),
  rule('DELETE', '/api/admin/tokens/:tokenId', 'admin'),
  rule('GET', '/api/admin/audit', 'admin'),

  // OGC API – Features, reading (routes/features.ts) and the API definition (routes/api-doc.ts)
  rule('GET', '/api', 'read'),
  rule('GET', '/api/conformance', 'read'),
  rule('GET', '/api/api', 'read'),
  rule('GET', '/api/api.html', 'read'),
  rule('GET', '/api/collections', 'read'),
  rule('GET', '/api/collections/:collectionId', 'read'),
  rule('GET', '/api/collections/:collectionId/items', 'read'),
  rule('GET', '/api/collections/:collectionId/items/:featureId', 'read'),

  // Editing, history and restore (routes/edit.ts)
  rule('POST', '/api/collections/:collectionId/items', onLayer('edit')),
  rule('PUT', '/api/collections/:collectionId/items/:featureId', onLayer('edit')),
  rule('PATCH', '/api/collections/:collectionId/items/:featureId', onLayer('edit')),
  rule('DELETE', '/api/collections/:collectionId/items/:featureId', onLayer('edit')),
  rule('GET', '/api/collections/:collectionId/items/:featureId/history', onLayer('history')),
  rule('POST', '/api/collections/:collectionId/items/:featureId/restore', onLayer('history')),

  // Import and export of files (routes/io.ts)
  rule('POST', '/api/collections/:collectionId/import', onLayer('import')),
  rule('GET', '/api/collections/:collectionId/export', 'export'),

  // Reference layers (roads, places), vector tiles, the street basemap, crossings (routes/reference.ts).
  // Reference data is the base map of the whole district: only an admin replaces it.
  rule('GET', '/api/reference', 'read'),
  rule('GET', '/api/reference/:layer/items', 'read'),
  rule('POST', '/api/reference/:layer/import', 'admin'),
  rule('GET', '/api/tiles/:layer/:z/:x/:y{[0-9]+\\.pbf}', 'read'),
  rule('GET', '/api/basemap.pmtiles', 'read'),
  rule('GET', '/api/analysis/crossings', 'read'),

  // Analysis (routes/analysis.ts): computed from what every role may read.
  rule('GET', '/api/analysis/hotspots', 'read'),

  // Live change notifications (routes/live.ts): the same data as reading.
  rule('GET', '/api/live', 'read'),

  // Printing (routes/print.ts): every role prints what it may read.
  rule('GET', '/api/print', 'print'),
  rule('POST', '/api/print/jobs', 'print'),
  rule('GET', '/api/print/jobs/:jobId', 'print'),
  rule('GET', '/api/print/jobs/:jobId/pdf', 'print'),

  // Import and export (routes/io.ts)
  rule('POST', '/api/collections/:collectionId/import', onLayer('import')),
  rule('GET', '/api/collections/:collectionId/export', 'export'),

  // Live updates of every change (routes/live.ts)
  rule('GET', '/api/live', 'read'),
];

const index = new Map(RULES.map((r) => [`${r.method} ${r.path}`, r]));

export function ruleFor(method: string, path: string): Rule | undefined {
  return index.get(`${method} ${path}`) ?? index.get(`ALL ${path}`);
}

export function permissionFor(r: Rule, params: Record<string, string>): Permission {
  return typeof r.allow === 'function' ? r.allow(params) : r.allow;
}

/** The path parameters of a request under a route pattern like `/api/collections/:collectionId{[a-z-]+}/items`. */
export function paramsOf(pattern: string, path: string): Record<string, string> {
  const names = pattern.split('/');
  const values = path.split('/');
  const out: Record<string, string> = {};
  names.forEach((seg, i) => {
    const m = /^:([A-Za-z0-9_]+)/.exec(seg);
    if (m && values[i] !== undefined) {
      try {
        out[m[1]] = decodeURIComponent(values[i]);
      } catch {
        out[m[1]] = values[i];
      }
    }
  });
  return out;
}
