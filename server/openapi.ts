/**
 * The OpenAPI 3.0 definition of the whole API, assembled from the endpoint records
 * (server/http/endpoint.ts): each record carries its operation, so a route cannot be
 * left out. OGC clients (and OGC's test suite) are driven by it, and an undeclared query
 * parameter is refused with 400. Here: the document's frame, the shared components
 * (schemas, parameters, security) and the pieces operations are written with.
 */
import { z } from 'zod';
import { LAYER_IDS, LAYERS, type LayerId } from '../core/layers.ts';
import { openApiPath, type Endpoint, type Operation } from './http/endpoint.ts';
import { DEFAULT_LIMIT, MAX_LIMIT } from './http/query.ts';

type Json = Record<string, unknown>;

export const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
export const geojson = (schemaRef: string, description: string) => ({ description, content: { 'application/geo+json': { schema: { $ref: schemaRef } } } });
/** The error answers every API operation may give. */
export const ERRORS = {
  '400': problemResponse('Invalid request: a parameter or the body is wrong; `detail` and `issues` say what to change.'),
  '401': problemResponse('Not signed in.'),
  '403': problemResponse('Your role does not allow this.'),
  '404': problemResponse('No such collection or feature.'),
  '413': problemResponse('Request body too large.'),
  '429': problemResponse('Too many requests; wait and retry.'),
  '500': problemResponse('Server error; nothing was changed.'),
};
/** A path's `{featureId}`. */
export const featureIdParam = { name: 'featureId', in: 'path', required: true, schema: { type: 'string' }, description: 'Feature id (a whole number).' };
export const notModified = { description: 'Not modified' };

/** A query parameter, `form` style as OGC API declares them. */
export const param = (name: string, description: string, schema: Json, extra: Json = {}) => ({ name, in: 'query', required: false, description, schema, style: 'form', explode: false, ...extra });

function propertySchema(layer: LayerId): Json {
  // Generated from the same zod contract that validates requests, so they cannot disagree.
  const schema = z.toJSONSchema(LAYERS[layer].props, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as Json & { properties: Json };
  for (const k of LAYERS[layer].derived)
    schema.properties[k] = { readOnly: true, description: 'derived by the server from the geometry', ...(k === 'on_border' ? { type: 'boolean' } : { type: 'string', nullable: true }) };
  return schema;
}

export function filterParams(layer: LayerId) {
  return LAYERS[layer].filters.map((f) => param(f, `Only features whose property \`${f}\` equals this value.`, f === 'on_border' ? { type: 'boolean' } : { type: 'string' }));
}

/** A record's body schema in OpenAPI terms, generated from the zod schema that checks it, so they cannot disagree. */
const bodySchema = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' });

/** OpenAPI paths of the records: each at its own path, or at the paths its `doc` lists. */
function pathsOf(endpoints: Endpoint[]): Json {
  const paths: Record<string, Json> = {};
  const add = (path: string, method: string, op: Operation) => ((paths[path] ??= {})[method.toLowerCase()] = op);
  for (const e of endpoints) {
    const doc = e.doc as { perCollection?: (layer: LayerId, title: string) => Operation; notInApi?: string };
    if (doc.notInApi) throw new Error(`${e.method} ${e.path} is under /api but says it is not part of the API (${doc.notInApi}).`);
    const withBody = (op: Operation) => (e.body && !op.requestBody ? { ...op, requestBody: { required: true, content: { 'application/json': { schema: bodySchema(e.body) } } } } : op);
    if (doc.perCollection) for (const l of LAYER_IDS) add(openApiPath(e).replace('{collectionId}', l), e.method, withBody(doc.perCollection(l, LAYERS[l].title.en)));
    else add(openApiPath(e), e.method, withBody(e.doc as Operation));
  }
  return paths;
}

/** The document for the API records (those mounted under /api). */
export function openApiDocument(serverUrl: string, endpoints: Endpoint[]): Json {
  const schemas: Json = {
    Link: { type: 'object', required: ['href', 'rel'], properties: { href: { type: 'string' }, rel: { type: 'string' }, type: { type: 'string' }, title: { type: 'string' } } },
    Problem: {
      type: 'object',
      required: ['title', 'status', 'detail'],
      properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' }, code: { type: 'string' }, description: { type: 'string' }, issues: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } }, current: { type: 'object' } },
    },
    Collection: { type: 'object', required: ['id', 'links'], properties: { id: { type: 'string' }, title: { type: 'string' }, description: { type: 'string' }, links: { type: 'array', items: { $ref: '#/components/schemas/Link' } }, extent: { type: 'object' }, itemType: { type: 'string' }, crs: { type: 'array', items: { type: 'string' } } } },
    FeatureCollection: {
      type: 'object',
      required: ['type', 'features'],
      properties: { type: { type: 'string', enum: ['FeatureCollection'] }, features: { type: 'array', items: { type: 'object' } }, links: { type: 'array', items: { $ref: '#/components/schemas/Link' } }, timeStamp: { type: 'string', format: 'date-time' }, numberMatched: { type: 'integer', minimum: 0 }, numberReturned: { type: 'integer', minimum: 0 } },
    },
  };
  for (const l of LAYER_IDS) {
    schemas[`${l}-feature`] = {
      type: 'object',
      required: ['type', 'geometry', 'properties'],
      properties: { type: { type: 'string', enum: ['Feature'] }, id: { type: 'integer', readOnly: true }, geometry: { type: 'object', description: `GeoJSON ${LAYERS[l].geometryTypes.join(' or ')}` }, properties: propertySchema(l) },
    };
  }
  const paths = pathsOf(endpoints);
  return {
    openapi: '3.0.3',
    info: { title: 'opsmap API', version: '1.0.0', description: 'OGC API – Features (Part 1 Core, GeoJSON, OpenAPI 3.0; Part 4 editing with ETags) for checkpoints, quarantine zones, polling stations, incidents and wards. Errors are RFC 9457 problem details.' },
    servers: [{ url: serverUrl }],
    tags: [{ name: 'Capabilities' }, ...LAYER_IDS.map((l) => ({ name: LAYERS[l].title.en }))],
    paths,
    // Every operation needs an account except signing in (routes/auth.ts overrides it there).
    security: [{ session: [] }, { token: [] }, { basic: [] }],
    components: {
      schemas,
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'opsmap_session', description: 'Set by POST /auth/login; writes also need the X-CSRF-Token header from GET /auth/me.' },
        token: { type: 'http', scheme: 'bearer', description: 'API token (npm run user -- token NAME, or POST /auth/tokens).' },
        basic: { type: 'http', scheme: 'basic', description: 'User name and password, as QGIS and GDAL send them.' },
      },
      parameters: {
        bbox: { name: 'bbox', in: 'query', required: false, description: 'Only features intersecting west,south,east,north (CRS84 longitude/latitude).', schema: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } }, style: 'form', explode: false },
        'bbox-crs': param('bbox-crs', 'CRS of bbox; only CRS84.', { type: 'string', enum: ['http://www.opengis.net/def/crs/OGC/1.3/CRS84'] }),
        limit: param('limit', `Features per page (1–${MAX_LIMIT}; larger values are clamped).`, { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT }),
        offset: param('offset', 'Skip this many features (used by `next` links).', { type: 'integer', minimum: 0, default: 0 }),
        datetime: param('datetime', 'RFC 3339 instant or interval a/b (`..` = open); a bare date is that day in Hanoi (UTC+7). Features without time always match.', { type: 'string' }),
        f: param('f', 'Encoding: json or geojson (both GeoJSON).', { type: 'string', enum: ['json', 'geojson'] }),
      },
    },
  };
}
