/**
 * What a print draws, as plain data a worker thread can receive (structured clone): the planned
 * pages, the stored rows meeting the printed extent, and the street basemap. Gathered on the
 * request thread by ./gather.ts; drawn on a worker by server/workers/print-task.ts, which parses
 * the rows there, so even the JSON of the features is off the thread that answers requests.
 */
import type { Feature, FeatureCollection } from 'geojson';
import type { LayerId } from '../../core/layers.ts';
import type { PrintRequest } from '../../core/print/request.ts';
import { rowToFeature } from '../db/rows.ts';
import type { FeatureRow } from '../db/store.ts';
import type { MapPage } from './plan.ts';
import { memorySource, type PrintSource } from './source.ts';

export interface PrintData {
  req: PrintRequest;
  pages: MapPage[];
  /** Rows meeting the union of the pages' extents, of each layer drawn (and of the tabulated ones). */
  rows: Partial<Record<LayerId, FeatureRow[]>>;
  /** Every ward, for the table's ward column; empty without a table. */
  allWards: FeatureRow[];
  /** The street basemap in the printed extent, when the deployment has one. */
  reference?: { roads: Feature[]; pois: Feature[]; attribution: string };
}

const collection = (features: Feature[]): FeatureCollection => ({ type: 'FeatureCollection', features });

/** The print source over gathered data: each page takes what meets its own box. */
export function dataSource(data: PrintData): PrintSource {
  const layers = Object.fromEntries(Object.entries(data.rows).map(([layer, rows]) => [layer, collection(rows.map(rowToFeature) as Feature[])]));
  const ref = data.reference;
  const source = memorySource(layers, ref && { roads: collection(ref.roads), pois: collection(ref.pois), attribution: ref.attribution });
  const wards = data.allWards.map(rowToFeature) as Feature[];
  // The pages are planned already: look-ups of a ward or zone by id are not asked again.
  return { ...source, ward: () => null, zone: () => null, wards: () => wards };
}
