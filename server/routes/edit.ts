/**
 * Editing, OGC API – Features Part 4: POST items, PUT/PATCH/DELETE an item. Changing or
 * deleting needs `If-Match` with the version the client edited, so two planners editing
 * the same checkpoint never silently overwrite each other: the loser gets 412 and the
 * current version. Also the feature's history and restoring an earlier version.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import type { LayerId } from '../../core/layers.ts';
import { onLayer } from '../auth/policy.ts';
import { StoreError, type StoredFeature } from '../db/store.ts';
import { rowToFeature } from '../db/rows.ts';
import { createFeature, deleteFeature, patchFeature, replaceFeature, restoreVersion } from '../features/edit.ts';
import type { AppDeps } from '../deps.ts';
import { endpoint, type Endpoint, type Operation } from '../http/endpoint.ts';
import { baseUrl, collectionParams, etagOf, featureParams, GEOJSON, ifMatchVersion } from '../http/ogc.ts';
import { HttpProblem } from '../http/problem.ts';
import { actorOf, readJson } from '../http/request.ts';
import { ERRORS, featureIdParam, geojson, problemResponse } from '../openapi.ts';

function featureResponse(c: Context, f: StoredFeature, status: 200 | 201) {
  return c.body(JSON.stringify(f), status, { 'Content-Type': GEOJSON, ETag: etagOf(f.version) });
}

const ifMatch = { name: 'If-Match', in: 'header', required: true, schema: { type: 'string' }, description: 'ETag of the version being changed (from GET on the item).' };
const featureBody = (layer: string) => ({ required: true, content: { 'application/geo+json': { schema: { $ref: `#/components/schemas/${layer}-feature` } }, 'application/json': { schema: { $ref: `#/components/schemas/${layer}-feature` } } } });
const EDIT_ERRORS = { ...ERRORS, '412': problemResponse('Someone changed the feature since you read it; the body has `current`.'), '415': problemResponse('Body is not JSON.'), '428': problemResponse('If-Match is required.') };
const SEND_VERSION = 'Send {"version": N}: the version to bring back, from the feature history.';
const RestoreBody = z.object({ version: z.int({ error: SEND_VERSION }) }, { error: SEND_VERSION });
const feature = (layer: string, description: string) => geojson(`#/components/schemas/${layer}-feature`, description);

export function editEndpoints(deps: AppDeps): Endpoint[] {
  const { store } = deps;
  const currentVersion = (layer: LayerId, id: number) => async () => (await store.features.get(layer, id))?.version ?? null;
  /**
   * PUT, PATCH and DELETE of an item: the same path, permission and If-Match rule. `version()`
   * reads If-Match; PUT and PATCH call it after their body has arrived, so `If-Match: *` takes
   * the version current at the write.
   */
  const changeEndpoint = (
    method: 'PUT' | 'PATCH' | 'DELETE',
    doc: (layer: LayerId, title: string) => Operation,
    change: (c: Context, layer: LayerId, id: number, version: () => Promise<number>) => Promise<Response>,
  ) =>
    endpoint({
      method,
      path: '/collections/:collectionId/items/:featureId',
      permission: onLayer('edit'),
      params: featureParams,
      doc: { perCollection: doc },
      handler: (c, { params: { collectionId: layer, featureId: id } }) => change(c, layer, id, () => ifMatchVersion(c, currentVersion(layer, id))),
    });
  return [
    endpoint({
      method: 'POST',
      path: '/collections/:collectionId/items',
      permission: onLayer('edit'),
      params: collectionParams,
      doc: { perCollection: (layer, title) => ({
        tags: [title],
        summary: `Add a feature to ${title}`,
        operationId: `create-${layer}`,
        requestBody: featureBody(layer),
        responses: { '201': { ...feature(layer, 'Created; Location and ETag headers set'), headers: { Location: { schema: { type: 'string' } }, ETag: { schema: { type: 'string' } } } }, ...EDIT_ERRORS },
      }) },
      handler: async (c, { params }) => {
        const layer = params.collectionId;
        const f = await createFeature(store, layer, await readJson(c), actorOf(c));
        c.header('Location', `${baseUrl(c, deps)}/collections/${layer}/items/${f.id}`);
        return featureResponse(c, f, 201);
      },
    }),

    changeEndpoint('PUT', (layer, title) => ({ tags: [title], summary: 'Replace a feature', operationId: `replace-${layer}`, parameters: [featureIdParam, ifMatch], requestBody: featureBody(layer), responses: { '200': feature(layer, 'Replaced'), ...EDIT_ERRORS } }), async (c, layer, id, version) =>
      featureResponse(c, await replaceFeature(store, layer, id, await readJson(c), await version(), actorOf(c)), 200),
    ),

    changeEndpoint(
      'PATCH',
      (layer, title) => ({
        tags: [title],
        summary: 'Change some properties and/or the geometry (JSON Merge Patch of properties)',
        operationId: `patch-${layer}`,
        parameters: [featureIdParam, ifMatch],
        requestBody: { required: true, content: { 'application/merge-patch+json': { schema: { type: 'object' } }, 'application/json': { schema: { type: 'object' } } } },
        responses: { '200': feature(layer, 'Updated'), ...EDIT_ERRORS },
      }),
      async (c, layer, id, version) => featureResponse(c, await patchFeature(store, layer, id, await readJson(c, ['application/merge-patch+json']), await version(), actorOf(c)), 200),
    ),

    changeEndpoint('DELETE', (layer, title) => ({ tags: [title], summary: 'Delete a feature (it stays in the history and can be restored)', operationId: `delete-${layer}`, parameters: [featureIdParam, ifMatch], responses: { '204': { description: 'Deleted' }, ...EDIT_ERRORS } }), async (c, layer, id, version) => {
      await deleteFeature(store, layer, id, await version(), actorOf(c));
      return c.body(null, 204);
    }),

    endpoint({
      method: 'GET',
      path: '/collections/:collectionId/items/:featureId/history',
      permission: onLayer('history'),
      params: featureParams,
      doc: { perCollection: (layer, title) => ({ tags: [title], summary: 'Every recorded change of the feature', operationId: `history-${layer}`, parameters: [featureIdParam], responses: { '200': { description: 'History entries, oldest first', content: { 'application/json': { schema: { type: 'object' } } } }, ...ERRORS } }) },
      handler: async (c, { params }) => {
        const { collectionId: layer, featureId: id } = params;
        const entries = await store.history.feature(layer, id);
        if (!entries.length) throw new HttpProblem(404, `Feature ${id} of ${layer} has no recorded history.`);
        return c.json({ collection: layer, id, entries });
      },
    }),

    endpoint({
      method: 'POST',
      path: '/collections/:collectionId/items/:featureId/restore',
      permission: onLayer('history'),
      params: featureParams,
      doc: { perCollection: (layer, title) => ({
        tags: [title],
        summary: 'Bring back a recorded version (also of a deleted feature); If-Match with the current ETag unless the feature is deleted',
        operationId: `restore-${layer}`,
        parameters: [featureIdParam, { ...ifMatch, required: false }],
        responses: { '200': feature(layer, 'Restored as a new version'), ...ERRORS },
      }) },
      body: RestoreBody,
      handler: async (c, { params, body }) => {
        const { collectionId: layer, featureId: id } = params;
        // The same rule as every other write (issue 15 #4: a restore silently overwrote another
        // planner's newer version). A deleted feature has nothing to overwrite: no If-Match then.
        const row = await store.features.get(layer, id);
        const current = row ? rowToFeature(row) : null;
        if (current) {
          const expected = await ifMatchVersion(c, async () => current.version);
          if (expected !== current.version)
            throw new StoreError('conflict', `Feature ${id} was changed by someone else (it is now at version ${current.version}, you saw version ${expected}). Review the current version before restoring an older one over it.`, [], current);
        } else if (c.req.header('if-match') !== undefined) {
          throw new HttpProblem(412, `Feature ${id} of ${layer} is deleted; restore it without If-Match.`);
        }
        return featureResponse(c, await restoreVersion(store, layer, id, body.version, actorOf(c)), 200);
      },
    }),
  ];
}
