/**
 * The street basemap beneath the operational layers, and the border crossings above them.
 * The base is the PMTiles file when the server has one (read with range requests through the
 * `pmtiles` protocol), else the roads imported into the database as vector tiles. Both come from
 * our own origin. The OSM attribution is shown on screen whenever either is drawn.
 */
import * as maplibregl from 'maplibre-gl';
import { Protocol } from 'pmtiles';
import type { FeatureCollection } from 'geojson';
import { paths, request } from '../lib/api.ts';
import { crossingLayers, pmtilesLayers, poiLayers, roadLayers } from '../../../core/style/reference.ts';

export interface ReferenceInfo {
  layers: { id: 'roads' | 'pois'; count: number }[];
  attribution: string;
  basemap: { url: string; protocol: 'pmtiles' } | null;
  tiles: { url: string; maxzoom: number };
}

let protocolAdded = false;
const CROSSINGS = 'crossings';

function whenStyleLoaded(map: maplibregl.Map, f: () => void) {
  if (map.getLayer('background')) f();
  else map.once('load', f);
}

/** The first operational layer: the base goes beneath it (and above the background). */
function firstOperationalLayer(map: maplibregl.Map): string | undefined {
  return map.getStyle().layers.find((l) => l.id !== 'background')?.id;
}

export function addReferenceLayers(map: maplibregl.Map, info: ReferenceInfo) {
  const origin = location.origin;
  const count = (id: string) => info.layers.find((l) => l.id === id)?.count ?? 0;
  const tiles = (layer: string) => [origin + info.tiles.url.replace('{layer}', layer)];
  whenStyleLoaded(map, () => {
    const before = firstOperationalLayer(map);
    const add = (layers: maplibregl.LayerSpecification[]) => {
      for (const l of layers) map.addLayer(l, before);
    };
    let drawn = false;
    if (info.basemap) {
      if (!protocolAdded) {
        maplibregl.addProtocol('pmtiles', new Protocol().tile);
        protocolAdded = true;
      }
      map.addSource('basemap', { type: 'vector', url: `pmtiles://${origin}${info.basemap.url}`, attribution: info.attribution });
      add(pmtilesLayers('basemap'));
      drawn = true;
    } else if (count('roads') > 0) {
      map.addSource('ref-roads', { type: 'vector', tiles: tiles('roads'), maxzoom: info.tiles.maxzoom, attribution: info.attribution });
      add(roadLayers('ref-roads', 'roads', 'ref-roads'));
      drawn = true;
    }
    if (count('pois') > 0) {
      map.addSource('ref-pois', { type: 'vector', tiles: tiles('pois'), maxzoom: info.tiles.maxzoom, attribution: info.attribution });
      add(poiLayers('ref-pois', 'pois', 'ref-pois'));
      drawn = true;
    }
    if (drawn) map.addControl(new maplibregl.AttributionControl({ compact: false }), 'bottom-right');
  });
}

/** Ask the server what reference data it has and draw it. */
export async function initReferenceMap(map: maplibregl.Map): Promise<ReferenceInfo | null> {
  try {
    const info = (await request<ReferenceInfo>('GET', paths.reference)).body;
    addReferenceLayers(map, info);
    return info;
  } catch {
    return null; // no reference data or no permission: the operational map still works
  }
}

/** Show these crossings on the map (above the operational layers). */
export function setCrossings(map: maplibregl.Map, fc: FeatureCollection) {
  whenStyleLoaded(map, () => {
    const src = map.getSource(CROSSINGS) as maplibregl.GeoJSONSource | undefined;
    if (src) src.setData(fc);
    else {
      map.addSource(CROSSINGS, { type: 'geojson', data: fc });
      for (const l of crossingLayers(CROSSINGS)) map.addLayer(l);
    }
  });
}
