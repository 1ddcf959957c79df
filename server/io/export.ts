/** A whole layer written in one of the export formats, with what an HTTP response or a file needs. */
import type { LayerId } from '../../core/layers.ts';
import { listFeatures } from '../db/rows.ts';
import type { Store } from '../db/store.ts';
import { CONTENT_TYPES, EXTENSIONS, type ExportFormat } from './format.ts';
import { writeCsv } from './write-csv.ts';
import { writeGeoJson } from './write-geojson.ts';
import { writeKml } from './write-kml.ts';

export interface Export {
  body: string;
  contentType: string;
  filename: string;
  count: number;
}

export async function exportLayer(store: Store, layer: LayerId, format: ExportFormat): Promise<Export> {
  const { features } = await listFeatures(store, layer, { limit: Number.MAX_SAFE_INTEGER });
  const body = format === 'geojson' ? writeGeoJson(features) : format === 'csv' ? writeCsv(layer, features) : writeKml(layer, features);
  return { body, contentType: CONTENT_TYPES[format], filename: `${layer}.${EXTENSIONS[format]}`, count: features.length };
}
