/** Turning stored rows into what the API sends; shared by every backend (no SQL here). */
import type { LayerId } from '../../core/layers.ts';
import type { FeaturePage, FeatureRow, ListQuery, Store, StoredFeature } from './store.ts';

/** GeoJSON text of a row, built without re-serialising the stored JSON (the hot path). */
export function rowToJson(r: FeatureRow): string {
  return `{"type":"Feature","id":${r.id},"geometry":${r.geometry},"properties":${r.properties},"version":${r.version},"created_at":"${r.created_at}","updated_at":"${r.updated_at}"}`;
}

/** A page of rows as the items API sends it (FeaturePage). */
export function pageOfRows({ rows, numberMatched }: { rows: FeatureRow[]; numberMatched: number }): FeaturePage {
  return { features: Buffer.from(rows.map(rowToJson).join(',')), numberReturned: rows.length, numberMatched };
}

export function rowToFeature(r: FeatureRow): StoredFeature {
  return {
    type: 'Feature',
    id: r.id,
    geometry: JSON.parse(r.geometry),
    properties: JSON.parse(r.properties),
    version: r.version,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

/** A page of parsed features: for callers that work on features rather than send the stored text. */
export async function listFeatures(store: Store, layer: LayerId, q: ListQuery = {}): Promise<{ features: StoredFeature[]; numberMatched: number }> {
  const { rows, numberMatched } = await store.features.list(layer, q);
  return { features: rows.map(rowToFeature), numberMatched };
}

export async function getFeature(store: Store, layer: LayerId, id: number): Promise<StoredFeature | null> {
  const row = await store.features.get(layer, id);
  return row ? rowToFeature(row) : null;
}
