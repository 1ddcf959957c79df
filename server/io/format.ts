/** The file formats opsmap imports and exports, and how a format is recognised. */
import { IoError } from './errors.ts';

export const IMPORT_FORMATS = ['geojson', 'csv', 'kml', 'shapefile', 'osm'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export const EXPORT_FORMATS = ['geojson', 'csv', 'kml'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const ALIASES: Record<string, ImportFormat> = {
  geojson: 'geojson',
  json: 'geojson',
  csv: 'csv',
  kml: 'kml',
  shapefile: 'shapefile',
  shp: 'shapefile',
  zip: 'shapefile',
  osm: 'osm',
};

/** The format named explicitly (e.g. `--format shp`) or else given by the file name's extension. */
export function detectFormat(opts: { format?: string; filename?: string }): ImportFormat {
  if (opts.format) {
    const f = ALIASES[opts.format.toLowerCase()];
    if (!f) throw new IoError('unsupported', `Unknown format "${opts.format}": use one of ${IMPORT_FORMATS.join(', ')}.`);
    return f;
  }
  const ext = /\.([a-z0-9]+)$/i.exec(opts.filename ?? '')?.[1]?.toLowerCase();
  const f = ext ? ALIASES[ext] : undefined;
  if (!f)
    throw new IoError(
      'unsupported',
      `Cannot tell the format of "${opts.filename ?? '(unnamed file)'}" from its name: use a .geojson, .json, .csv, .kml, .osm (OSM XML) or .zip (zipped Shapefile) file, or name the format (geojson, csv, kml, shapefile, osm).`,
    );
  return f;
}

export function isExportFormat(s: string): s is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(s);
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  geojson: 'application/geo+json',
  csv: 'text/csv; charset=utf-8',
  kml: 'application/vnd.google-earth.kml+xml; charset=utf-8',
};

export const EXTENSIONS: Record<ExportFormat, string> = { geojson: 'geojson', csv: 'csv', kml: 'kml' };
