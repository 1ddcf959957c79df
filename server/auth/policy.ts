/**
 * The permission every route needs, derived from the endpoint records
 * (server/http/endpoint.ts): method, the route path exactly as Hono registered it (with
 * its mount point, e.g. /api, and `:param` syntax), and a permission or a function of the
 * path parameters. The guard (guard.ts) refuses any route missing here (fail closed), and
 * test/api/roles.test.ts fails when `app.routes` holds a route without a rule.
 */
import type { Allow, Endpoint } from '../http/endpoint.ts';
import type { Permission } from './roles.ts';

export interface Rule {
  method: string;
  path: string;
  allow: Allow;
}

/** Permission on the layer named by the `:collectionId` parameter (a non-layer name only an admin gets past, to a 404). */
export const onLayer = (kind: 'edit' | 'import' | 'history') => (p: Record<string, string>) => `${kind}:${p.collectionId}` as Permission;

/** Records mounted at a path prefix ('' for the root, '/api' for the API). */
export interface Mounted {
  at: string;
  endpoints: Endpoint[];
}

export class Policy {
  readonly rules: Rule[];
  private index: Map<string, Rule>;

  constructor(mounted: Mounted[]) {
    this.rules = mounted.flatMap(({ at, endpoints }) => endpoints.map((e) => ({ method: e.method, path: joinPath(at, e.path), allow: e.permission })));
    this.index = new Map(this.rules.map((r) => [`${r.method} ${r.path}`, r]));
  }

  ruleFor(method: string, path: string): Rule | undefined {
    return this.index.get(`${method} ${path}`);
  }
}

/** How Hono joins a mount point and a route path: `/api` + `/` is `/api`. */
export const joinPath = (at: string, path: string) => (path === '/' ? at || '/' : at + path);

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
