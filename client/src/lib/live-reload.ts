/**
 * Live updates wired to the app state, started once by the app (App.svelte) for as long as it is
 * signed in: changed layers are reloaded, and the selection follows the newer version of its
 * feature (or closes when it was deleted). Editors keep the version they started from, so a
 * planner's unsaved edit still meets the newer version as a conflict.
 */
import type { LayerId } from '../../../core/layers.ts';
import { ApiError, getItem, listItems, type StoredCollection, type StoredFeature } from './api.ts';
import { app } from './app-state.svelte.ts';
import { startLive, type Changed } from './live.ts';

/** Up to this many changed features of a layer are fetched one by one; more, and the layer is reloaded whole. */
const FEW = 20;

export function connectLive(): () => void {
  return startLive({
    onState: (s) => (app.live = s),
    reload: async (layers, ids) => {
      const loaded = await Promise.all(layers.map(async (l) => [l, await reloadLayer(l, ids.get(l) ?? null)] as const));
      for (const [layer, fc] of loaded) {
        app.setLayerData(layer, fc);
        const sel = app.selection;
        if (sel?.layer === layer) {
          const now = fc.features.find((f) => f.id === sel.feature.id);
          if (!now) app.selection = null;
          else if (now.version !== sel.feature.version) app.selection = { layer, feature: now };
        }
      }
    },
  });
}

/**
 * A few known features: fetch just those and keep every other feature object as it is, so the
 * map sends only them to its worker. Many, unknown, or a failure: the whole layer.
 */
async function reloadLayer(l: LayerId, few: Changed[] | null): Promise<StoredCollection> {
  if (few && few.length <= FEW) {
    try {
      // Deleted ones need no request; one deleted since its event answers 404 and goes too.
      const fetchOne = (id: number) =>
        getItem(l, id).then(
          ({ body: { links: _links, ...f } }: { body: StoredFeature & { links?: unknown } }) => f as StoredFeature,
          (e) => (e instanceof ApiError && e.status === 404 ? null : Promise.reject(e)),
        );
      const now = await Promise.all(few.map((c) => (c.deleted ? null : fetchOne(c.id))));
      const byId = new Map(app.data[l].features.map((f) => [f.id, f]));
      few.forEach((c, i) => (now[i] ? byId.set(c.id, now[i]!) : byId.delete(c.id)));
      return { ...app.data[l], features: [...byId.values()] };
    } catch {
      /* fall through to the whole layer */
    }
  }
  return listItems(l);
}
