/**
 * Where the printer reads features from. The route implements it over the store; tests and the
 * benchmark over plain FeatureCollections, so the renderer needs no server.
 */
import type { Feature, FeatureCollection } from 'geojson';
import { bbox as turfBbox } from '@turf/turf';
import type { LayerId } from '../../core/layers.ts';

export type BBox = [number, number, number, number];

/** The store answers asynchronously; in-memory sources need not. */
type Awaitable<T> = T | Promise<T>;

export interface PrintSource {
  /** A ward by feature id or ward code. */
  ward(id: string): Awaitable<Feature | null>;
  /** A quarantine zone by feature id. */
  zone(id: string): Awaitable<Feature | null>;
  /** Features of a layer whose extent meets the box. */
  features(layer: LayerId, bbox: BBox): Awaitable<Feature[]>;
  /** Every ward meeting the box (all wards when no box): the atlas's pages and its overview. */
  wards(bbox?: BBox): Awaitable<Feature[]>;
  /** The street basemap (roads, places) meeting the box, when the deployment has one; with its attribution. */
  reference?(layer: 'roads' | 'pois', bbox: BBox): Awaitable<Feature[]>;
  attribution?: string;
}

const meets = (a: BBox, b: BBox) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

/** A source over in-memory collections (features need ids for ward:/zone: look-ups). */
export function memorySource(layers: Partial<Record<LayerId, FeatureCollection>>, reference?: { roads?: FeatureCollection; pois?: FeatureCollection; attribution?: string }): PrintSource {
  const boxes = new Map<Feature, BBox>();
  const boxOf = (f: Feature) => {
    let b = boxes.get(f);
    if (!b) boxes.set(f, (b = turfBbox(f) as BBox));
    return b;
  };
  const all = (layer: LayerId) => layers[layer]?.features ?? [];
  return {
    ward: (id) => all('wards').find((f) => String(f.id) === id || f.properties?.code === id) ?? null,
    zone: (id) => all('quarantine-zones').find((f) => String(f.id) === id) ?? null,
    features: (layer, bbox) => all(layer).filter((f) => f.geometry && meets(boxOf(f), bbox)),
    wards: (bbox) => all('wards').filter((f) => !bbox || meets(boxOf(f), bbox)),
    ...(reference
      ? {
          reference: (layer: 'roads' | 'pois', bbox: BBox) => (reference[layer]?.features ?? []).filter((f) => f.geometry && meets(boxOf(f), bbox)),
          attribution: reference.attribution,
        }
      : {}),
  };
}
