/**
 * How the street basemap looks: roads by class (main roads wide and coloured, minor roads thin
 * grey, roads with no class drawn as minor), road names along the line in our own font, places
 * of interest as small dots with names at street zoom. The same look for our own vector tiles
 * (`class` = OSM highway) and for a Protomaps PMTiles basemap (`kind`/`kind_detail`), so the
 * map reads the same whichever base is installed. Kept quiet: the operational layers are on top.
 */
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import { LABEL_FONT } from './index.ts';

export const ROAD_COLOR = { motorway: '#e8a46c', trunk: '#f0b878', primary: '#f6d77f', secondary: '#fbeaa7', tertiary: '#ffffff', minor: '#ffffff' } as const;
const CASING = '#b9c2cb';

/** The class used for styling, from `class` (our tiles) or the Protomaps kind_detail. */
const cls: ExpressionSpecification = ['coalesce', ['get', 'class'], ['get', 'kind_detail'], 'minor'];
const rank: ExpressionSpecification = [
  'match',
  cls,
  ['motorway', 'motorway_link', 'highway'],
  5,
  ['trunk', 'trunk_link'],
  4,
  ['primary', 'primary_link', 'major_road'],
  3,
  ['secondary', 'secondary_link'],
  2,
  ['tertiary', 'tertiary_link'],
  1,
  0,
];

/** Line width in pixels: rank 0 (minor) to 5 (motorway), growing from district zoom (12) to street zoom (17). */
const width = (extra: number): ExpressionSpecification => [
  'interpolate',
  ['exponential', 1.6],
  ['zoom'],
  11,
  ['+', ['*', rank, 0.45], 0.3 + extra * 0.3],
  14,
  ['+', ['*', rank, 1.1], 1.2 + extra],
  17,
  ['+', ['*', rank, 3], 5 + extra * 2],
];

export function roadLayers(source: string, sourceLayer: string, prefix: string, filter?: ExpressionSpecification): LayerSpecification[] {
  const f = filter ? { filter } : {};
  return [
    {
      id: `${prefix}-casing`,
      type: 'line',
      source,
      'source-layer': sourceLayer,
      ...f,
      minzoom: 12,
      layout: { 'line-cap': 'round', 'line-join': 'round', 'line-sort-key': rank },
      paint: { 'line-color': CASING, 'line-width': width(1.5) },
    },
    {
      id: `${prefix}-line`,
      type: 'line',
      source,
      'source-layer': sourceLayer,
      ...f,
      layout: { 'line-cap': 'round', 'line-join': 'round', 'line-sort-key': rank },
      paint: {
        'line-color': ['match', rank, 5, ROAD_COLOR.motorway, 4, ROAD_COLOR.trunk, 3, ROAD_COLOR.primary, 2, ROAD_COLOR.secondary, 1, ROAD_COLOR.tertiary, ROAD_COLOR.minor],
        'line-width': width(0),
      },
    },
    {
      id: `${prefix}-label`,
      type: 'symbol',
      source,
      'source-layer': sourceLayer,
      // main road names from district zoom, every name from street zoom
      filter: ['all', ['has', 'name'], ['any', ['>=', ['zoom'], 15], ['>=', rank, 1]], ...(filter ? [filter] : [])] as ExpressionSpecification,
      minzoom: 12.5,
      layout: {
        'symbol-placement': 'line',
        'text-field': ['get', 'name'],
        'text-font': [LABEL_FONT],
        'text-size': ['interpolate', ['linear'], ['zoom'], 13, 10, 17, 13],
        'text-max-angle': 30,
        'symbol-spacing': 300,
      },
      paint: { 'text-color': '#4a5560', 'text-halo-color': '#ffffff', 'text-halo-width': 1.6 },
    },
  ];
}

export function poiLayers(source: string, sourceLayer: string, prefix: string): LayerSpecification[] {
  const color: ExpressionSpecification = ['match', ['coalesce', ['get', 'category'], ['get', 'kind'], ''], ['hospital', 'clinic', 'doctors'], '#c0504d', ['school', 'kindergarten', 'college', 'university'], '#7a6fb0', 'bus_stop', '#4f7fb8', ['police', 'townhall', 'community_centre'], '#5a7d5a', '#8a949e'];
  return [
    { id: `${prefix}-dot`, type: 'circle', source, 'source-layer': sourceLayer, minzoom: 14, paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 14, 2, 18, 4.5], 'circle-color': color, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1 } },
    {
      id: `${prefix}-label`,
      type: 'symbol',
      source,
      'source-layer': sourceLayer,
      minzoom: 16,
      filter: ['has', 'name'],
      layout: { 'text-field': ['get', 'name'], 'text-font': [LABEL_FONT], 'text-size': 10.5, 'text-offset': [0, 0.8], 'text-anchor': 'top', 'text-optional': true },
      paint: { 'text-color': '#5d6670', 'text-halo-color': '#fff', 'text-halo-width': 1.4 },
    },
  ];
}

/** A Protomaps basemap (v4 schema): land, water, parks, buildings, then roads and places as above. */
export function pmtilesLayers(source: string): LayerSpecification[] {
  return [
    { id: 'basemap-earth', type: 'fill', source, 'source-layer': 'earth', paint: { 'fill-color': '#eef0ec' } },
    { id: 'basemap-landuse', type: 'fill', source, 'source-layer': 'landuse', filter: ['in', ['get', 'kind'], ['literal', ['park', 'garden', 'grass', 'forest', 'cemetery']]], paint: { 'fill-color': '#dcebd6' } },
    { id: 'basemap-water', type: 'fill', source, 'source-layer': 'water', paint: { 'fill-color': '#b8d4e8' } },
    { id: 'basemap-buildings', type: 'fill', source, 'source-layer': 'buildings', minzoom: 15, paint: { 'fill-color': '#dedad3', 'fill-opacity': 0.7 } },
    ...roadLayers(source, 'roads', 'basemap-roads'),
    ...poiLayers(source, 'pois', 'basemap-pois'),
  ];
}

export const CROSSING_COLOR = { covered: '#2e7d32', uncovered: '#d32f2f' } as const;

/** Border crossings: red when no checkpoint covers them, green when one does; bigger on main roads. */
export function crossingLayers(source: string): LayerSpecification[] {
  return [
    {
      id: 'crossings-dot',
      type: 'circle',
      source,
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, ['case', ['get', 'main_road'], 3.5, 2], 16, ['case', ['get', 'main_road'], 8, 5]],
        'circle-color': ['case', ['get', 'covered'], CROSSING_COLOR.covered, CROSSING_COLOR.uncovered],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.5,
      },
    },
  ];
}
