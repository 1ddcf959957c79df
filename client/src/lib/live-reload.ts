/**
 * Live updates wired to the app state, started once by the app (App.svelte) for as long as it is
 * signed in: a changed layer's tiles are fetched again, the features held for the view are
 * brought up to date (a few by id, many by asking for the view again), and the selection follows
 * the newer version of its feature (or closes when it was deleted). Editors keep the version they
 * started from, so a planner's unsaved edit still meets the newer version as a conflict.
 */
import type { LayerId } from '../../../core/layers.ts';
import { ApiError, getFeature, type StoredCollection, type StoredFeature } from './api.ts';
import { app } from './app-state.svelte.ts';
import { isWanted, loadInView, recount } from './load.ts';
import { startLive, type Changed } from './live.ts';
import { recentChanges } from './recent-changes.svelte.ts';

/** Up to this many changed features of a layer are fetched one by one (and drawn at once); more, and only the tiles and the view are asked again. */
const FEW = 20;

type Fetched = { changes: Changed[]; now: (StoredFeature | null)[] };

export function connectLive(): () => void {
  return startLive({
    onState: (s) => (app.live = s),
    reload: async (layers, ids) => {
      // A few known changes: the changed features first, so the map draws them at once, then the
      // layers' tiles asked again (their arrival clears what was drawn over them).
      const fetched = new Map<LayerId, Fetched>();
      await Promise.all(
        layers.map(async (l) => {
          const changes = ids.get(l);
          if (!changes || changes.length > FEW) return;
          try {
            // Deleted ones need no request; one deleted since its event answers 404 and goes too.
            fetched.set(l, { changes, now: await Promise.all(changes.map((c) => (c.deleted ? null : fetchOne(l, c.id)))) });
          } catch {
            /* the tiles and the view are asked again below */
          }
        }),
      );
      for (const [l, { changes, now }] of fetched) changes.forEach((c, i) => recentChanges.put(l, c.id, now[i]));
      for (const l of layers) app.markChanged(l);
      for (const layer of layers) {
        const fc = heldAfter(layer, fetched.get(layer) ?? null);
        if (fc) app.setLayerData(layer, fc);
        const sel = app.selection;
        if (sel?.layer !== layer) continue;
        const f = fetched.get(layer);
        const i = f?.changes.findIndex((c) => c.id === sel.feature.id) ?? -1;
        // Changed in bulk: the selection is asked for by id.
        const now = f && i >= 0 ? f.now[i] : f ? sel.feature : await fetchOne(layer, sel.feature.id).catch(() => sel.feature);
        if (!now) app.selection = null;
        else if (now.version !== sel.feature.version) app.selection = { layer, feature: now };
      }
    },
  });
}

/** The feature as it now is; null when it was deleted since. */
const fetchOne = (l: LayerId, id: number): Promise<StoredFeature | null> => getFeature(l, id).catch((e) => (e instanceof ApiError && e.status === 404 ? null : Promise.reject(e)));

/**
 * What the client holds of the layer after the changes. A few fetched: patched into the held
 * features, every other feature object kept as it is. Many or unknown: the view's features of the
 * layer asked again (by lib/load.ts). A layer no open panel holds is only counted again.
 */
function heldAfter(l: LayerId, few: Fetched | null): StoredCollection | null {
  const held = isWanted(l) || app.data[l].features.length > 0;
  if (few || !held) void recount(l);
  if (!held) return null;
  if (few) {
    const byId = new Map(app.data[l].features.map((f) => [f.id, f]));
    few.changes.forEach((c, i) => (few.now[i] ? byId.set(c.id, few.now[i]!) : byId.delete(c.id)));
    return { ...app.data[l], features: [...byId.values()] };
  }
  if (app.viewBox && !isWanted(l)) return { type: 'FeatureCollection', features: [] };
  if (app.viewBox) void loadInView(app.viewBox, [l]);
  return null;
}
