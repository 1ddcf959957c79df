/**
 * One record per endpoint: method, path, permission, input schemas, OpenAPI operation and
 * handler, together. The guard's permission table (server/auth/policy.ts) and the OpenAPI
 * document (server/openapi.ts, served at /api/api) are derived from these records, so a
 * route cannot exist without its rule and its documentation.
 *
 * How to add an endpoint:
 *  1. In the route module of its area (server/routes/<area>.ts), add to the array that its
 *     `<area>Endpoints(deps)` returns:
 *       endpoint({
 *         method: 'GET',
 *         path: '/things/:thingId',          // Hono syntax, relative to /api
 *         permission: 'read',                // or a function of the path parameters (onLayer)
 *         params: z.object({ thingId: ... }), // optional; a path value it refuses is a 404
 *         query: z.strictObject({ ... }),     // optional; refused parameters and values are a 400
 *         body: z.object({ ... }),            // optional; a JSON body, refused with 400 (415 if not JSON);
 *                                             // its OpenAPI requestBody is generated from the schema
 *         doc: { summary: '…', parameters: [...], responses: { '200': …, ...ERRORS } },
 *                                             // pieces in server/openapi.ts (ERRORS, param, problemResponse);
 *                                             // a `:collectionId` route: { perCollection: (layer, title) => ({…}) }
 *         handler: (c, { params, query }) => c.json(...),
 *       })
 *     Every query parameter the schema accepts must be declared in `doc.parameters`
 *     (test/api/endpoints.test.ts checks both ways).
 *  2. A new area: create server/routes/<area>.ts exporting `<area>Endpoints(deps): Endpoint[]`
 *     and list it in `apiEndpoints` in server/app.ts.
 *  3. Say who may use it in the role table of test/api/roles.test.ts, which proves it role by role.
 * Nothing else: no policy table or OpenAPI paths to edit by hand.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import type { LayerId } from '../../core/layers.ts';
import type { Permission } from '../auth/roles.ts';
import { parseBody, parseParams, parseQuery } from './query.ts';
import { readJson } from './request.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Params = Record<string, string>;

/** A permission, or one that depends on the path (editing a layer needs `edit:<layer>`). */
export type Allow = Permission | ((params: Params) => Permission);

/** An OpenAPI 3.0 Operation Object. */
export interface Operation {
  summary: string;
  responses: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * How the endpoint is documented: an operation at its own path (`:id` written `{id}`); for a
 * route with `:collectionId`, one operation per collection at the path naming it
 * (`/collections/checkpoints/items`), so each states its own feature schema and filters; or,
 * only outside /api, a reason it is not part of the API definition.
 */
export type Doc = Operation | { perCollection: (layer: LayerId, title: string) => Operation } | { notInApi: string };

export interface Endpoint {
  method: Method;
  path: string;
  permission: Allow;
  params?: z.ZodType;
  query?: z.ZodType | ((params: never) => z.ZodType);
  body?: z.ZodType;
  /** The OpenAPI path when `:param{regex}` syntax cannot say it (`/tiles/{layer}/{z}/{x}/{y}.pbf`). */
  docPath?: string;
  doc: Doc;
  /** Checks params and query, then calls the handler of the spec. */
  handler: (c: Context) => Response | Promise<Response>;
}

type Handler<P, Q, B> = (c: Context, input: { params: P; query: Q; body: B }) => Response | Promise<Response>;

export interface EndpointSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: Method;
  path: string;
  permission: Allow;
  params?: P;
  query?: Q | ((params: z.output<P>) => Q);
  body?: B;
  docPath?: string;
  doc: Doc;
  handler: Handler<z.output<P>, z.output<Q>, z.output<B>>;
}

/** A record, with its handler wrapped so it receives checked, typed params, query and body. */
export function endpoint<P extends z.ZodType = z.ZodType<Params>, Q extends z.ZodType = z.ZodType<Params>, B extends z.ZodType = z.ZodType<undefined>>(spec: EndpointSpec<P, Q, B>): Endpoint {
  return {
    ...spec,
    query: spec.query as Endpoint['query'],
    handler: (c) => {
      const params = (spec.params ? parseParams(spec.params, c.req.param()) : c.req.param()) as z.output<P>;
      const schema = typeof spec.query === 'function' ? spec.query(params) : spec.query;
      const query = (schema ? parseQuery(schema, c.req.query()) : c.req.query()) as z.output<Q>;
      if (!spec.body) return spec.handler(c, { params, query, body: undefined as z.output<B> });
      const bodySchema = spec.body;
      return readJson(c).then((raw) => spec.handler(c, { params, query, body: parseBody(bodySchema, raw) }));
    },
  };
}

/** Registers the records on a Hono app; the only place routes are registered. */
export function mount(app: { on(method: string, path: string, handler: (c: Context) => Response | Promise<Response>): unknown }, endpoints: Endpoint[]) {
  for (const e of endpoints) app.on(e.method, e.path, e.handler);
}

/** Where the API is mounted; record paths are relative to it, as are the OpenAPI document's. */
export const API_ROOT = '/api';

/** `/collections/:collectionId/items` → `/collections/{collectionId}/items`. */
export function openApiPath(e: Pick<Endpoint, 'path' | 'docPath'>): string {
  return e.docPath ?? e.path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}');
}
