/**
 * Plans and election-day reports, live: the app's live stream (lib/live.ts) reloads map layers
 * only, so a board that shows reports or plans listens to the same endpoint for its own
 * collections (`station-reports`, `station-plans`, and incidents, which carry situations) and
 * asks again once per burst. Open only while such a board is on screen.
 */
import type { ChangeEvent } from '../../../../core/api/types.ts';
import { paths } from '../../lib/api.ts';

/** `onOpen` is called each time the stream is (re)connected. */
export function listenToPlans(collections: readonly string[], onChange: () => void, debounceMs = 50, onOpen?: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const es = new EventSource(paths.live);
  const fire = () => {
    if (!timer) timer = setTimeout(() => ((timer = null), onChange()), debounceMs);
  };
  es.addEventListener('change', (e) => {
    try {
      const data = JSON.parse((e as MessageEvent<string>).data) as ChangeEvent;
      const names = Array.isArray(data) ? data.map((c) => c.collection) : data.collections;
      if (names.some((n) => collections.includes(n))) fire();
    } catch {
      fire(); // unreadable: ask again rather than miss a report
    }
  });
  // A reconnect may have missed reports: ask again.
  let first = true;
  es.addEventListener('hello', () => {
    onOpen?.();
    if (first) first = false;
    else fire();
  });
  return () => {
    es.close();
    if (timer) clearTimeout(timer);
  };
}
