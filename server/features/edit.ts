/**
 * Writing features through a Store: each write prepares its input (./prepare.ts) against the
 * wards the store holds, then hands the store a complete feature. Routes, imports, the seed and
 * the command line all write through here.
 */
import type { Issue, LayerId } from '../../core/layers.ts';
import { mergeProperties } from '../../core/feature-input.ts';
import { StoreError } from '../db/errors.ts';
import type { Actor, ImportResult, Store, StoredFeature } from '../db/store.ts';
import { prepareFeature, stripDerived, type PrepareContext } from './prepare.ts';

async function contextOf(store: Store): Promise<PrepareContext> {
  return { wards: await store.features.wards(), borderDistanceM: store.options.borderDistanceM };
}

export async function createFeature(store: Store, layer: LayerId, body: unknown, actor: Actor): Promise<StoredFeature> {
  return store.writes.create(layer, prepareFeature(layer, body, await contextOf(store)), actor);
}

/** PUT: the whole feature replaced, if it is still at version `ifMatch`. */
export async function replaceFeature(store: Store, layer: LayerId, id: number, body: unknown, ifMatch: number, actor: Actor): Promise<StoredFeature> {
  const ctx = await contextOf(store);
  return store.writes.update(layer, id, ifMatch, actor, () => prepareFeature(layer, body, ctx));
}

/** PATCH: properties merged (RFC 7396), geometry replaced only if given; the current feature is read once, by the store. */
export async function patchFeature(store: Store, layer: LayerId, id: number, body: unknown, ifMatch: number, actor: Actor): Promise<StoredFeature> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new StoreError('invalid', 'A PATCH body must be a partial GeoJSON Feature object.', [{ path: '', message: 'must be an object' }]);
  const patch = body as { type?: unknown; properties?: unknown; geometry?: unknown };
  if (patch.properties !== undefined && (patch.properties === null || typeof patch.properties !== 'object' || Array.isArray(patch.properties)))
    throw new StoreError('invalid', 'properties must be an object.', [{ path: 'properties', message: 'must be an object' }]);
  const ctx = await contextOf(store);
  return store.writes.update(layer, id, ifMatch, actor, (current) =>
    prepareFeature(
      layer,
      {
        type: 'Feature',
        geometry: patch.geometry ?? current.geometry,
        properties: mergeProperties((current.properties ?? {}) as Record<string, unknown>, (patch.properties ?? {}) as Record<string, unknown>),
      },
      ctx,
    ),
  );
}

export async function deleteFeature(store: Store, layer: LayerId, id: number, ifMatch: number, actor: Actor): Promise<void> {
  return store.writes.delete(layer, id, ifMatch, actor);
}

/**
 * Writes many features in one transaction: every feature is checked first, and a single
 * bad one means nothing is written (the error names each bad feature and why).
 * With `replace`, the layer's current features are deleted in the same transaction.
 * Points imported with new wards are derived again by the store once the wards are in.
 */
export async function importFeatures(store: Store, layer: LayerId, bodies: unknown[], actor: Actor, opts: { replace?: boolean; label?: (i: number) => string } = {}): Promise<ImportResult> {
  const label = opts.label ?? ((i: number) => `feature ${i + 1}`);
  const ctx = await contextOf(store);
  const issues: Issue[] = [];
  const ready = [];
  let bad = 0;
  for (let i = 0; i < bodies.length; i++) {
    try {
      ready.push(prepareFeature(layer, bodies[i], ctx, ` (${label(i)})`));
    } catch (e) {
      if (!(e instanceof StoreError)) throw e;
      bad++;
      for (const x of e.issues) if (issues.length < 100) issues.push({ path: `${label(i)}: ${x.path}`, message: x.message });
    }
  }
  if (bad) throw new StoreError('invalid', `Nothing was imported: ${bad} of ${bodies.length} feature(s) are not valid for ${layer}${issues.length >= 100 ? ' (the first 100 problems are listed)' : ''}.`, issues);
  return store.writes.import(layer, ready, actor, { replace: opts.replace });
}

/** Brings back the state feature `id` had at `version`, derived properties computed again. */
export async function restoreVersion(store: Store, layer: LayerId, id: number, version: number, actor: Actor): Promise<StoredFeature> {
  const ctx = await contextOf(store);
  return store.writes.restore(layer, id, version, actor, (state) => prepareFeature(layer, { ...state, properties: stripDerived(layer, state.properties) }, ctx));
}
