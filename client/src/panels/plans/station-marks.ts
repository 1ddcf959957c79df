/**
 * Polling stations coloured by a value (readiness level, election-day status) on the map, from a
 * source of their own built from the board's rows (each row has the station's coordinates). It
 * does not touch the polling-stations layer, so it works whether that layer is loaded whole or
 * by viewport as tiles, and leaves the shared style (and the print) alone.
 */
import type * as maplibregl from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';

export interface StationMark {
  id: number | string | null;
  coordinates: readonly number[];
  /** The key of the colour in the palette. */
  value: string;
  /** Draws a red ring (open situations). */
  alert?: boolean;
}

const empty = (): FeatureCollection => ({ type: 'FeatureCollection', features: [] });

export class StationMarks {
  private source: string;
  private layer: string;
  private pending: FeatureCollection | null = null;
  private ready = false;

  constructor(
    private map: maplibregl.Map,
    name: string,
    private palette: Record<string, string>,
  ) {
    this.source = `plans-marks-${name}`;
    this.layer = `plans-marks-${name}`;
    const add = () => {
      if (this.map.getSource(this.source)) return;
      this.map.addSource(this.source, { type: 'geojson', data: this.pending ?? empty() });
      const colour = ['match', ['get', 'value'], ...Object.entries(this.palette).flat(), '#9e9e9e'] as unknown as maplibregl.ExpressionSpecification;
      // Beneath the selection highlight, above the operational layers.
      const before = this.map.getLayer('selection-area') ? 'selection-area' : undefined;
      this.map.addLayer(
        {
          id: this.layer,
          type: 'circle',
          source: this.source,
          paint: {
            'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 4, 15, 9],
            'circle-color': colour,
            'circle-stroke-color': ['case', ['get', 'alert'], '#d50000', '#ffffff'],
            'circle-stroke-width': ['case', ['get', 'alert'], 3, 1.5],
          },
        },
        before,
      );
      this.ready = true;
    };
    // addSource throws until the style itself is loaded (not its data): try now, else when it is.
    const tryAdd = () => {
      try {
        add();
      } catch {
        map.once('styledata', tryAdd);
      }
    };
    tryAdd();
  }

  set(marks: readonly StationMark[]) {
    const fc: FeatureCollection = {
      type: 'FeatureCollection',
      features: marks.map((m) => ({ type: 'Feature', id: typeof m.id === 'number' ? m.id : undefined, geometry: { type: 'Point', coordinates: [...m.coordinates] }, properties: { value: m.value, alert: !!m.alert, station_id: m.id } })),
    };
    if (this.ready) (this.map.getSource(this.source) as maplibregl.GeoJSONSource).setData(fc);
    else this.pending = fc;
  }

  destroy() {
    this.ready = false;
    if (this.map.getLayer(this.layer)) this.map.removeLayer(this.layer);
    if (this.map.getSource(this.source)) this.map.removeSource(this.source);
  }
}

export const READINESS_COLOURS: Record<string, string> = { ready: '#2e7d32', attention: '#f9a825', gaps: '#c62828' };
export const DAY_COLOURS: Record<string, string> = { not_open: '#9e9e9e', open: '#2e7d32', paused: '#f9a825', closed: '#1565c0', counted: '#6a1b9a', reported: '#37474f' };
