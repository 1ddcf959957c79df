/**
 * Editing, OGC API – Features Part 4: POST items, PUT/PATCH/DELETE an item. Changing or
 * deleting needs `If-Match` with the version the client edited, so two planners editing
 * the same checkpoint never silently overwrite each other: the loser gets 412 and the
 * current version. Also the feature's history and restoring an earlier version.
 */
import { Hono, type Context } from 'hono';
import { createFeature, deleteFeature, featureHistory, patchFeature, replaceFeature, restoreVersion, type StoredFeature } from '../db/store.ts';
import type { AppDeps } from '../deps.ts';
import { HttpProblem } from '../http/problem.ts';
import { actorOf, readJson } from '../http/request.ts';
import { baseUrl, etagOf, featureIdOf, GEOJSON, layerOf } from './features.ts';

/** The version named by `If-Match: "3"` (weak tags accepted: clients add W/ freely). */
export function ifMatchVersion(c: Context): number {
  const h = c.req.header('if-match');
  if (!h) throw new HttpProblem(428, 'Send If-Match with the ETag of the version you edited (from GET on the item), so that a newer change by someone else is not overwritten.');
  const m = /^\s*(?:W\/)?"(\d+)"\s*$/.exec(h);
  if (!m) throw new HttpProblem(412, `If-Match "${h}" is not an ETag of this server; GET the item and use its ETag header.`);
  return Number(m[1]);
}

function featureResponse(c: Context, f: StoredFeature, status: 200 | 201) {
  return c.body(JSON.stringify(f), status, { 'Content-Type': GEOJSON, ETag: etagOf(f.version) });
}

export function editRoutes(deps: AppDeps) {
  const app = new Hono();
  const { db } = deps;

  app.post('/collections/:collectionId/items', async (c) => {
    const layer = layerOf(c.req.param('collectionId'));
    const f = createFeature(db, layer, await readJson(c), actorOf(c));
    c.header('Location', `${baseUrl(c, deps)}/collections/${layer}/items/${f.id}`);
    return featureResponse(c, f, 201);
  });

  app.put('/collections/:collectionId/items/:featureId', async (c) => {
    const layer = layerOf(c.req.param('collectionId'));
    const id = featureIdOf(c.req.param('featureId'));
    const version = ifMatchVersion(c);
    return featureResponse(c, replaceFeature(db, layer, id, await readJson(c), version, actorOf(c)), 200);
  });

  app.patch('/collections/:collectionId/items/:featureId', async (c) => {
    const layer = layerOf(c.req.param('collectionId'));
    const id = featureIdOf(c.req.param('featureId'));
    const version = ifMatchVersion(c);
    return featureResponse(c, patchFeature(db, layer, id, await readJson(c, ['application/merge-patch+json']), version, actorOf(c)), 200);
  });

  app.delete('/collections/:collectionId/items/:featureId', (c) => {
    const layer = layerOf(c.req.param('collectionId'));
    const id = featureIdOf(c.req.param('featureId'));
    deleteFeature(db, layer, id, ifMatchVersion(c), actorOf(c));
    return c.body(null, 204);
  });

  app.get('/collections/:collectionId/items/:featureId/history', (c) => {
    const layer = layerOf(c.req.param('collectionId'));
    const id = featureIdOf(c.req.param('featureId'));
    const entries = featureHistory(db, layer, id);
    if (!entries.length) throw new HttpProblem(404, `Feature ${id} of ${layer} has no recorded history.`);
    return c.json({ collection: layer, id, entries });
  });

  app.post('/collections/:collectionId/items/:featureId/restore', async (c) => {
    const layer = layerOf(c.req.param('collectionId'));
    const id = featureIdOf(c.req.param('featureId'));
    const body = (await readJson(c)) as { version?: unknown };
    if (!body || typeof body !== 'object' || !Number.isInteger(body.version)) throw new HttpProblem(400, 'Send {"version": N}: the version to bring back, from the feature history.');
    return featureResponse(c, restoreVersion(db, layer, id, body.version as number, actorOf(c)), 200);
  });

  return app;
}
