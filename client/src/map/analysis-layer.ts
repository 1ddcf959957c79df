/**
 * Analysis results on the map: buffers, conflict stations, nearest-checkpoint lines, coverage
 * and border gaps, in a source of their own (out of the shared style, so they never reach the
 * print), and a focus source for the row the planner clicked in a result list.
 */
import type * as maplibregl from 'maplibre-gl';
import type { Feature, FeatureCollection } from 'geojson';

const RESULT = 'analysis-result';
const FOCUS = 'analysis-focus';
const COLOR = '#6a1b9a';
const FOCUS_COLOR = '#00b8d4';

const empty = (): FeatureCollection => ({ type: 'FeatureCollection', features: [] });

function ensure(map: maplibregl.Map) {
  if (map.getSource(RESULT)) return;
  // Beneath the selection highlight, above the operational layers.
  const before = map.getLayer('selection-area') ? 'selection-area' : undefined;
  map.addSource(RESULT, { type: 'geojson', data: empty() });
  map.addSource(FOCUS, { type: 'geojson', data: empty() });
  const area = ['any', ['==', ['geometry-type'], 'Polygon'], ['==', ['geometry-type'], 'MultiPolygon']] as maplibregl.FilterSpecification;
  const line = ['==', ['geometry-type'], 'LineString'] as maplibregl.FilterSpecification;
  const point = ['==', ['geometry-type'], 'Point'] as maplibregl.FilterSpecification;
  const layers: maplibregl.LayerSpecification[] = [
    // Inner rings drawn stronger: opacity falls with the ring number.
    { id: 'analysis-area', type: 'fill', source: RESULT, filter: area, paint: { 'fill-color': COLOR, 'fill-opacity': ['interpolate', ['linear'], ['coalesce', ['get', 'ring'], 1], 1, 0.3, 4, 0.1] } },
    { id: 'analysis-area-edge', type: 'line', source: RESULT, filter: area, paint: { 'line-color': COLOR, 'line-width': 1.5 } },
    { id: 'analysis-line', type: 'line', source: RESULT, filter: line, paint: { 'line-color': COLOR, 'line-width': 3, 'line-opacity': 0.8 } },
    { id: 'analysis-point', type: 'circle', source: RESULT, filter: point, paint: { 'circle-radius': 9, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#d50000', 'circle-stroke-width': 2.5 } },
    { id: 'analysis-focus-area', type: 'line', source: FOCUS, filter: ['!=', ['geometry-type'], 'Point'], paint: { 'line-color': FOCUS_COLOR, 'line-width': 5 } },
    { id: 'analysis-focus-point', type: 'circle', source: FOCUS, filter: point, paint: { 'circle-radius': 15, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': FOCUS_COLOR, 'circle-stroke-width': 4 } },
  ];
  for (const l of layers) map.addLayer(l, before);
}

function whenLoaded(map: maplibregl.Map, f: () => void) {
  if (map.getSource(RESULT) || map.isStyleLoaded()) f();
  else map.once('load', f);
}

/** Show an analysis result (replacing the previous one); null clears it. */
export function setAnalysisResult(map: maplibregl.Map, fc: FeatureCollection | null) {
  whenLoaded(map, () => {
    ensure(map);
    (map.getSource(RESULT) as maplibregl.GeoJSONSource).setData(fc ?? empty());
    (map.getSource(FOCUS) as maplibregl.GeoJSONSource).setData(empty());
  });
}

/** Mark one result (a clicked row) on the map. */
export function focusAnalysis(map: maplibregl.Map, features: readonly Feature[]) {
  whenLoaded(map, () => {
    ensure(map);
    (map.getSource(FOCUS) as maplibregl.GeoJSONSource).setData({ type: 'FeatureCollection', features: features.filter((f) => f.geometry) as Feature[] });
  });
}
