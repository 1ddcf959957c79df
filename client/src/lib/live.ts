/**
 * Live updates: the server pushes every committed change as a Server-Sent Event (GET /api/live);
 * the layers named in a burst of events are reloaded once, shortly after the burst, so every open
 * map shows others' changes within a second without one request per change.
 *
 * EventSource reconnects by itself (the server asks for a 2 s retry). Changes made while the
 * stream was down are not replayed, so on every reconnect every layer is reloaded.
 */
import { LAYER_IDS, isLayerId, type LayerId } from '../../../core/layers.ts';
import { listItems } from './api.ts';
import { app } from './app-state.svelte.ts';

/** One change as the server sends it. */
export interface LiveChange {
  collection: string;
  id: number;
  action: string;
  version: number;
  at: string;
  actor: string;
}

/** An import or other large burst, summarised. */
export interface LiveBulk {
  bulk: true;
  collections: string[];
  count: number;
}

/** The operational layers an event's data names (reference layers and unknown names are ignored). */
export function changedLayers(data: LiveChange[] | LiveBulk): LayerId[] {
  const names = Array.isArray(data) ? data.map((c) => c.collection) : data.collections;
  return LAYER_IDS.filter((id) => names.includes(id) && isLayerId(id));
}

export interface LiveOptions {
  /** Reload these layers from the API. */
  reload: (layers: LayerId[]) => Promise<void>;
  /** Connection state, for a small indicator. */
  onState?: (state: 'connecting' | 'open' | 'lost') => void;
  /** Collect changes this long before reloading (default 120 ms). */
  debounceMs?: number;
  url?: string;
}

/** Start listening; returns a function that stops. */
export function startLive(opts: LiveOptions): () => void {
  const debounce = opts.debounceMs ?? 120;
  let pending = new Set<LayerId>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let connectedOnce = false;
  let running: Promise<void> = Promise.resolve();

  const flush = () => {
    timer = null;
    const layers = [...pending];
    pending = new Set();
    // One reload at a time, so an older answer never lands after a newer one.
    if (layers.length) running = running.then(() => opts.reload(layers)).catch(() => undefined);
  };
  const schedule = (layers: LayerId[]) => {
    for (const l of layers) pending.add(l);
    if (!timer) timer = setTimeout(flush, debounce);
  };

  opts.onState?.('connecting');
  const es = new EventSource(opts.url ?? '/api/live');
  es.addEventListener('hello', () => {
    opts.onState?.('open');
    // A reconnect: whatever changed while we were away is reloaded.
    if (connectedOnce) schedule([...LAYER_IDS]);
    connectedOnce = true;
  });
  es.addEventListener('change', (e) => {
    try {
      schedule(changedLayers(JSON.parse((e as MessageEvent<string>).data)));
    } catch {
      schedule([...LAYER_IDS]); // a message we cannot read: reload everything rather than miss it
    }
  });
  es.addEventListener('error', () => opts.onState?.(es.readyState === EventSource.CLOSED ? 'lost' : 'connecting'));

  return () => {
    es.close();
    if (timer) clearTimeout(timer);
  };
}

/**
 * Live updates wired to the app state: changed layers are reloaded, and the selection follows
 * the newer version of its feature (or closes when it was deleted). Editors keep the version
 * they started from, so a planner's unsaved edit still meets the newer version as a conflict.
 */
export function connectLive(onState?: LiveOptions['onState']): () => void {
  return startLive({
    onState,
    reload: async (layers) => {
      const loaded = await Promise.all(layers.map(async (l) => [l, await listItems(l)] as const));
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
