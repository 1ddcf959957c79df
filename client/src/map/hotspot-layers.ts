/**
 * The hot spot views on the map: a heatmap of the incidents in the time window (drawn from the
 * incidents' vector tiles, filtered on their `day` and `category` properties), hexagon cells
 * coloured by count or by Gi* confidence bin, a ward choropleth, and the outline of the cell the
 * commander clicked. The sources and layers are added once and then only fed with setData and
 * filters, so a screen playing the time slider all day never grows the style. Drawn under the
 * ward outlines and the operational points (the hexagons are context, the points are facts).
 */
import type * as maplibregl from 'maplibre-gl';
import type { FeatureCollection, Geometry } from 'geojson';
import {
  classBreaks,
  hotspotLayers,
  stepColor,
  COUNT_COLORS,
  HOTSPOT_SOURCES as S,
  HOTSPOT_VIEW_LAYERS,
  HOTSPOT_VIEWS,
  WARD_COLORS,
  NO_DATA_COLOR,
  type ClassBreaks,
  type HotspotView,
} from '../../../core/style/hotspots.ts';
import { BY_DAY_KEY, OPERATIONAL_SOURCE } from './tiled-style.ts';

const empty = (): FeatureCollection => ({ type: 'FeatureCollection', features: [] });

export interface HeatmapFilter {
  start: string;
  end: string;
  categories: readonly string[];
  severities: readonly number[];
}

/**
 * The MapLibre filter selecting, in the incidents' tiles, what is in the window and passes the
 * filters: on `day` (the Hanoi day, which both points and cells of counts carry) and `category`.
 * A cell of counts carries no severity: the severity filter applies to points (street zoom), and
 * the panel says so.
 */
export function heatmapFilter(f: HeatmapFilter): maplibregl.FilterSpecification {
  const parts: unknown[] = ['all', ['>=', ['get', 'day'], f.start], ['<=', ['get', 'day'], f.end]];
  if (f.categories.length) parts.push(['in', ['get', 'category'], ['literal', [...f.categories]]]);
  if (f.severities.length) parts.push(['any', ['has', 'count'], ['in', ['get', 'severity'], ['literal', [...f.severities]]]]);
  return parts as maplibregl.FilterSpecification;
}

/** The heatmap reads the operational incidents' tiles (never a whole layer); a cell weighs its count. */
function onIncidentTiles(l: maplibregl.LayerSpecification): maplibregl.LayerSpecification {
  if (l.type !== 'heatmap') return l;
  return { ...l, source: OPERATIONAL_SOURCE, 'source-layer': 'incidents', metadata: { ...(l.metadata as object), [BY_DAY_KEY]: true }, paint: { ...l.paint, 'heatmap-weight': ['coalesce', ['get', 'count'], 1] } };
}

export type WardMetric = 'count' | 'rate_per_1000';

export class HotspotLayers {
  private ready = false;
  private destroyed = false;
  private pending: (() => void)[] = [];
  private visible = new Set<HotspotView>();
  private readonly onStyleLoad = () => this.init();

  constructor(private readonly map: maplibregl.Map) {
    // The operational style's layers exist once its style has loaded.
    if (map.getLayer('wards-line')) this.init();
    else map.once('style.load', this.onStyleLoad);
  }

  private init() {
    if (this.destroyed || this.ready) return;
    const before = this.map.getLayer('wards-line') ? 'wards-line' : undefined;
    for (const id of Object.values(S)) if (!this.map.getSource(id)) this.map.addSource(id, { type: 'geojson', data: empty() });
    const one: ClassBreaks = { lows: [1], highs: [1] };
    for (const l of hotspotLayers({ countBreaks: one, wardBreaks: one, wardMetric: 'count' })) if (!this.map.getLayer(l.id)) this.map.addLayer(onIncidentTiles(l as maplibregl.LayerSpecification), before);
    this.ready = true;
    for (const f of this.pending) f();
    this.pending = [];
  }

  private run(key: string, f: () => void) {
    if (this.destroyed) return;
    if (this.ready) f();
    else {
      // Only the latest request of each kind matters before the style is there.
      (f as { key?: string }).key = key;
      this.pending = this.pending.filter((p) => (p as { key?: string }).key !== key);
      this.pending.push(f);
    }
  }

  private source(id: string) {
    return this.map.getSource(id) as maplibregl.GeoJSONSource;
  }

  setHeatmapFilter(f: HeatmapFilter) {
    this.run('heatmap-filter', () => this.restyle('filter', 'hotspot-heatmap', heatmapFilter(f)));
  }

  private applied = new Map<string, string>();

  /**
   * Set a filter or a paint property only when it differs from what is set: MapLibre re-tiles a
   * whole source on a filter or data-driven paint change, even to an equal value, and that work
   * would delay the next live update on screen.
   */
  private restyle(what: 'filter' | 'fill-color', layer: string, value: unknown) {
    const key = `${layer}|${what}`;
    const json = JSON.stringify(value);
    if (this.applied.get(key) === json) return;
    this.applied.set(key, json);
    if (what === 'filter') this.map.setFilter(layer, value as maplibregl.FilterSpecification);
    else this.map.setPaintProperty(layer, what, value as maplibregl.DataDrivenPropertyValueSpecification<string>);
  }

  /** Cells with their count classes; returns the classes, for the legend. */
  setCells(fc: FeatureCollection): ClassBreaks {
    let max = 0;
    for (const f of fc.features) max = Math.max(max, Number(f.properties?.count ?? 0));
    const breaks = classBreaks(max, { integer: true });
    // A cell's id (its grid address) is a string, which MapLibre cannot keep as a feature id.
    const data: FeatureCollection = { type: 'FeatureCollection', features: fc.features.map((f) => ({ ...f, id: undefined, properties: { ...f.properties, cell: String(f.id) } })) };
    this.run('cells', () => {
      this.source(S.cells).setData(data);
      this.restyle('fill-color', 'hotspot-hex-count', stepColor('count', breaks, COUNT_COLORS));
    });
    return breaks;
  }

  /** Ward polygons carrying `count` and `rate_per_1000`; returns the classes of the metric shown. */
  setWards(fc: FeatureCollection, metric: WardMetric): ClassBreaks {
    let max = 0;
    for (const f of fc.features) {
      const v = f.properties?.[metric];
      if (typeof v === 'number') max = Math.max(max, v);
    }
    const breaks = classBreaks(max, { integer: metric === 'count' });
    this.run('wards', () => {
      this.source(S.wards).setData(fc);
      this.restyle('fill-color', 'hotspot-wards-fill', ['case', ['==', ['get', metric], null], NO_DATA_COLOR, stepColor(metric, breaks, WARD_COLORS)]);
    });
    return breaks;
  }

  setSelected(geometry: Geometry | null) {
    const data: FeatureCollection = geometry ? { type: 'FeatureCollection', features: [{ type: 'Feature', geometry, properties: {} }] } : empty();
    this.run('selected', () => this.source(S.selected).setData(data));
  }

  setVisible(views: readonly HotspotView[]) {
    this.visible = new Set(views);
    this.run('visible', () => {
      for (const v of HOTSPOT_VIEWS) for (const id of HOTSPOT_VIEW_LAYERS[v]) this.map.setLayoutProperty(id, 'visibility', this.visible.has(v) ? 'visible' : 'none');
      const cells = this.visible.has('gi') || this.visible.has('hex-count');
      this.map.setLayoutProperty('hotspot-hex-edge', 'visibility', cells ? 'visible' : 'none');
    });
  }

  /** The grid cell drawn at a screen point (Gi* or count view), with its properties. */
  cellAt(point: { x: number; y: number }): Record<string, unknown> | null {
    if (!this.ready) return null;
    const layers = ['hotspot-hex-gi', 'hotspot-hex-count'].filter((id) => this.map.getLayoutProperty(id, 'visibility') === 'visible');
    if (!layers.length) return null;
    const hit = this.map.queryRenderedFeatures([point.x, point.y], { layers })[0];
    return hit ? (hit.properties as Record<string, unknown>) : null;
  }

  /** Remove every layer and source this added (leaving the commander's view). */
  destroy() {
    this.destroyed = true;
    this.pending = [];
    this.map.off('style.load', this.onStyleLoad);
    if (!this.ready) return;
    // The map may already be gone (the page is closing).
    try {
      for (const l of hotspotLayers({ countBreaks: { lows: [1], highs: [1] }, wardBreaks: { lows: [1], highs: [1] }, wardMetric: 'count' })) if (this.map.getLayer(l.id)) this.map.removeLayer(l.id);
      for (const id of Object.values(S)) if (this.map.getSource(id)) this.map.removeSource(id);
    } catch {
      /* nothing left to clean */
    }
  }
}
