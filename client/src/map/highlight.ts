/**
 * The selection highlight: drawn from its own source above everything, so it never changes how
 * the layers themselves look (and stays out of the shared style and the print).
 */
import type { LayerSpecification } from 'maplibre-gl';

export const HIGHLIGHT_SOURCE = 'opsmap-selection';
const COLOR = '#00b8d4';

export const highlightLayers: LayerSpecification[] = [
  { id: 'selection-area', type: 'line', source: HIGHLIGHT_SOURCE, filter: ['!=', ['geometry-type'], 'Point'], paint: { 'line-color': COLOR, 'line-width': 4, 'line-opacity': 0.9 } },
  {
    id: 'selection-point',
    type: 'circle',
    source: HIGHLIGHT_SOURCE,
    filter: ['==', ['geometry-type'], 'Point'],
    paint: { 'circle-radius': 13, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': COLOR, 'circle-stroke-width': 3 },
  },
];
