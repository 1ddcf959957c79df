/**
 * Evaluates MapLibre layer specifications for one feature at one zoom, with MapLibre's own
 * style-spec package: the print reads the very layers the screen map uses (the street basemap's
 * are MapLibre expressions, not core/style rules), so the two cannot drift apart.
 */
import { createPropertyExpression, featureFilter, latest, type LayerSpecification } from '@maplibre/maplibre-gl-style-spec';

type Group = 'paint' | 'layout';
const GEOM_TYPE = { Point: 1, LineString: 2, Polygon: 3 } as const;

export interface Evaluated {
  (prop: string, props: Record<string, unknown>, geom: keyof typeof GEOM_TYPE): unknown;
}

/** A reader for one layer's properties at a zoom; colours come back as CSS rgba(). */
export function layerEvaluator(layer: LayerSpecification, group: Group, zoom: number): Evaluated {
  const specs = (latest as unknown as Record<string, Record<string, unknown>>)[`${group}_${layer.type}`];
  const values = ((layer as unknown as Record<string, Record<string, unknown> | undefined>)[group] ?? {}) as Record<string, unknown>;
  const cache = new Map<string, ReturnType<typeof createPropertyExpression> | null>();
  return (prop, properties, geom) => {
    if (!(prop in values)) {
      const d = (specs[prop] as { default?: unknown } | undefined)?.default;
      return d === undefined ? undefined : colour(d);
    }
    let parsed = cache.get(prop);
    if (parsed === undefined) {
      parsed = createPropertyExpression(values[prop], prop, specs[prop] as never);
      cache.set(prop, parsed);
    }
    if (!parsed || parsed.result !== 'success') return undefined;
    return colour(parsed.value.evaluate({ zoom }, { type: GEOM_TYPE[geom], properties } as never));
  };
}

function colour(v: unknown): unknown {
  if (v && typeof v === 'object' && 'r' in v && 'a' in v) {
    const c = v as { r: number; g: number; b: number; a: number };
    // style-spec colours are premultiplied by alpha.
    const a = c.a || 1;
    return '#' + [c.r / a, c.g / a, c.b / a].map((x) => Math.round(x * 255).toString(16).padStart(2, '0')).join('');
  }
  return v;
}

/** Whether a layer draws a feature at this zoom (its minzoom/maxzoom and filter). */
export function layerFilter(layer: LayerSpecification, zoom: number): (props: Record<string, unknown>, geom: keyof typeof GEOM_TYPE) => boolean {
  const l = layer as { minzoom?: number; maxzoom?: number; filter?: unknown };
  if ((l.minzoom !== undefined && zoom < l.minzoom) || (l.maxzoom !== undefined && zoom >= l.maxzoom)) return () => false;
  if (l.filter === undefined) return () => true;
  const f = featureFilter(l.filter as never, 'filter');
  return (properties, geom) => f.filter({ zoom }, { type: GEOM_TYPE[geom], properties } as never);
}
