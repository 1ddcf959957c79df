/**
 * Live updates: the server pushes every committed change as a Server-Sent Event (GET /api/live);
 * the layers named in a burst of events are reloaded once, shortly after the burst, so every open
 * map shows others' changes within a second without one request per change.
 *
 * EventSource reconnects by itself (the server asks for a 2 s retry). Changes made while the
 * stream was down are not replayed, so on every reconnect every layer is reloaded.
 */
import { LAYER_IDS, isLayerId, type LayerId } from '../../../core/layers.ts';
import { ApiError, getItem, listItems, type ApiCollection, type ApiFeature } from './api.ts';
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
  /** Reload these layers; `changed` lists the features each changed (null: unknown, reload it all). */
  reload: (layers: LayerId[], changed: Map<LayerId, Changed[] | null>) => Promise<void>;
  /** Connection state, for a small indicator. */
  onState?: (state: 'connecting' | 'open' | 'lost') => void;
  /** Collect changes this long before reloading (default 25 ms: a burst still arrives as one event). */
  debounceMs?: number;
  url?: string;
}

/** A feature named by a change event. */
export interface Changed {
  id: number;
  deleted: boolean;
}

/** Start listening; returns a function that stops. */
export function startLive(opts: LiveOptions): () => void {
  const debounce = opts.debounceMs ?? 25;
  let pending = new Set<LayerId>();
  let pendingIds = new Map<LayerId, Map<number, boolean> | null>(); // id → deleted
  let timer: ReturnType<typeof setTimeout> | null = null;
  let connectedOnce = false;
  let running: Promise<void> = Promise.resolve();

  const flush = () => {
    timer = null;
    const layers = [...pending];
    const ids = new Map([...pendingIds].map(([l, m]) => [l, m ? [...m].map(([id, deleted]) => ({ id, deleted })) : null] as const));
    pending = new Set();
    pendingIds = new Map();
    // One reload at a time, so an older answer never lands after a newer one.
    if (layers.length) running = running.then(() => opts.reload(layers, ids)).catch(() => undefined);
  };
  const schedule = (layers: LayerId[], changes?: LiveChange[]) => {
    for (const l of layers) {
      pending.add(l);
      const known = pendingIds.has(l) ? pendingIds.get(l)! : new Map<number, boolean>();
      const mine = changes?.filter((c) => c.collection === l);
      if (known && mine) for (const c of mine) known.set(c.id, c.action === 'delete'); // the last change of an id wins
      pendingIds.set(l, known && mine ? known : null);
    }
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
      const data = JSON.parse((e as MessageEvent<string>).data) as LiveChange[] | LiveBulk;
      schedule(changedLayers(data), Array.isArray(data) ? data : undefined);
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
    reload: async (layers, ids) => {
      const loaded = await Promise.all(
        layers.map(async (l) => {
          const few = ids.get(l);
          // A few known features: fetch just those and keep every other feature object as it is,
          // so the map sends only them to its worker. Many, unknown, or a failure: the whole layer.
          if (few && few.length <= 20) {
            try {
              // Deleted ones need no request; one deleted since its event answers 404 and goes too.
              const fetchOne = (id: number) => getItem(l, id).then(({ body: { links: _links, ...f } }: { body: ApiFeature & { links?: unknown } }) => f as ApiFeature, (e) => (e instanceof ApiError && e.status === 404 ? null : Promise.reject(e)));
              const now = await Promise.all(few.map((c) => (c.deleted ? null : fetchOne(c.id))));
              const byId = new Map(app.data[l].features.map((f) => [f.id, f]));
              few.forEach((c, i) => (now[i] ? byId.set(c.id, now[i]!) : byId.delete(c.id)));
              return [l, { ...app.data[l], features: [...byId.values()] } as ApiCollection] as const;
            } catch {
              /* fall through to the whole layer */
            }
          }
          return [l, await listItems(l)] as const;
        }),
      );
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
