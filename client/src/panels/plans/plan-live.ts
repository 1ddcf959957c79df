/**
 * Plans and election-day reports, live: the app's live stream (lib/live.ts) reloads map layers
 * only, so the plan panels that show reports or plans listen to the same endpoint for their own
 * collections (`station-reports`, `station-plans`, and layers a board is computed from) and ask
 * again once per burst. The panels share one EventSource, open while any of them is on screen
 * (the server caps live connections per user).
 */
import type { ChangeEvent } from '../../../../core/api/types.ts';
import { paths } from '../../lib/api.ts';

interface Listener {
  collections: readonly string[];
  fire: () => void;
  onOpen?: () => void;
}

const listeners = new Set<Listener>();
let source: EventSource | null = null;
let connected = false;

function connect() {
  const es = new EventSource(paths.live);
  let first = true;
  es.addEventListener('change', (e) => {
    let names: string[] | null = null;
    try {
      const data = JSON.parse((e as MessageEvent<string>).data) as ChangeEvent;
      names = Array.isArray(data) ? data.map((c) => c.collection) : data.collections;
    } catch {
      names = null; // unreadable: everyone asks again rather than miss a report
    }
    for (const l of listeners) if (!names || names.some((n) => l.collections.includes(n))) l.fire();
  });
  es.addEventListener('hello', () => {
    connected = true;
    for (const l of listeners) l.onOpen?.();
    // A reconnect may have missed changes: everyone asks again.
    if (first) first = false;
    else for (const l of listeners) l.fire();
  });
  es.addEventListener('error', () => (connected = false));
  return es;
}

/** Calls `onChange` (once per burst) when one of `collections` changes; `onOpen` each time the stream is (re)connected. Returns a function that stops. */
export function listenToPlans(collections: readonly string[], onChange: () => void, debounceMs = 50, onOpen?: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const l: Listener = {
    collections,
    onOpen,
    fire: () => {
      if (!timer) timer = setTimeout(() => ((timer = null), onChange()), debounceMs);
    },
  };
  listeners.add(l);
  if (!source) source = connect();
  else if (connected) queueMicrotask(() => onOpen?.());
  return () => {
    listeners.delete(l);
    if (timer) clearTimeout(timer);
    if (!listeners.size && source) {
      source.close();
      source = null;
      connected = false;
    }
  };
}
