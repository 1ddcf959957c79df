/**
 * Search by name done by the server, so the client needs no whole layer to find a ward, a
 * checkpoint, a polling station or a facility by name (issue 12). Matching and ranking are
 * core/text/search's (diacritic-insensitive: "co nhue" finds "Cổ Nhuế"). Each layer's names,
 * codes and boxes are read once through the Store and kept until the layer changes (the change
 * feed; the feed's stamp for commits by another process): ~14,000 short entries at city scale.
 */
import type { Feature, Geometry } from 'geojson';
import type { LayerId } from '../../core/layers.ts';
import { geometryBbox } from '../../core/geometry/bbox.ts';
import { searchFeatures } from '../../core/text/search.ts';
import type { Bbox, Store } from '../db/store.ts';

/** The layers the search box looks in, in order of preference among equal matches. */
export const SEARCHED: readonly LayerId[] = ['wards', 'checkpoints', 'polling-stations', 'facilities'];

export interface NameHit {
  layer: LayerId;
  id: number;
  name: string;
  code: string | null;
  /** Where to fly to: the feature's bounding box. */
  bbox: Bbox;
  score: number;
}

type Entry = Feature<Geometry | null, { name: string; code: string | null }> & { id: number; bbox: Bbox };

export class NameSearch {
  private entries = new Map<LayerId, Entry[]>();
  private stamp: string | null = null;
  /** Batches of changes heard: a layer read while one came may hold the state before it, and is not kept. */
  private changes = 0;
  private readonly unsubscribe: () => void;

  constructor(private store: Pick<Store, 'features' | 'changes'>) {
    this.unsubscribe = store.changes.subscribe((changes) => {
      this.changes++;
      for (const c of changes) this.entries.delete(c.collection as LayerId);
    });
  }

  close(): void {
    this.unsubscribe();
  }

  /** The best `limit` hits over the searched layers, and how many matched in all. */
  async find(query: string, limit: number): Promise<{ hits: NameHit[]; numberMatched: number }> {
    const s = await this.store.changes.stamp();
    if (s !== this.stamp) {
      if (this.stamp !== null) this.entries.clear();
      this.stamp = s;
      this.changes++;
    }
    const all: NameHit[] = [];
    for (const layer of SEARCHED) {
      const entries = await this.layer(layer);
      for (const h of searchFeatures(entries, query, { limit: entries.length })) {
        all.push({ layer, id: h.feature.id, name: h.feature.properties.name, code: h.feature.properties.code, bbox: h.feature.bbox, score: h.score });
      }
    }
    // Stable sort: within a score, the order of SEARCHED and then the search's own order.
    all.sort((a, b) => b.score - a.score);
    return { hits: all.slice(0, limit), numberMatched: all.length };
  }

  private async layer(layer: LayerId): Promise<Entry[]> {
    const hit = this.entries.get(layer);
    if (hit) return hit;
    const changes = this.changes;
    const { rows } = await this.store.features.list(layer, { limit: 10_000_000 });
    const entries: Entry[] = rows.map((r) => {
      const p = JSON.parse(r.properties) as Record<string, unknown>;
      return {
        type: 'Feature',
        id: r.id,
        geometry: null,
        bbox: geometryBbox(JSON.parse(r.geometry) as Geometry) as Bbox,
        properties: { name: String(p.name ?? ''), code: p.code === undefined || p.code === null ? null : String(p.code) },
      };
    });
    if (changes === this.changes) this.entries.set(layer, entries);
    return entries;
  }
}
