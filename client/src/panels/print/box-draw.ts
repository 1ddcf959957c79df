/**
 * Drawing the print area as a box on the map: press, drag, release. While drawing, the map does
 * not pan; the box stays shown (a dashed outline) until another is drawn or the dialog clears it.
 */
import type * as maplibregl from 'maplibre-gl';

const SOURCE = 'print-box';
export type BBox = [number, number, number, number];

function show(map: maplibregl.Map, box: BBox | null) {
  const data: GeoJSON.FeatureCollection = {
    type: 'FeatureCollection',
    features: box
      ? [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[box[0], box[1]], [box[2], box[1]], [box[2], box[3]], [box[0], box[3]], [box[0], box[1]]]] } }]
      : [],
  };
  const src = map.getSource(SOURCE) as maplibregl.GeoJSONSource | undefined;
  if (src) src.setData(data);
  else {
    map.addSource(SOURCE, { type: 'geojson', data });
    map.addLayer({ id: `${SOURCE}-fill`, type: 'fill', source: SOURCE, paint: { 'fill-color': '#1565c0', 'fill-opacity': 0.08 } });
    map.addLayer({ id: `${SOURCE}-line`, type: 'line', source: SOURCE, paint: { 'line-color': '#1565c0', 'line-width': 2, 'line-dasharray': [3, 2] } });
  }
}

/** Waits for one drag on the map and resolves with its box in lon/lat (W, S, E, N). */
export function drawBox(map: maplibregl.Map): Promise<BBox> {
  return new Promise((resolve) => {
    const canvas = map.getCanvasContainer();
    const panWas = map.dragPan.isEnabled();
    map.dragPan.disable();
    canvas.style.cursor = 'crosshair';
    let start: maplibregl.LngLat | null = null;
    const boxOf = (a: maplibregl.LngLat, b: maplibregl.LngLat): BBox => [Math.min(a.lng, b.lng), Math.min(a.lat, b.lat), Math.max(a.lng, b.lng), Math.max(a.lat, b.lat)];
    const down = (e: maplibregl.MapMouseEvent) => {
      start = e.lngLat;
    };
    const move = (e: maplibregl.MapMouseEvent) => {
      if (start) show(map, boxOf(start, e.lngLat));
    };
    const up = (e: maplibregl.MapMouseEvent) => {
      if (!start) return;
      const box = boxOf(start, e.lngLat);
      map.off('mousedown', down);
      map.off('mousemove', move);
      map.off('mouseup', up);
      canvas.style.cursor = '';
      if (panWas) map.dragPan.enable();
      show(map, box);
      resolve(box);
    };
    map.on('mousedown', down);
    map.on('mousemove', move);
    map.on('mouseup', up);
  });
}

export function clearBox(map: maplibregl.Map) {
  if (map.getSource(SOURCE)) show(map, null);
}
