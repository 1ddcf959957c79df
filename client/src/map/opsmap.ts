/**
 * The one wrapper around maplibregl.Map. Everything the app asks of the map goes through these
 * methods, so a MapLibre upgrade touches this file only. It knows the style (from core/style), the
 * sources (one vector tile source for the operational layers it draws, read by viewport and zoom:
 * see tiled-style.ts) and the selection highlight; it decides nothing about the
 * app — clicks and view changes go out as events, and tools (placing, drawing) subscribe to them.
 */
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';
import type { FilterSpecification } from 'maplibre-gl';
import type { WardEntry } from '../../../core/wards/directory.ts';
import { LAYER_IDS, type LayerId } from '../../../core/layers.ts';
import { AREA_LAYERS, labelSource, layerStyles, mapLayerIds, mapStyle, LAYER_KEY, type Lang } from '../../../core/style/index.ts';
import { geometryBounds } from './bounds.ts';
import { labelFontFaces } from './fonts.ts';
import { labelPoints } from './label-points.ts';
import { paths } from '../lib/api.ts';
import { BY_DAY_KEY, IS_CELL_PROPERTY, OPERATIONAL_SOURCE, tiledStyle } from './tiled-style.ts';
import { HIGHLIGHT_SOURCE, highlightLayers } from './highlight.ts';
import { hidingFilter, isTiled, overlayCopy, RECENT_LAYER_PROP, RECENT_SOURCE, RECENT_SUFFIX, tilesShow } from './recent-overlay.ts';
import type { RecentEntry } from '../lib/recent-changes.svelte.ts';

maplibregl.setWorkerUrl(workerUrl);
// The tile worker is fetched and started with the page, while the session is checked and the app
// mounts, instead of when the map is made: the first tiles are parsed sooner.
maplibregl.prewarm();

export interface MapClick {
  lngLat: [number, number];
  /** The topmost operational feature under the pointer, if any (points win over areas). */
  hit: { layer: LayerId; id: number } | null;
  /** Set when a tool has claimed the click (see `setTool`): the app should not select. */
  tool: string | null;
}

export interface ViewChange {
  center: [number, number];
  zoom: number;
}

type Listener<T> = (e: T) => void;


// Which layers a click can hit, most specific first.
const CLICK_PRIORITY: LayerId[] = ['checkpoints', 'polling-stations', 'incidents', 'quarantine-zones', 'wards'];

export interface OpsMapOptions {
  center: [number, number];
  zoom: number;
  lang: Lang;
  hidden: readonly LayerId[];
}

export class OpsMap {
  readonly map: maplibregl.Map;
  private lang: Lang;
  private tool: string | null = null;
  private clickListeners = new Set<Listener<MapClick>>();
  private viewListeners = new Set<Listener<ViewChange>>();
  private styleReady = false;
  private queued: (() => void)[] = [];
  /** The tiled layers' own filters, by map layer id (the hiding filter of recent changes wraps them). */
  private baseFilters = new Map<string, FilterSpecification | undefined>();
  /** Per operational layer, the changes drawn over its tiles (see setRecent). */
  private recent = new Map<LayerId, ReadonlyMap<number, RecentEntry>>();
  /** Per operational layer, the newest change generation its completed tile refreshes can contain. */
  private freshUpTo = new Map<LayerId, number>();
  /** Per operational layer, the changes of it the map has been told of (see refresh), and the newest generation they hold. */
  private versions = new Map<LayerId, { version: number; upTo: number }>();
  /** The operational tiles' URL now set (see retile). */
  private tilesUrl: string;
  private shownListeners = new Set<(layer: LayerId, seen: [number, number][]) => void>();

  constructor(container: HTMLElement, opts: OpsMapOptions) {
    this.lang = opts.lang;
    const shown = LAYER_IDS.filter((l) => !opts.hidden.includes(l));
    this.tilesUrl = paths.operationalTiles(shown, shown.map(() => 0), 'summed');
    const style = tiledStyle(mapStyle({ lang: opts.lang, hidden: opts.hidden, fontFaces: labelFontFaces() }), this.tilesUrl);
    for (const l of style.layers) if (isTiled(l)) this.baseFilters.set(l.id, (l as { filter?: FilterSpecification }).filter);
    this.map = new maplibregl.Map({
      container,
      style,
      center: opts.center,
      zoom: opts.zoom,
      attributionControl: false,
      // Labels appear at once instead of fading in: the map is complete (idle) 300 ms sooner.
      fadeDuration: 0,
      // Keeps the canvas readable by screenshots and the print preview.
      canvasContextAttributes: { preserveDrawingBuffer: true },
    });
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'bottom-right');
    this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    // 'style.load' (style parsed, sources exist), not 'load' (first full frame): data handed over
    // earlier is drawn sooner.
    this.map.once('style.load', () => {
      this.styleReady = true;
      performance.mark('opsmap:style-loaded');
      for (const f of this.queued) f();
      this.queued = [];
    });
    // A layer shown, hidden, added or removed (the heat map's incident layers) reaches the style in
    // the next frame's style update, which then fires 'styledata' once (frames that change nothing
    // in the style fire none); retile runs at the end of that frame (see retileAfterFrame).
    this.map.on('styledata', () => this.retileAfterFrame());
    this.map.on('click', (e) => this.emitClick(e));
    this.map.on('moveend', () => {
      const c = this.map.getCenter();
      for (const l of this.viewListeners) l({ center: [c.lng, c.lat], zoom: this.map.getZoom() });
    });
    this.map.on('mousemove', (e) => {
      const hit = this.hitAt(e.point);
      this.map.getCanvas().style.cursor = this.tool ? 'crosshair' : hit && hit.layer !== 'wards' ? 'pointer' : '';
    });
  }

  /** Style changes wait for the style to load; later calls run at once, in order. */
  private whenReady(f: () => void) {
    if (this.styleReady) f();
    else this.queued.push(f);
  }

  private source(id: string) {
    return this.map.getSource(id) as maplibregl.GeoJSONSource;
  }

  /**
   * Resolves at the first moment `numbers` has resolved (the app's panels have their numbers: see
   * lib/first-numbers.ts) and the map is idle with every tile of its visible layers loaded:
   * everything drawn. (The benchmark and the end-to-end tests wait on this.)
   */
  async whenComplete(numbers: Promise<unknown>): Promise<void> {
    await numbers;
    await new Promise<void>((resolve) => {
      const check = () => {
        if (this.styleReady && this.map.loaded() && this.map.areTilesLoaded()) {
          this.map.off('idle', check);
          performance.mark('opsmap:complete');
          resolve();
        }
      };
      this.map.on('idle', check);
      // If the map is already idle no event would come: one repaint ends in one.
      this.map.triggerRepaint();
    });
  }

  /**
   * The features the app holds of one layer for the view. The layer itself is drawn from its
   * tiles; these give the zones' labels (one point per zone in view). Ward labels come from the
   * city's ward list instead (setWardLabels): every ward, whatever is held for the view.
   */
  setData(layer: LayerId, fc: FeatureCollection) {
    this.whenReady(() => {
      if (AREA_LAYERS.includes(layer) && layer !== 'wards') this.source(labelSource(layer)).setData(labelPoints(fc));
    });
  }

  /** One label per ward of the city, at the ward list's label points (core/wards/directory.ts). */
  setWardLabels(list: readonly WardEntry[]) {
    const data: FeatureCollection<Point> = {
      type: 'FeatureCollection',
      features: list.filter((w) => w.label).map((w) => ({ type: 'Feature', id: w.id, properties: { code: w.code, name: w.name, district: w.district }, geometry: { type: 'Point', coordinates: w.label! } })),
    };
    this.whenReady(() => this.source(labelSource('wards')).setData(data));
  }

  /**
   * The layer changed on the server: its tiles are asked for again under a new URL (`version`
   * counts the changes seen; see retile). MapLibre's refreshTiles re-requested the same URLs but
   * kept drawing what it had parsed before; a new URL cannot be answered from anything old. Once
   * the refreshed tiles in view have all arrived, freshUpTo records that they hold the changes up
   * to `upTo`, and confirmRecent tells the onTilesShow listeners which changes drawn over the old
   * tiles can go.
   */
  refresh(layer: LayerId, version: number, upTo = 0) {
    this.versions.set(layer, { version, upTo: Math.max(upTo, this.versions.get(layer)?.upTo ?? 0) });
    this.whenReady(() => {
      this.retileAfterFrame();
      this.map.triggerRepaint();
    });
  }

  /** Whether a retile is waiting for the next frame (several changes before it need one). */
  private retileDue = false;

  /**
   * retile at the end of a frame after this one ('render': its style update has resumed the
   * source a change of the style paused, see retile), once the source has no tile loading. The
   * resumed source re-parses its tiles; each re-parse takes its tile's URL at once but decides
   * between re-parse and fetch a few awaits later, so a new URL set meanwhile turned it into a
   * fetch of the OLD URL racing the new one — now and then the old answer won and the tile kept
   * old data (a shown layer missing, an edit not drawn). Tiles still arriving from the network are
   * asked again under the new URL by MapLibre itself, but waiting for them too costs little.
   */
  private retileAfterFrame() {
    if (this.retileDue) return;
    this.retileDue = true;
    const run = () => {
      if (!this.map.isSourceLoaded(OPERATIONAL_SOURCE)) return; // the tile that arrives repaints
      this.map.off('render', run);
      this.retileDue = false;
      this.retile();
    };
    this.map.on('render', run);
  }

  /** The operational layers a visible map layer draws (its own layers, or the heat map's incidents), and whether one filters by day. */
  private drawnLayers(): { layers: LayerId[]; byDay: boolean } {
    const drawn = new Set<string>();
    let byDay = false;
    for (const id of this.map.getLayersOrder()) {
      const l = this.map.getLayer(id);
      if (l?.source !== OPERATIONAL_SOURCE || this.map.getLayoutProperty(id, 'visibility') === 'none') continue;
      drawn.add(l.sourceLayer);
      if ((l.metadata as Record<string, unknown> | undefined)?.[BY_DAY_KEY]) byDay = true;
    }
    return { layers: LAYER_IDS.filter((l) => drawn.has(l)), byDay };
  }

  /**
   * The operational tiles' URL names the layers drawn now, their change counts and whether a
   * layer filters by day: when any of these changes (a layer shown or hidden, an edit, the heat
   * map shown) the tiles are asked for under the new URL. A
   * hidden layer is not in the tiles: its changes stay drawn (hidden too) until it is shown.
   * Run only when one of these may have changed ('styledata', refresh), and only once the style's
   * pending changes are applied: a tiled layer whose filter has just changed (setRecent) pauses
   * its source until the next frame's style update, and MapLibre (6.17) turns a new tile URL set
   * while paused into a re-parse of the tiles it has — no fetch, old data. The 'render' that ends
   * that frame comes once the source is resumed.
   */
  private retile() {
    const { layers, byDay } = this.drawnLayers();
    if (!layers.length) return; // no tile is asked for: the URL can wait until a layer is shown
    const url = paths.operationalTiles(
      layers,
      layers.map((l) => this.versions.get(l)?.version ?? 0),
      byDay ? 'each' : 'summed',
    );
    if (url === this.tilesUrl) return;
    this.tilesUrl = url;
    const upTo = layers.map((l) => [l, this.versions.get(l)?.upTo ?? 0] as const);
    (this.map.getSource(OPERATIONAL_SOURCE) as maplibregl.VectorTileSource).setTiles([url]);
    let tileCame = false;
    const check = (e: maplibregl.MapSourceDataEvent) => {
      if (e.sourceId === OPERATIONAL_SOURCE && e.tile) tileCame = true;
      if (tileCame && this.map.isSourceLoaded(OPERATIONAL_SOURCE)) {
        this.map.off('sourcedata', check);
        for (const [l, g] of upTo) this.freshUpTo.set(l, Math.max(g, this.freshUpTo.get(l) ?? 0));
        for (const l of layers) this.confirmRecent(l);
      }
    };
    this.map.on('sourcedata', check);
  }

  /** Called with the changes of a layer its tiles now show (id and generation): they can be forgotten. */
  onTilesShow(l: (layer: LayerId, seen: [number, number][]) => void) {
    this.shownListeners.add(l);
    return () => this.shownListeners.delete(l);
  }

  /** Which of the layer's recent changes do its loaded tiles show already (map/recent-overlay.ts tilesShow)? */
  private confirmRecent(layer: LayerId) {
    const entries = this.recent.get(layer);
    if (!entries?.size || !this.map.isSourceLoaded(OPERATIONAL_SOURCE)) return;
    const fresh = this.freshUpTo.get(layer) ?? 0;
    const seen: [number, number][] = [];
    for (const [id, e] of entries) {
      const copies = this.map.querySourceFeatures(OPERATIONAL_SOURCE, { sourceLayer: layer, filter: ['==', ['id'], id] }).filter((f) => !(IS_CELL_PROPERTY in (f.properties ?? {})));
      if (tilesShow(e.feature, copies as never, e.gen <= fresh)) seen.push([id, e.gen]);
    }
    if (seen.length) for (const l of this.shownListeners) l(layer, seen);
  }

  /**
   * Draw a layer's recently changed features at once, over its tiles, and hide their stale copies
   * in the tiles (a moved feature's old place, a deleted one); see map/recent-overlay.ts. The
   * overlay source and its layers are added on the first change, so a map nobody edits pays nothing.
   */
  setRecent(layer: LayerId, entries: ReadonlyMap<number, RecentEntry>) {
    if ((this.recent.get(layer)?.size ?? 0) === 0 && entries.size === 0) return;
    this.recent.set(layer, entries);
    this.whenReady(() => {
      this.ensureOverlay();
      const ids = [...entries.keys()];
      for (const [id, base] of this.baseFilters) if (this.map.getLayer(id) && (this.map.getLayer(id) as { sourceLayer?: string }).sourceLayer === layer) this.map.setFilter(id, hidingFilter(base, ids));
      const features: Feature[] = [];
      for (const [l, es] of this.recent)
        for (const [id, e] of es) if (e.feature) features.push({ type: 'Feature', id, geometry: e.feature.geometry, properties: { ...e.feature.properties, [RECENT_LAYER_PROP]: l } });
      this.source(RECENT_SOURCE).setData({ type: 'FeatureCollection', features });
    });
  }

  private ensureOverlay() {
    if (this.map.getSource(RECENT_SOURCE)) return;
    // Each tile that arrives may show the changes of its layers.
    this.map.on('sourcedata', (e) => {
      if (e.tile && e.sourceId === OPERATIONAL_SOURCE) for (const [layer, entries] of this.recent) if (entries.size) this.confirmRecent(layer);
    });
    this.map.addSource(RECENT_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    // Each copy right above its original, so the drawing order of the layers is kept.
    const order = this.map.getStyle().layers;
    order.forEach((l, i) => {
      if (!isTiled(l)) return;
      const copy = overlayCopy(l);
      const visibility = this.map.getLayoutProperty(l.id, 'visibility') ?? 'visible';
      this.map.addLayer({ ...copy, layout: { ...(copy as { layout?: object }).layout, visibility } } as maplibregl.LayerSpecification, order[i + 1]?.id);
    });
  }

  /** West, south, east, north of what is on screen. */
  bounds(): [number, number, number, number] {
    const b = this.map.getBounds();
    return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
  }

  /** Fit a box on screen (the first view when the URL names none). */
  fitBox(b: [number, number, number, number]) {
    this.map.fitBounds([b[0], b[1], b[2], b[3]], { padding: 30, animate: false });
  }

  setVisible(layer: LayerId, visible: boolean) {
    this.whenReady(() => {
      for (const id of mapLayerIds(layer))
        for (const each of [id, id + RECENT_SUFFIX]) if (this.map.getLayer(each)) this.map.setLayoutProperty(each, 'visibility', visible ? 'visible' : 'none');
    });
  }

  /** Relabel coded values (incident categories) in another language. */
  setLang(lang: Lang) {
    if (lang === this.lang) return;
    this.lang = lang;
    this.whenReady(() => {
      for (const l of layerStyles(lang))
        if (l.type === 'symbol') for (const each of [l.id, l.id + RECENT_SUFFIX]) if (this.map.getLayer(each)) this.map.setLayoutProperty(each, 'text-field', l.layout?.['text-field']);
    });
  }

  /**
   * Highlight one feature (or nothing). Its source and layers are added, on top, with the first
   * feature highlighted: an empty source in the style at start was one more source whose tiles the
   * first complete render waited for.
   */
  highlight(feature: Feature | null) {
    const data: FeatureCollection = { type: 'FeatureCollection', features: feature ? [feature] : [] };
    this.whenReady(() => {
      if (!this.map.getSource(HIGHLIGHT_SOURCE)) {
        if (!feature) return;
        this.map.addSource(HIGHLIGHT_SOURCE, { type: 'geojson', data });
        for (const l of highlightLayers) this.map.addLayer(l);
      } else this.source(HIGHLIGHT_SOURCE).setData(data);
    });
  }

  /** Fly to a feature: a point at street zoom, an area fitted to the screen. */
  flyTo(geometry: Geometry) {
    if (geometry.type === 'Point') {
      const [lng, lat] = geometry.coordinates;
      this.map.flyTo({ center: [lng, lat], zoom: Math.max(this.map.getZoom(), 16), essential: true });
    } else {
      const [w, s, e, n] = geometryBounds(geometry);
      this.map.fitBounds([w, s, e, n], { padding: 60, maxZoom: 17, essential: true });
    }
  }

  jumpTo(center: [number, number], zoom: number) {
    this.map.jumpTo({ center, zoom });
  }

  /**
   * An editing tool (e.g. 'place-checkpoint') claims map clicks while set: clicks still go out as
   * events, marked with the tool, and the cursor becomes a crosshair.
   */
  setTool(tool: string | null) {
    this.tool = tool;
    this.map.getCanvas().style.cursor = tool ? 'crosshair' : '';
  }

  onClick(l: Listener<MapClick>) {
    this.clickListeners.add(l);
    return () => this.clickListeners.delete(l);
  }

  onViewChange(l: Listener<ViewChange>) {
    this.viewListeners.add(l);
    return () => this.viewListeners.delete(l);
  }

  /** The top operational feature at a screen point, searched in a few pixels around it. */
  hitAt(point: { x: number; y: number }): { layer: LayerId; id: number } | null {
    if (!this.styleReady) return null;
    const r = 4;
    const layers = LAYER_IDS.flatMap((id) => mapLayerIds(id))
      .filter((id) => !id.endsWith('-label'))
      .flatMap((id) => [id, id + RECENT_SUFFIX])
      .filter((id) => this.map.getLayer(id));
    const hits = this.map.queryRenderedFeatures(
      [
        [point.x - r, point.y - r],
        [point.x + r, point.y + r],
      ],
      { layers },
    );
    for (const layer of CLICK_PRIORITY) {
      // A cell of counts (a tile aggregated there) is not a feature to select.
      const f = hits.find((h) => (h.layer.metadata as Record<string, unknown> | undefined)?.[LAYER_KEY] === layer && h.id !== undefined && !(IS_CELL_PROPERTY in (h.properties ?? {})));
      if (f) return { layer, id: Number(f.id) };
    }
    return null;
  }

  private emitClick(e: maplibregl.MapMouseEvent) {
    const ev: MapClick = { lngLat: [e.lngLat.lng, e.lngLat.lat], hit: this.hitAt(e.point), tool: this.tool };
    for (const l of this.clickListeners) l(ev);
  }

  destroy() {
    this.clickListeners.clear();
    this.viewListeners.clear();
    this.shownListeners.clear();
    this.map.remove();
  }
}
