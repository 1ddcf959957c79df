/**
 * Changes drawn at once: an edit (here or, through the live stream, elsewhere) reaches the map
 * before the layer's tiles have been cut and fetched again. The changed features go into one
 * GeoJSON overlay source drawn with copies of the tiled layers' styles, and the tiled layers hide
 * the same ids (a moved or deleted feature must not show in its old place); when the refreshed
 * tiles have arrived the overlay is emptied (see OpsMap.refresh). Pure: the styles and filters only.
 */
import type { ExpressionSpecification, FilterSpecification, LayerSpecification } from 'maplibre-gl';
import { isLayerId } from '../../../core/layers.ts';
import { IS_CELL_PROPERTY, OPERATIONAL_SOURCE } from './tiled-style.ts';

export const RECENT_SOURCE = 'recent-changes';
/** The property of an overlay feature naming its operational layer. */
export const RECENT_LAYER_PROP = 'opsmap_layer';
/** Suffix of an overlay copy's id: `checkpoints-circle` → `checkpoints-circle~recent`. */
export const RECENT_SUFFIX = '~recent';

type Filtered = LayerSpecification & { source?: string; 'source-layer'?: string; filter?: FilterSpecification };

/** Is this a layer drawn from an operational layer's tiles (the ones an overlay copies)? */
export const isTiled = (l: LayerSpecification): boolean => (l as Filtered).source === OPERATIONAL_SOURCE && isLayerId(String((l as Filtered)['source-layer'] ?? ''));

/** The overlay copy of a tiled layer: same paint and layout, fed by the overlay source, only its layer's features. */
export function overlayCopy(l: LayerSpecification): LayerSpecification {
  const { 'source-layer': layer, filter, ...rest } = l as Filtered;
  const mine: ExpressionSpecification = ['==', ['get', RECENT_LAYER_PROP], layer!];
  return { ...rest, id: `${l.id}${RECENT_SUFFIX}`, source: RECENT_SOURCE, filter: (filter ? ['all', mine, filter] : mine) as FilterSpecification } as LayerSpecification;
}

/** A feature as the tiles hold it (a subset of its properties; a point's position to the tile's precision). */
export interface TileCopy {
  geometry: { type: string; coordinates?: unknown };
  properties: Record<string, unknown>;
}

/** Tiles hold positions to 1/4096 of a z14 tile, ~2.4 m (2e-5°): closer than this is the same place. */
const SAME_PLACE_DEG = 2e-5;

/**
 * Do the tiles now show this change? Deleted: no copy left. A point: a copy at its new position
 * with its new properties (those the tiles carry). Lines and areas: a copy with its new
 * properties, once the layer's tiles have been fetched again since the change (`refreshed`): their
 * clipped pieces cannot be compared with the outline.
 */
export function tilesShow(change: { geometry: { type: string; coordinates?: unknown }; properties: Record<string, unknown> } | null, copies: readonly TileCopy[], refreshed: boolean): boolean {
  if (!change) return copies.length === 0 && refreshed;
  // Only what both hold is compared: tiles add their own (an incident's Hanoi `day`) and leave most out.
  const same = (c: TileCopy) => Object.entries(c.properties).every(([k, v]) => !(k in change.properties) || v === null || v === undefined || String(v) === String(change.properties[k] ?? ''));
  if (change.geometry.type !== 'Point') return refreshed && copies.some(same);
  const [x, y] = change.geometry.coordinates as number[];
  return copies.some((c) => {
    const [cx, cy] = (c.geometry.coordinates ?? []) as number[];
    return Math.abs(cx - x) < SAME_PLACE_DEG && Math.abs(cy - y) < SAME_PLACE_DEG && same(c);
  });
}

/**
 * A tiled layer's filter that also hides these feature ids (their newer state is in the overlay,
 * or they were deleted). A cell of counts is never hidden: its id is the cell's, not a feature's.
 */
export function hidingFilter(original: FilterSpecification | undefined, ids: readonly number[]): FilterSpecification | undefined {
  if (!ids.length) return original;
  const keep: ExpressionSpecification = ['any', ['has', IS_CELL_PROPERTY], ['!', ['in', ['id'], ['literal', [...ids]]]]];
  return (original ? ['all', keep, original] : keep) as FilterSpecification;
}
