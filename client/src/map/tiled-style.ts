/**
 * The shared style (core/style, GeoJSON sources, as print uses it) turned into the screen's style:
 * every operational layer read as vector tiles from the server by viewport and zoom, never whole
 * (issue 12), from one source whose tiles hold every layer the map shows (one request per tile
 * place instead of one per layer and place; the map wrapper names the layers in the tile URL). Area labels keep their GeoJSON sources: one point per area in view, filled by the
 * map wrapper from what the client holds for the view.
 *
 * Where a tile aggregates (incidents below street zoom, any point layer crowded past the server's
 * cap) a feature is a cell carrying `count`: such circles grow with their count, and they are not
 * features one can click (their id is the cell's, not a feature's).
 */
import type { ExpressionSpecification, FilterSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { isLayerId } from '../../../core/layers.ts';

/** The one vector source of the operational layers (each a `source-layer` of it). */
export const OPERATIONAL_SOURCE = 'operational';

/**
 * Metadata key of a map layer that filters its features by day (the commander's heat map): while
 * one is drawn, the tiles keep each day's counts per cell as their own features; otherwise the
 * server sums them over the days, a fifth of the features to parse and draw on a city.
 */
export const BY_DAY_KEY = 'opsmap:by-day';

/** The server cuts tiles up to this zoom; MapLibre overzooms beyond (server/tiles/vector-tiles.ts). */
export const TILE_MAX_ZOOM = 14;

/** The property only an aggregated cell carries (a cell, not a feature). */
export const IS_CELL_PROPERTY = 'count';
const IS_CELL: ExpressionSpecification = ['has', IS_CELL_PROPERTY];

/**
 * A circle radius that grows with a cell's count (√count, so area follows the count), at most
 * 7 px: cells are 16 px apart (32 a side of a 512 px tile), so neighbours never cover each other.
 */
function cellRadius(radius: unknown): ExpressionSpecification {
  return ['case', IS_CELL, ['interpolate', ['linear'], ['sqrt', ['get', 'count']], 1, 2.5, 3, 4.5, 10, 7], radius as ExpressionSpecification];
}

/**
 * Paint properties given per feature in every tiled layer of a type, constant or not. MapLibre
 * compiles one shader program per layer type and per choice of which of these properties vary by
 * feature; in the software renderer of a headless browser each program costs tens to hundreds of
 * milliseconds of the first render. With the same choice everywhere, the five circle layers share
 * one program, the area fills one (and one outline), the solid and the dashed lines one each.
 */
const PER_FEATURE: Partial<Record<LayerSpecification['type'], string[]>> = {
  circle: ['circle-radius', 'circle-color', 'circle-stroke-color', 'circle-stroke-width'],
  fill: ['fill-color', 'fill-opacity'],
  line: ['line-color'],
};

/** The same value, read per feature (a constant MapLibre would pass as a uniform). */
const perFeature = (v: unknown): unknown => (Array.isArray(v) ? v : ['case', IS_CELL, v, v]);

/** The style with its operational layers read from `tileUrl`, the tiles of the layers it names. */
export function tiledStyle(style: StyleSpecification, tileUrl: string): StyleSpecification {
  const sources = Object.fromEntries(Object.entries(style.sources).filter(([id]) => !isLayerId(id)));
  sources[OPERATIONAL_SOURCE] = { type: 'vector', tiles: [tileUrl], maxzoom: TILE_MAX_ZOOM };
  const layers = style.layers.map((l): LayerSpecification => {
    const source = (l as { source?: unknown }).source;
    if (!(typeof source === 'string' && isLayerId(source))) return l;
    const out = { ...l, source: OPERATIONAL_SOURCE, 'source-layer': source } as LayerSpecification & { paint?: Record<string, unknown> };
    if (out.type === 'circle' && out.paint) out.paint = { ...out.paint, 'circle-radius': cellRadius(out.paint['circle-radius']) };
    const same = PER_FEATURE[out.type];
    if (same && out.paint) out.paint = { ...out.paint, ...Object.fromEntries(same.map((p) => [p, perFeature(out.paint![p])])) };
    // Two programs fewer: every area's edge is drawn by a line layer above its fill, so the fill's
    // own antialiased outline (a program of its own) adds nothing; a solid line is a dashed one
    // without gaps, drawn by the dashed lines' program.
    if (out.type === 'fill') out.paint = { ...out.paint, 'fill-antialias': false };
    if (out.type === 'line' && !out.paint?.['line-dasharray']) out.paint = { ...out.paint, 'line-dasharray': [1, 0] };
    // A cell has no name or category to write beside it.
    if (out.type === 'symbol') out.filter = (out.filter ? ['all', ['!', IS_CELL], out.filter] : ['!', IS_CELL]) as FilterSpecification;
    return out;
  });
  return { ...style, sources, layers };
}
