/**
 * Every change a planner makes on the map goes through here: one API call with `If-Match`
 * (the version the planner saw), the answer (which carries the server's derived ward_code and
 * on_border) put into the app state at once, and an undo for the change.
 *
 * A 412 becomes a ConflictError holding the server's newer feature and a `retry` that sends the
 * same change again against that newer version — the planner chooses (see ConflictDialog).
 */
import type { Geometry } from 'geojson';
import { LAYERS, type LayerId } from '../../../core/layers.ts';
import { ApiError, createItem, deleteItem, getItem, patchItem, replaceItem, restoreItem, type StoredFeature } from './api.ts';
import { app } from './app-state.svelte.ts';
import { recentChanges } from './recent-changes.svelte.ts';

/** How to take a change back; `run` is itself an edit (it may meet a conflict too). */
export interface Undo {
  label: 'create' | 'update' | 'move' | 'delete';
  layer: LayerId;
  id: number;
  run(): Promise<EditResult>;
}

export interface EditResult {
  /** The feature as the server now has it; null after a delete. */
  feature: StoredFeature | null;
  undo: Undo;
}

export class ConflictError extends Error {
  constructor(
    readonly layer: LayerId,
    readonly id: number,
    /** The newer feature on the server; null when someone deleted it. */
    readonly current: StoredFeature | null,
    /** Our change, as we meant it (properties and geometry), to show beside theirs. */
    readonly mine: { properties?: Record<string, unknown>; geometry?: Geometry },
    /** Send our change again, over the version given (the current one's). */
    readonly retry: (version: number) => Promise<EditResult>,
  ) {
    super(current ? `Feature ${id} of ${layer} changed on the server (now version ${current.version})` : `Feature ${id} of ${layer} no longer exists`);
  }
}

type Body = { type: 'Feature'; geometry: Geometry; properties: Record<string, unknown> };

/**
 * Put the server's answer into the loaded layer (and the selection, when it is that feature), and
 * draw it at once: the layer's tiles are fetched again, but that takes a moment.
 */
export function upsertLocal(layer: LayerId, f: StoredFeature) {
  recentChanges.put(layer, f.id, f);
  const fc = app.data[layer];
  const i = fc.features.findIndex((x) => x.id === f.id);
  const features = i < 0 ? [...fc.features, f] : fc.features.map((x, j) => (j === i ? f : x));
  app.setLayerData(layer, { ...fc, features });
  app.markChanged(layer);
  if (app.selection?.layer === layer && app.selection.feature.id === f.id) app.selection = { layer, feature: f };
}

export function removeLocal(layer: LayerId, id: number) {
  recentChanges.put(layer, id, null);
  const fc = app.data[layer];
  app.setLayerData(layer, { ...fc, features: fc.features.filter((x) => x.id !== id) });
  app.markChanged(layer);
  if (app.selection?.layer === layer && app.selection.feature.id === id) app.selection = null;
}

/** The version we last saw of a feature (after our own writes, the loaded one is the newest we know). */
function knownVersion(layer: LayerId, id: number, fallback: number): number {
  return (app.data[layer].features.find((f) => f.id === id)?.version as number | undefined) ?? fallback;
}

/** Run a versioned write; a 412 (or a 404 of a feature deleted meanwhile) becomes a ConflictError. */
async function versioned(
  layer: LayerId,
  id: number,
  version: number,
  mine: ConflictError['mine'],
  write: (version: number) => Promise<EditResult>,
): Promise<EditResult> {
  try {
    return await write(version);
  } catch (e) {
    if (e instanceof ApiError && e.status === 412) {
      const current = e.problem.current ?? (await fetchCurrent(layer, id));
      throw new ConflictError(layer, id, current, mine, (v) => versioned(layer, id, v, mine, write));
    }
    if (e instanceof ApiError && e.status === 404) throw new ConflictError(layer, id, null, mine, () => Promise.reject(e));
    throw e;
  }
}

async function fetchCurrent(layer: LayerId, id: number): Promise<StoredFeature | null> {
  try {
    return (await getItem(layer, id)).body;
  } catch {
    return null;
  }
}

/** Create a feature (POST). Undo deletes it. */
export async function createFeature(layer: LayerId, geometry: Geometry, properties: Record<string, unknown>): Promise<EditResult> {
  const { body: f } = await createItem(layer, { type: 'Feature', geometry, properties });
  upsertLocal(layer, f);
  return { feature: f, undo: { label: 'create', layer, id: f.id, run: () => deleteFeature(layer, f.id, knownVersion(layer, f.id, f.version ?? 1)) } };
}

/** Replace properties and geometry (PUT) over the version the planner edited. Undo puts the old ones back. */
export async function updateFeature(layer: LayerId, before: StoredFeature, properties: Record<string, unknown>, geometry: Geometry = before.geometry): Promise<EditResult> {
  const body: Body = { type: 'Feature', geometry, properties };
  return versioned(layer, before.id, before.version ?? 1, { properties, geometry }, async (v) => {
    const { body: f } = await replaceItem(layer, before.id, body, v);
    upsertLocal(layer, f);
    return { feature: f, undo: restoreUndo('update', layer, before) };
  });
}

/** Move or reshape: PATCH of the geometry alone, so properties someone else changed stay theirs. */
export async function moveFeature(layer: LayerId, before: StoredFeature, geometry: Geometry): Promise<EditResult> {
  return versioned(layer, before.id, before.version ?? 1, { geometry }, async (v) => {
    const { body: f } = await patchItem(layer, before.id, { geometry }, v);
    upsertLocal(layer, f);
    return { feature: f, undo: { label: 'move', layer, id: f.id, run: () => moveFeature(layer, app.feature(layer, f.id) ?? f, before.geometry) } };
  });
}

/** Delete over the version the planner saw. Undo restores that version (same id). */
export async function deleteFeature(layer: LayerId, id: number, version: number): Promise<EditResult> {
  return versioned(layer, id, version, {}, async (v) => {
    await deleteItem(layer, id, v);
    removeLocal(layer, id);
    return {
      feature: null,
      undo: {
        label: 'delete',
        layer,
        id,
        run: async () => {
          const { body: f } = await restoreItem(layer, id, v);
          upsertLocal(layer, f);
          return { feature: f, undo: { label: 'create', layer, id, run: () => deleteFeature(layer, id, knownVersion(layer, id, f.version ?? 1)) } };
        },
      },
    };
  });
}

/** Undo of an update: the old properties and geometry written over whatever version is newest now. */
function restoreUndo(label: 'update', layer: LayerId, before: StoredFeature): Undo {
  const props = withoutDerived(layer, before.properties);
  return {
    label,
    layer,
    id: before.id,
    run: () => {
      const now = app.feature(layer, before.id) ?? before;
      return updateFeature(layer, now, props, before.geometry);
    },
  };
}

/** Properties the server computes (ward_code, on_border) are not sent back. */
export function withoutDerived(layer: LayerId, p: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(p).filter(([k]) => !LAYERS[layer].derived.includes(k)));
}

/** After a conflict, the planner takes the server's version: show it, drop ours. */
export function takeTheirs(c: ConflictError) {
  if (c.current) upsertLocal(c.layer, c.current);
  else removeLocal(c.layer, c.id);
}
