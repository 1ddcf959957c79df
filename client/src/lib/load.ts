/**
 * What the client holds of each layer for the map's view. The map draws from vector tiles; the
 * features themselves (at most IN_VIEW_LIMIT per layer, never a whole layer: a city has a million
 * incidents) are fetched only for layers an open panel needs — the commander's summary, an
 * analysis, a buffer source, zone labels (see `wantInView`). Every other layer the layer panel
 * shows is only counted: a one-feature page of the view, whose `numberMatched` says how many it
 * holds. So a first view costs a few small answers instead of megabytes of features nobody reads;
 * when a held list is cut, its `numberMatched` says so and the panels say "showing N of M".
 */
import { untrack } from 'svelte';
import { LAYER_IDS, type LayerId } from '../../../core/layers.ts';
import { layerExtent, listItems } from './api.ts';
import { app } from './app-state.svelte.ts';
import { IN_VIEW_LIMIT } from './limits.ts';

type Box = [number, number, number, number];

/** The layers the layer panel lists and counts for the view, top of the map first. */
export const COUNTED: readonly LayerId[] = ['checkpoints', 'polling-stations', 'incidents', 'quarantine-zones', 'wards'];

/** How many open panels need each layer's features in view. */
const wants = new Map<LayerId, number>();
/** Does an open panel need this layer's features in view? */
export const isWanted = (l: LayerId) => (wants.get(l) ?? 0) > 0;

/** Per layer, the request in flight for it (a newer view aborts it) and the box its data is for. */
const inFlight = new Map<LayerId, { ctl: AbortController; done: Promise<void> }>();
const heldFor = new Map<LayerId, string>();
const keyOf = (box: Box) => box.join(',');

function settle() {
  if (inFlight.size || !app.loading) return;
  performance.mark('opsmap:data-loaded');
  app.loading = false;
}

/** Fetch one layer for the box: its features when wanted, else its count. */
function loadLayer(id: LayerId, box: Box): Promise<void> {
  inFlight.get(id)?.ctl.abort();
  const ctl = new AbortController();
  const wanted = isWanted(id);
  const done = listItems(id, { bbox: box, limit: wanted ? IN_VIEW_LIMIT : 1 }, ctl.signal).then(
    (fc) => {
      if (ctl.signal.aborted) return;
      app.setCount(id, fc.numberMatched ?? fc.features.length);
      if (wanted) {
        app.setLayerData(id, fc);
        heldFor.set(id, keyOf(box));
      } else if (app.data[id].features.length) {
        // Features of another view are no longer the view's: drop them rather than show stale ones.
        app.setLayerData(id, { type: 'FeatureCollection', features: [] });
        heldFor.delete(id);
      }
    },
    (e) => {
      if (!ctl.signal.aborted) app.error = e instanceof Error ? e.message : String(e);
    },
  );
  const entry = {
    ctl,
    done: done.finally(() => {
      if (inFlight.get(id) === entry) inFlight.delete(id);
      settle();
    }),
  };
  inFlight.set(id, entry);
  return entry.done;
}

/** Load the view: the wanted layers' features, the others' counts; a newer call aborts an older one still running. */
export async function loadInView(box: Box, layers: readonly LayerId[] = LAYER_IDS): Promise<void> {
  app.viewBox = box;
  app.loading = true;
  app.error = null;
  await Promise.all(layers.filter((id) => isWanted(id) || COUNTED.includes(id)).map((id) => loadLayer(id, box)));
  settle();
}

/**
 * A panel needs these layers' features in view for as long as it is open: they are fetched now
 * (for the current view) and with every later view. Returns the release; call it when closed.
 */
export function wantInView(layers: readonly LayerId[]): () => void {
  const fresh = layers.filter((l) => !isWanted(l));
  for (const l of layers) wants.set(l, (wants.get(l) ?? 0) + 1);
  // Called from effects: what this reads and writes must not become the effect's dependencies.
  untrack(() => {
    if (fresh.length && app.viewBox) void loadInView(app.viewBox, fresh);
  });
  let released = false;
  return () => {
    if (released) return;
    released = true;
    for (const l of layers) wants.set(l, (wants.get(l) ?? 1) - 1);
  };
}

/**
 * The layers' features for the current view, fetched now if not held yet (an analysis asked to
 * run): resolves once they are in `app.data`. The layers stay wanted until `release` is called.
 */
export async function ensureInView(layers: readonly LayerId[]): Promise<() => void> {
  const release = wantInView(layers);
  const box = app.viewBox;
  if (box) {
    const missing = layers.filter((l) => heldFor.get(l) !== keyOf(box) && !inFlight.has(l));
    if (missing.length) await loadInView(box, missing);
    await Promise.all(layers.map((l) => inFlight.get(l)?.done));
  }
  return release;
}

/** Count one layer in the view again (a live change may have added or removed some): nothing else changes. */
export async function recount(id: LayerId): Promise<void> {
  const box = app.viewBox;
  if (!box || !COUNTED.includes(id)) return;
  try {
    const fc = await listItems(id, { bbox: box, limit: 1 });
    if (app.viewBox === box) app.setCount(id, fc.numberMatched ?? fc.features.length);
  } catch {
    /* the count stays; the next view asks again */
  }
}

/** The box of every ward (the collection's extent, kept by the server): the first view when the URL names none. */
export const wardsExtent = () => layerExtent('wards');
