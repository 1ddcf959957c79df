import type { Feature, FeatureCollection } from 'geojson';
import type { GeoJSONSourceDiff } from 'maplibre-gl';

/**
 * The changes from one collection to the next, as a MapLibre source diff, when they are few;
 * null when the layer should simply be replaced (first data, many changes, features without ids).
 * Features are compared by identity: the app replaces a changed feature, never mutates it.
 */
export function sourceDiff(before: FeatureCollection | undefined, after: FeatureCollection): GeoJSONSourceDiff | null {
  if (!before || before.features.some((f) => f.id === undefined) || after.features.some((f) => f.id === undefined)) return null;
  const old = new Map(before.features.map((f) => [f.id!, f]));
  const seen = new Set<string | number>();
  const add: Feature[] = [];
  const remove: (string | number)[] = [];
  for (const f of after.features) {
    seen.add(f.id!);
    const was = old.get(f.id!);
    if (was === f) continue;
    if (was) remove.push(f.id!);
    add.push(f);
  }
  for (const id of old.keys()) if (!seen.has(id)) remove.push(id);
  if (add.length + remove.length > Math.max(10, after.features.length / 10)) return null;
  return { remove, add };
}
