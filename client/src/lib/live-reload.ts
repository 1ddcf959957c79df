/**
 * Live updates wired to the app state, started once by the app (App.svelte) for as long as it is
 * signed in: a changed layer's tiles are fetched again, the features held for the view are
 * brought up to date (a few by id, many by asking for the view again), and the selection follows
 * the newer version of its feature (or closes when it was deleted). Editors keep the version they
 * started from, so a planner's unsaved edit still meets the newer version as a conflict.
 */
import type { LayerId } from '../../../core/layers.ts';
import { ApiError, getFeature, listItems, type StoredCollection, type StoredFeature } from './api.ts';
import { app } from './app-state.svelte.ts';
import { IN_VIEW_LIMIT } from './load.ts';
import { startLive, type Changed } from './live.ts';

/** Up to this many changed features of a layer are fetched one by one; more, and the view is asked again. */
const FEW = 20;

export function connectLive(): () => void {
  return startLive({
    onState: (s) => (app.live = s),
    reload: async (layers, ids) => {
      for (const l of layers) app.markChanged(l);
      const loaded = await Promise.all(layers.map(async (l) => [l, await reloadLayer(l, ids.get(l) ?? null)] as const));
      for (const [layer, fc] of loaded) {
        if (fc) app.setLayerData(layer, fc);
        const sel = app.selection;
        if (sel?.layer !== layer) continue;
        const changed = ids.get(layer)?.find((c) => c.id === sel.feature.id);
        // A layer changed in bulk: the selection is asked for by id.
        const now = fc?.features.find((f) => f.id === sel.feature.id) ?? (changed || !ids.get(layer) ? await fetchOne(layer, sel.feature.id) : sel.feature);
        if (!now) app.selection = null;
        else if (now.version !== sel.feature.version) app.selection = { layer, feature: now };
      }
    },
  });
}

/** The feature as it now is; null when it was deleted since. */
const fetchOne = (l: LayerId, id: number): Promise<StoredFeature | null> => getFeature(l, id).catch((e) => (e instanceof ApiError && e.status === 404 ? null : Promise.reject(e)));

/**
 * A few known features: fetch just those and keep every other feature object as it is. Many,
 * unknown, or a failure: the view's features of the layer again (nothing when there is no view yet).
 */
async function reloadLayer(l: LayerId, few: Changed[] | null): Promise<StoredCollection | null> {
  if (few && few.length <= FEW) {
    try {
      // Deleted ones need no request; one deleted since its event answers 404 and goes too.
      const now = await Promise.all(few.map((c) => (c.deleted ? null : fetchOne(l, c.id))));
      const byId = new Map(app.data[l].features.map((f) => [f.id, f]));
      few.forEach((c, i) => (now[i] ? byId.set(c.id, now[i]!) : byId.delete(c.id)));
      return { ...app.data[l], features: [...byId.values()] };
    } catch {
      /* fall through to the view */
    }
  }
  return app.viewBox ? listItems(l, { bbox: app.viewBox, limit: IN_VIEW_LIMIT }) : null;
}
