/** Turning stored rows into what the API sends; shared by every backend (no SQL here). */
import type { FeatureRow, StoredFeature } from './store.ts';

/** GeoJSON text of a row, built without re-serialising the stored JSON (the hot path). */
export function rowToJson(r: FeatureRow): string {
  return `{"type":"Feature","id":${r.id},"geometry":${r.geometry},"properties":${r.properties},"version":${r.version},"created_at":"${r.created_at}","updated_at":"${r.updated_at}"}`;
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
