/**
 * Live updates: the server pushes every committed change as a Server-Sent Event (`paths.live`);
 * the layers named in a burst of events are reloaded once, shortly after the burst, so every open
 * map shows others' changes within a second without one request per change. Changes this
 * browser made itself are skipped (see own-writes.ts): their answers are already in the app state.
 *
 * EventSource reconnects by itself (the server asks for a 2 s retry). Changes made while the
 * stream was down are not replayed, so on every reconnect every layer is reloaded.
 */
import type { Change, ChangeEvent } from '../../../core/api/types.ts';
import { LAYER_IDS, isLayerId, type LayerId } from '../../../core/layers.ts';
import { paths } from './api.ts';
import { ownWrites as browserWrites, type OwnWrites } from './own-writes.ts';

export type LiveState = 'connecting' | 'open' | 'lost';

/** The operational layers an event's data names (reference layers and unknown names are ignored). */
export function changedLayers(data: ChangeEvent): LayerId[] {
  const names = Array.isArray(data) ? data.map((c) => c.collection) : data.collections;
  return LAYER_IDS.filter((id) => names.includes(id) && isLayerId(id));
}

/** A feature named by a change event. */
export interface Changed {
  id: number;
  deleted: boolean;
}

/** What startLive needs of an EventSource (a stand-in in tests). */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (e: MessageEvent<string>) => void): void;
  close(): void;
}

export interface LiveOptions {
  /** Reload these layers; `changed` lists the features each changed (null: unknown, reload it all). */
  reload: (layers: LayerId[], changed: Map<LayerId, Changed[] | null>) => Promise<void>;
  /** Connection state, for a small indicator. */
  onState?: (state: LiveState) => void;
  /** Collect changes this long before reloading (default 25 ms: a burst still arrives as one event). */
  debounceMs?: number;
  url?: string;
  /** This browser's own writes, whose events are skipped (default: the ones api.ts notes). */
  own?: OwnWrites;
  /** Opens the stream (default: the browser's EventSource). */
  connect?: (url: string) => EventSourceLike;
}

const CLOSED = 2; // EventSource.CLOSED, also where there is no EventSource (tests)

/** Start listening; returns a function that stops. */
export function startLive(opts: LiveOptions): () => void {
  const debounce = opts.debounceMs ?? 25;
  const own = opts.own ?? browserWrites;
  // Per layer, what changed since the last reload: the changes, or null for "unknown, all of it".
  let pending = new Map<LayerId, Change[] | null>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let connectedOnce = false;
  let running: Promise<void> = Promise.resolve();

  const reloadNow = async (batch: Map<LayerId, Change[] | null>) => {
    // Our own writes' events may come before their answers: wait for those, then leave them out.
    await own.settled();
    const ids = new Map<LayerId, Changed[] | null>();
    for (const [layer, changes] of batch) {
      if (!changes) {
        ids.set(layer, null);
        continue;
      }
      const last = new Map<number, boolean>(); // id → deleted; the last change of an id wins
      for (const c of changes) if (!own.take(c)) last.set(c.id, c.action === 'delete');
      if (last.size) ids.set(layer, [...last].map(([id, deleted]) => ({ id, deleted })));
    }
    if (ids.size) await opts.reload([...ids.keys()], ids);
  };

  const flush = () => {
    timer = null;
    const batch = pending;
    pending = new Map();
    // One reload at a time, so an older answer never lands after a newer one.
    if (batch.size) running = running.then(() => reloadNow(batch)).catch(() => undefined);
  };
  const schedule = (layers: LayerId[], changes?: Change[]) => {
    for (const l of layers) {
      const known = pending.has(l) ? pending.get(l)! : [];
      const mine = changes?.filter((c) => c.collection === l);
      pending.set(l, known && mine ? [...known, ...mine] : null);
    }
    if (!timer) timer = setTimeout(flush, debounce);
  };

  opts.onState?.('connecting');
  const url = opts.url ?? paths.live;
  const es = opts.connect ? opts.connect(url) : new EventSource(url);
  es.addEventListener('hello', () => {
    opts.onState?.('open');
    // A reconnect: whatever changed while we were away is reloaded.
    if (connectedOnce) schedule([...LAYER_IDS]);
    connectedOnce = true;
  });
  es.addEventListener('change', (e) => {
    try {
      const data = JSON.parse(e.data) as ChangeEvent;
      schedule(changedLayers(data), Array.isArray(data) ? data : undefined);
    } catch {
      schedule([...LAYER_IDS]); // a message we cannot read: reload everything rather than miss it
    }
  });
  es.addEventListener('error', () => opts.onState?.(es.readyState === CLOSED ? 'lost' : 'connecting'));

  return () => {
    es.close();
    if (timer) clearTimeout(timer);
  };
}
