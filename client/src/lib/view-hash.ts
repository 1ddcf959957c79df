/**
 * The view in the URL hash, so that a link shows the same map:
 * `#map=<zoom>/<lat>/<lng>&layers=<id>,<id>` (zoom, then latitude and longitude, as OSM links do).
 */
import { LAYER_IDS, isLayerId, type LayerId } from '../../../core/layers.ts';

export interface View {
  center: [number, number]; // [lng, lat]
  zoom: number;
  layers: LayerId[];
}

export function formatViewHash(v: View): string {
  const z = v.zoom.toFixed(2).replace(/\.?0+$/, '');
  // 5 decimals of a degree is about a metre: enough to reproduce a view.
  const lat = v.center[1].toFixed(5);
  const lng = v.center[0].toFixed(5);
  const layers = LAYER_IDS.filter((id) => v.layers.includes(id)).join(',');
  return `#map=${z}/${lat}/${lng}&layers=${layers}`;
}

/** The parts of the view a hash describes; a missing or malformed part is left out. */
export function parseViewHash(hash: string): Partial<View> {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const out: Partial<View> = {};
  const m = /^(\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)$/.exec(params.get('map') ?? '');
  if (m) {
    const [zoom, lat, lng] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (zoom <= 24 && Math.abs(lat) <= 85 && Math.abs(lng) <= 180) {
      out.zoom = zoom;
      out.center = [lng, lat];
    }
  }
  const layers = params.get('layers');
  if (layers !== null) out.layers = layers.split(',').filter(isLayerId);
  return out;
}
