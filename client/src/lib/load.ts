/**
 * What the client holds of each layer: the features in the map's view, at most IN_VIEW_LIMIT per
 * layer (never a whole layer: a city has a million incidents). The map draws from vector tiles;
 * these feed details, the editor, area labels and the planner's analyses. When a view holds more,
 * the answer's `numberMatched` says how many, and the layer panel says "showing N of M".
 */
import { LAYER_IDS } from '../../../core/layers.ts';
import { layerExtent, listItems } from './api.ts';
import { app } from './app-state.svelte.ts';
import { IN_VIEW_LIMIT } from './limits.ts';

export { IN_VIEW_LIMIT };

type Box = [number, number, number, number];

let inFlight: AbortController | null = null;

/** Load every layer's features in the box; a newer call aborts an older one still running. */
export async function loadInView(box: Box): Promise<void> {
  inFlight?.abort();
  const ctl = new AbortController();
  inFlight = ctl;
  app.viewBox = box;
  app.loading = true;
  app.error = null;
  try {
    const loaded = await Promise.all(LAYER_IDS.map(async (id) => [id, await listItems(id, { bbox: box, limit: IN_VIEW_LIMIT }, ctl.signal)] as const));
    if (ctl.signal.aborted) return;
    for (const [id, fc] of loaded) app.setLayerData(id, fc);
  } catch (e) {
    if (ctl.signal.aborted) return;
    app.error = e instanceof Error ? e.message : String(e);
  } finally {
    if (inFlight === ctl) {
      inFlight = null;
      performance.mark('opsmap:data-loaded');
      app.loading = false;
    }
  }
}

/** The box of every ward (the collection's extent, kept by the server): the first view when the URL names none. */
export const wardsExtent = () => layerExtent('wards');
