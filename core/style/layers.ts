/**
 * The style definition as MapLibre layers: one GeoJSON source per operational layer (named by
 * its layer id), and every MapLibre layer tagged with the operational layer it belongs to, so
 * that a layer toggle can show or hide all of its parts.
 */
import type { LayerSpecification, StyleSpecification, FilterSpecification, FontFacesSpecification } from '@maplibre/maplibre-gl-style-spec';
import { LAYER_IDS, type LayerId } from '../layers.ts';
import { BACKGROUND_COLOR, DRAW_ORDER, LABEL_FONT, LABEL_FONT_BOLD, rulesFor } from './definition.ts';
import { toExpression, type Lang, type Rule } from './rules.ts';

/** Metadata key naming the operational layer a MapLibre layer draws. */
export const LAYER_KEY = 'opsmap:layer';

/** Layers of areas, whose labels are drawn from one point per feature. */
export const AREA_LAYERS: readonly LayerId[] = ['wards', 'quarantine-zones'];

/**
 * The source a layer's labels come from. MapLibre labels a polygon once per tile it crosses, so
 * a ward would carry its name two or three times; area labels therefore come from a separate
 * source holding one label point per feature (filled by the map wrapper).
 */
export function labelSource(layer: LayerId): string {
  return AREA_LAYERS.includes(layer) ? `${layer}-labels` : layer;
}

function filterOf(rule: Rule): FilterSpecification | undefined {
  if (!rule.only) return undefined;
  return ['match', ['to-string', ['get', rule.only.prop]], rule.only.in.map(String), true, false] as FilterSpecification;
}

function toLayer(layer: LayerId, rule: Rule): LayerSpecification {
  const common = {
    id: `${layer}-${rule.part}`,
    source: rule.type === 'text' ? labelSource(layer) : layer,
    metadata: { [LAYER_KEY]: layer },
    ...(rule.minzoom !== undefined ? { minzoom: rule.minzoom } : {}),
    ...(rule.only ? { filter: filterOf(rule) } : {}),
  };
  const x = toExpression;
  switch (rule.type) {
    case 'fill':
      return { ...common, type: 'fill', paint: { 'fill-color': x(rule.color), 'fill-opacity': x(rule.opacity) } } as LayerSpecification;
    case 'line':
      return {
        ...common,
        type: 'line',
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: { 'line-color': x(rule.color), 'line-width': x(rule.width), ...(rule.dash ? { 'line-dasharray': rule.dash } : {}) },
      } as LayerSpecification;
    case 'circle':
      return {
        ...common,
        type: 'circle',
        paint: {
          'circle-radius': x(rule.radius),
          'circle-color': x(rule.color),
          'circle-opacity': x(rule.opacity),
          'circle-stroke-color': x(rule.strokeColor),
          'circle-stroke-width': x(rule.strokeWidth),
        },
      } as LayerSpecification;
    case 'text':
      return {
        ...common,
        type: 'symbol',
        layout: {
          'text-field': 'prop' in rule.field ? ['to-string', ['get', rule.field.prop]] : x(rule.field),
          'text-font': [rule.bold ? LABEL_FONT_BOLD : LABEL_FONT],
          'text-size': rule.size,
          'text-max-width': 10,
          ...(rule.offsetY ? { 'text-offset': [0, rule.offsetY], 'text-anchor': 'top' } : {}),
        },
        paint: { 'text-color': rule.color, 'text-halo-color': rule.haloColor, 'text-halo-width': rule.haloWidth },
      } as LayerSpecification;
  }
}

const isLabel = (r: Rule) => r.type === 'text';
const isOutline = (layer: LayerId, r: Rule) => layer === 'wards' && r.type === 'line';

/** Every MapLibre layer of the five operational layers, in drawing order. */
export function layerStyles(lang: Lang): LayerSpecification[] {
  const out: LayerSpecification[] = [];
  for (const { layer, parts } of DRAW_ORDER) {
    for (const rule of rulesFor(layer, lang)) {
      const kind = isLabel(rule) ? 'labels' : isOutline(layer, rule) ? 'outline' : 'shapes';
      if (kind === parts) out.push(toLayer(layer, rule));
    }
  }
  return out;
}

/** The MapLibre layer ids that draw one operational layer. */
export function mapLayerIds(layer: LayerId, lang: Lang = 'vi'): string[] {
  return layerStyles(lang)
    .filter((l) => (l.metadata as Record<string, unknown> | undefined)?.[LAYER_KEY] === layer)
    .map((l) => l.id);
}

export interface MapStyleOptions {
  lang: Lang;
  /** Where the label fonts come from: files the app serves itself (see client/src/map/fonts.ts). */
  fontFaces?: FontFacesSpecification;
  /** Operational layers to hide from the start. */
  hidden?: readonly LayerId[];
}

/** A complete MapLibre style: background, one empty GeoJSON source per layer, and the layers. */
export function mapStyle(opts: MapStyleOptions): StyleSpecification {
  const hidden = new Set(opts.hidden ?? []);
  const layers = layerStyles(opts.lang).map((l) => {
    const owner = (l.metadata as Record<string, LayerId>)[LAYER_KEY];
    return hidden.has(owner) ? ({ ...l, layout: { ...(l as { layout?: object }).layout, visibility: 'none' } } as LayerSpecification) : l;
  });
  return {
    version: 8,
    ...(opts.fontFaces ? { 'font-faces': opts.fontFaces } : {}),
    sources: Object.fromEntries(
      [...LAYER_IDS, ...AREA_LAYERS.map(labelSource)].map((id) => [id, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } }]),
    ),
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND_COLOR } }, ...layers],
  } as StyleSpecification;
}
