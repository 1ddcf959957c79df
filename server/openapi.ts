/**
 * The OpenAPI 3.0 definition of the whole API. OGC clients (and OGC's test suite) are
 * driven by it, and an undeclared query parameter is refused with 400, so every route
 * and parameter the server accepts is declared here. Other API areas add their paths
 * through `extraPaths` (one entry per route module).
 */
import { z } from 'zod';
import { LAYER_IDS, LAYERS, type LayerId } from '../core/layers.ts';
import { DEFAULT_LIMIT, MAX_LIMIT } from './http/query.ts';

type Json = Record<string, unknown>;

const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
const geojson = (schemaRef: string, description: string) => ({ description, content: { 'application/geo+json': { schema: { $ref: schemaRef } } } });
const errors = {
  '400': problemResponse('Invalid request: a parameter or the body is wrong; `detail` and `issues` say what to change.'),
  '401': problemResponse('Not signed in.'),
  '403': problemResponse('Your role does not allow this.'),
  '404': problemResponse('No such collection or feature.'),
  '413': problemResponse('Request body too large.'),
  '429': problemResponse('Too many requests; wait and retry.'),
  '500': problemResponse('Server error; nothing was changed.'),
};

const param = (name: string, description: string, schema: Json, extra: Json = {}) => ({ name, in: 'query', required: false, description, schema, style: 'form', explode: false, ...extra });

function propertySchema(layer: LayerId): Json {
  // Generated from the same zod contract that validates requests, so they cannot disagree.
  const schema = z.toJSONSchema(LAYERS[layer].props, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as Json & { properties: Json };
  for (const k of LAYERS[layer].derived)
    schema.properties[k] = { readOnly: true, description: 'derived by the server from the geometry', ...(k === 'on_border' ? { type: 'boolean' } : { type: 'string', nullable: true }) };
  return schema;
}

function filterParams(layer: LayerId) {
  return LAYERS[layer].filters.map((f) => param(f, `Only features whose property \`${f}\` equals this value.`, f === 'on_border' ? { type: 'boolean' } : { type: 'string' }));
}

function layerPaths(layer: LayerId): Json {
  const title = LAYERS[layer].title.en;
  const id = { name: 'featureId', in: 'path', required: true, schema: { type: 'string' }, description: 'Feature id (a whole number).' };
  const ifMatch = { name: 'If-Match', in: 'header', required: true, schema: { type: 'string' }, description: 'ETag of the version being changed (from GET on the item).' };
  const featureBody = { required: true, content: { 'application/geo+json': { schema: { $ref: `#/components/schemas/${layer}-feature` } }, 'application/json': { schema: { $ref: `#/components/schemas/${layer}-feature` } } } };
  const editErrors = { ...errors, '412': problemResponse('Someone changed the feature since you read it; the body has `current`.'), '415': problemResponse('Body is not JSON.'), '428': problemResponse('If-Match is required.') };
  return {
    [`/collections/${layer}`]: { get: { tags: [title], summary: `Describe ${title}`, operationId: `describe-${layer}`, responses: { '200': { description: 'Collection metadata', content: { 'application/json': { schema: { $ref: '#/components/schemas/Collection' } } } }, '304': { description: 'Not modified' }, ...errors } } },
    [`/collections/${layer}/items`]: {
      get: {
        tags: [title],
        summary: `${title}: features`,
        operationId: `get-${layer}-items`,
        parameters: [
          { $ref: '#/components/parameters/bbox' },
          { $ref: '#/components/parameters/bbox-crs' },
          { $ref: '#/components/parameters/limit' },
          { $ref: '#/components/parameters/offset' },
          ...(LAYERS[layer].temporal ? [{ $ref: '#/components/parameters/datetime' }] : []),
          { $ref: '#/components/parameters/f' },
          ...filterParams(layer),
        ],
        responses: { '200': geojson('#/components/schemas/FeatureCollection', 'A page of features, with `next` link when more remain'), '304': { description: 'Not modified' }, ...errors },
      },
      post: {
        tags: [title],
        summary: `Add a feature to ${title}`,
        operationId: `create-${layer}`,
        requestBody: featureBody,
        responses: { '201': { ...geojson(`#/components/schemas/${layer}-feature`, 'Created; Location and ETag headers set'), headers: { Location: { schema: { type: 'string' } }, ETag: { schema: { type: 'string' } } } }, ...editErrors },
      },
    },
    [`/collections/${layer}/items/{featureId}`]: {
      parameters: [id],
      get: { tags: [title], summary: 'One feature', operationId: `get-${layer}-item`, parameters: [{ $ref: '#/components/parameters/f' }], responses: { '200': { ...geojson(`#/components/schemas/${layer}-feature`, 'The feature; ETag = its version'), headers: { ETag: { schema: { type: 'string' } } } }, '304': { description: 'Not modified' }, ...errors } },
      put: { tags: [title], summary: 'Replace a feature', operationId: `replace-${layer}`, parameters: [ifMatch], requestBody: featureBody, responses: { '200': geojson(`#/components/schemas/${layer}-feature`, 'Replaced'), ...editErrors } },
      patch: {
        tags: [title],
        summary: 'Change some properties and/or the geometry (JSON Merge Patch of properties)',
        operationId: `patch-${layer}`,
        parameters: [ifMatch],
        requestBody: { required: true, content: { 'application/merge-patch+json': { schema: { type: 'object' } }, 'application/json': { schema: { type: 'object' } } } },
        responses: { '200': geojson(`#/components/schemas/${layer}-feature`, 'Updated'), ...editErrors },
      },
      delete: { tags: [title], summary: 'Delete a feature (it stays in the history and can be restored)', operationId: `delete-${layer}`, parameters: [ifMatch], responses: { '204': { description: 'Deleted' }, ...editErrors } },
    },
    [`/collections/${layer}/items/{featureId}/history`]: {
      parameters: [id],
      get: { tags: [title], summary: 'Every recorded change of the feature', operationId: `history-${layer}`, responses: { '200': { description: 'History entries, oldest first', content: { 'application/json': { schema: { type: 'object' } } } }, ...errors } },
    },
    [`/collections/${layer}/items/{featureId}/restore`]: {
      parameters: [id],
      post: {
        tags: [title],
        summary: 'Bring back a recorded version (also of a deleted feature)',
        operationId: `restore-${layer}`,
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['version'], properties: { version: { type: 'integer' } } } } } },
        responses: { '200': geojson(`#/components/schemas/${layer}-feature`, 'Restored as a new version'), ...errors },
      },
    },
  };
}

/** Paths contributed by other API areas (analysis, print, import/export, auth, live, tiles). */
export const extraPaths: Array<() => Json> = [];

export function openApiDocument(serverUrl: string): Json {
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
  const paths: Json = {
    '/': { get: { tags: ['Capabilities'], summary: 'Landing page', operationId: 'getLandingPage', responses: { '200': { description: 'Links to the API definition, conformance and collections', content: { 'application/json': { schema: { type: 'object' } } } }, '304': { description: 'Not modified' }, ...errors } } },
    '/conformance': { get: { tags: ['Capabilities'], summary: 'Conformance classes', operationId: 'getConformanceDeclaration', responses: { '200': { description: 'conformsTo', content: { 'application/json': { schema: { type: 'object' } } } }, '304': { description: 'Not modified' }, ...errors } } },
    '/api': { get: { tags: ['Capabilities'], summary: 'This API definition', operationId: 'getApiDefinition', responses: { '200': { description: 'OpenAPI 3.0', content: { 'application/vnd.oai.openapi+json;version=3.0': { schema: { type: 'object' } } } }, ...errors } } },
    '/api.html': { get: { tags: ['Capabilities'], summary: 'API documentation (HTML)', operationId: 'getApiDocumentation', responses: { '200': { description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } }, ...errors } } },
    '/collections': { get: { tags: ['Capabilities'], summary: 'The five layers', operationId: 'getCollections', responses: { '200': { description: 'Collections', content: { 'application/json': { schema: { type: 'object' } } } }, '304': { description: 'Not modified' }, ...errors } } },
  };
  for (const l of LAYER_IDS) Object.assign(paths, layerPaths(l));
  for (const extra of extraPaths) Object.assign(paths, extra());
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
