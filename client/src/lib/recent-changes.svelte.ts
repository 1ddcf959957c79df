/**
 * Features changed since their layer's tiles were last fetched: written here (lib/edits.ts) or
 * announced by the live stream (lib/live-reload.ts). The map draws them at once over its tiles
 * and hides their stale tile copies (map/recent-overlay.ts) until its tiles show the same
 * (`forget`). Each entry remembers the generation it came in: a refresh started before a change
 * cannot show it.
 */
import type { LayerId } from '../../../core/layers.ts';
import type { StoredFeature } from './api.ts';

export interface RecentEntry {
  /** The feature as it now is; null when it was deleted. */
  feature: StoredFeature | null;
  gen: number;
}

class RecentChanges {
  /** Per layer, changed features by id (replaced, never mutated: a new value is the change signal). */
  byLayer = $state.raw<Partial<Record<LayerId, ReadonlyMap<number, RecentEntry>>>>({});
  private gen = 0;

  /** A feature of `layer` changed (null: deleted). */
  put(layer: LayerId, id: number, feature: StoredFeature | null) {
    const next = new Map(this.byLayer[layer] ?? []);
    next.set(id, { feature, gen: ++this.gen });
    this.byLayer = { ...this.byLayer, [layer]: next };
  }

  /** The generation of the newest change: a refresh started now contains every change up to it. */
  generation(): number {
    return this.gen;
  }

  /** The layer's tiles now show these changes (id and the generation seen): forget them, unless a newer change of the same feature came since. */
  forget(layer: LayerId, seen: readonly (readonly [number, number])[]) {
    const now = this.byLayer[layer];
    if (!now?.size || !seen.length) return;
    const next = new Map(now);
    for (const [id, gen] of seen) if (next.get(id)?.gen === gen) next.delete(id);
    if (next.size !== now.size) this.byLayer = { ...this.byLayer, [layer]: next };
  }
}

export const recentChanges = new RecentChanges();
