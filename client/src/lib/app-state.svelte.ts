/**
 * The application state, held as raw (not deeply proxied) values: features are large and are
 * replaced, never mutated in place, so a new value is the change signal.
 */
import { LAYER_IDS, type LayerId } from '../../../core/layers.ts';
import type { Lang } from '../../../core/style/index.ts';
import type { StoredCollection, StoredFeature } from './api.ts';
import type { LiveState } from './live.ts';

const LANG_KEY = 'opsmap.lang';

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(LANG_KEY);
    if (saved === 'vi' || saved === 'en') return saved;
  } catch {
    /* storage may be disabled: fall back to Vietnamese */
  }
  return 'vi';
}

export interface Selection {
  layer: LayerId;
  feature: StoredFeature;
}

const empty = (): StoredCollection => ({ type: 'FeatureCollection', features: [] });

class AppState {
  lang = $state.raw<Lang>(initialLang());
  visible = $state.raw<LayerId[]>([...LAYER_IDS]);
  /**
   * What the client holds of each layer: the features in the map's view for layers an open panel
   * needs (lib/load.ts: at most a page of them; `numberMatched` says how many the view holds),
   * plus features written here. The map itself draws from vector tiles; this feeds the editor,
   * zone labels, the commander's summary and the planner's analyses.
   */
  data = $state.raw<Record<LayerId, StoredCollection>>(Object.fromEntries(LAYER_IDS.map((id) => [id, empty()])) as Record<LayerId, StoredCollection>);
  /** How many features of each layer the view holds (the server's count); null before the first answer. */
  counts = $state.raw<Record<LayerId, number | null>>(Object.fromEntries(LAYER_IDS.map((id) => [id, null])) as Record<LayerId, number | null>);
  loading = $state.raw(true);
  error = $state.raw<string | null>(null);
  selection = $state.raw<Selection | null>(null);
  /** West, south, east, north of the map's view (what `data` was asked for); null before the first view. */
  viewBox = $state.raw<[number, number, number, number] | null>(null);
  /** Bumped when a layer changed on the server (an edit here, a live event): the map fetches its tiles again. */
  changed = $state.raw<Record<LayerId, number>>(Object.fromEntries(LAYER_IDS.map((id) => [id, 0])) as Record<LayerId, number>);
  /** The live stream's connection (lib/live-reload.ts), for the indicator in the toolbar. */
  live = $state.raw<LiveState>('connecting');

  setLang(lang: Lang) {
    this.lang = lang;
    document.documentElement.lang = lang;
    try {
      localStorage.setItem(LANG_KEY, lang);
    } catch {
      /* not remembered, still switched */
    }
  }

  setVisible(layer: LayerId, on: boolean) {
    const next = new Set(this.visible);
    if (on) next.add(layer);
    else next.delete(layer);
    this.visible = LAYER_IDS.filter((id) => next.has(id));
  }

  setLayerData(layer: LayerId, fc: StoredCollection) {
    this.data = { ...this.data, [layer]: fc };
  }

  setCount(layer: LayerId, n: number) {
    if (this.counts[layer] !== n) this.counts = { ...this.counts, [layer]: n };
  }

  /** The layer changed on the server: its tiles are stale. */
  markChanged(layer: LayerId) {
    this.changed = { ...this.changed, [layer]: this.changed[layer] + 1 };
  }

  /** Find a loaded feature by layer and id (map clicks report ids; details need all properties). */
  feature(layer: LayerId, id: number): StoredFeature | undefined {
    return this.data[layer].features.find((f) => f.id === id) as StoredFeature | undefined;
  }
}

export const app = new AppState();
