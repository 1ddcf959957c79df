/** A whole layer written in one of the export formats, with what an HTTP response or a file needs. */
import type { LayerId } from '../../core/layers.ts';
import type { Db } from '../db/open.ts';
import { listFeatures } from '../db/store.ts';
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

export function exportLayer(db: Db, layer: LayerId, format: ExportFormat): Export {
  const { features } = listFeatures(db, layer, { limit: Number.MAX_SAFE_INTEGER });
  const body = format === 'geojson' ? writeGeoJson(features) : format === 'csv' ? writeCsv(layer, features) : writeKml(layer, features);
  return { body, contentType: CONTENT_TYPES[format], filename: `${layer}.${EXTENSIONS[format]}`, count: features.length };
}
