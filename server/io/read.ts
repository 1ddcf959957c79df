/** One entry point for every import format: bytes in, features as they stand in the file out. */
import { tooLarge } from './errors.ts';
import { detectFormat, type ImportFormat } from './format.ts';
import { DEFAULT_LIMITS, mib, type IoLimits } from './limits.ts';
import { readCsv } from './read-csv.ts';
import { readGeoJson } from './read-geojson.ts';
import { readKml } from './read-kml.ts';
import { readOsmXml } from './osm.ts';
import { readShapefile } from './read-shapefile.ts';
import type { ReadResult } from './source.ts';

export interface ReadOptions {
  /** geojson | json | csv | kml | shapefile | shp | zip | osm; else taken from `filename`'s extension. */
  format?: string;
  filename?: string;
  limits?: Partial<IoLimits>;
}

export async function readFeatures(data: Uint8Array, opts: ReadOptions = {}): Promise<ReadResult> {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const format: ImportFormat = detectFormat(opts);
  const cap = Math.min(limits.maxFileBytes, limits.maxWholeFileBytes);
  if (data.byteLength > cap)
    throw tooLarge(`The file is ${mib(data.byteLength)}; opsmap reads ${format} files (and imports that replace a layer) of at most ${mib(cap)} (OPSMAP_IMPORT_MAX_WHOLE_BYTES). Split it into smaller files${format === 'geojson' || format === 'csv' ? '' : ', or convert it to GeoJSON or CSV, which are read a feature at a time'}.`);
  switch (format) {
    case 'geojson':
      return readGeoJson(data, limits);
    case 'csv':
      return readCsv(data, limits);
    case 'kml':
      if (data.byteLength > limits.maxKmlBytes)
        throw tooLarge(`The KML file is ${mib(data.byteLength)}; opsmap imports KML of at most ${mib(limits.maxKmlBytes)}. Convert larger files to GeoJSON first (ogr2ogr -f GeoJSON out.geojson in.kml).`);
      return readKml(data, limits);
    case 'shapefile':
      return readShapefile(data, limits);
    case 'osm': {
      // Operational layers take the places (nodes and outlined buildings), not the roads: an OSM
      // extract feeds the facilities layer; roads go to the reference import.
      const r = readOsmXml(data, limits);
      return { format, features: r.pois, warnings: [...r.warnings, ...(r.roads.length ? [`${r.roads.length} roads in the file were not imported here; import them as the roads reference layer.`] : [])] };
    }
  }
}

export type { ReadResult, SourceFeature } from './source.ts';
