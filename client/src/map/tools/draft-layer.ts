/**
 * The planner's drafts on the map, in their own source above the operational layers: a point
 * being placed, a point being dragged, a polygon waiting for its form. Kept out of the shared
 * style, so drafts never reach the print.
 */
import type * as maplibregl from 'maplibre-gl';
import type { Geometry } from 'geojson';

const SOURCE = 'planner-draft';
const COLOR = '#ff6d00';

function ensure(map: maplibregl.Map) {
  if (map.getSource(SOURCE)) return;
  map.addSource(SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  map.addLayer({ id: 'planner-draft-fill', type: 'fill', source: SOURCE, filter: ['!=', ['geometry-type'], 'Point'], paint: { 'fill-color': COLOR, 'fill-opacity': 0.2 } });
  map.addLayer({ id: 'planner-draft-line', type: 'line', source: SOURCE, filter: ['!=', ['geometry-type'], 'Point'], paint: { 'line-color': COLOR, 'line-width': 2, 'line-dasharray': [2, 1] } });
  map.addLayer({
    id: 'planner-draft-point',
    type: 'circle',
    source: SOURCE,
    filter: ['==', ['geometry-type'], 'Point'],
    paint: { 'circle-radius': 8, 'circle-color': COLOR, 'circle-opacity': 0.85, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 },
  });
}

/**
 * Show one draft geometry (or none). The source and its layers are added with the first draft:
 * a map nobody draws on pays nothing (added at start, they made the first complete render wait
 * for one more source's tiles and three more layers).
 */
export function setDraft(map: maplibregl.Map, geometry: Geometry | null) {
  const apply = () => {
    if (!geometry && !map.getSource(SOURCE)) return;
    ensure(map);
    (map.getSource(SOURCE) as maplibregl.GeoJSONSource).setData({ type: 'FeatureCollection', features: geometry ? [{ type: 'Feature', properties: {}, geometry }] : [] });
  };
  if (map.isStyleLoaded() || map.getSource(SOURCE)) apply();
  else map.once('load', apply);
}
