/**
 * CSV in: points from longitude/latitude columns, or any geometry from a WKT column.
 * Every other column becomes a text property (types are fixed later, by the mapping,
 * from the layer's contract). Rows are numbered as a spreadsheet shows them: the header
 * is row 1, so the first feature is row 2. ./stream-csv.ts reads a file the same way a
 * block of rows at a time; both turn a row into a feature here.
 */
import Papa from 'papaparse';
import { invalid } from './errors.ts';
import type { IoLimits } from './limits.ts';
import { checkFeatureCount, decodeUtf8, type ReadResult, type SourceFeature } from './source.ts';
import { parseWkt } from './wkt.ts';
import { unescapeFormula } from './write-csv.ts';

const LON = ['lon', 'lng', 'long', 'longitude', 'x'];
const LAT = ['lat', 'latitude', 'y'];
const WKT = ['wkt', 'geometry', 'geom', 'the_geom'];
/** Our own export writes the feature id; like a GeoJSON id it is not a property, and opsmap assigns new ids. */
const ID = 'id';

const find = (headers: string[], names: string[]) => headers.find((h) => names.includes(h.toLowerCase()));

/** A coordinate as written by people and spreadsheets: "105.78", " 105,78 " (decimal comma). */
function coordinate(raw: string | undefined): number | null {
  const s = (raw ?? '').trim().replace(/^([-+]?\d+),(\d+)$/, '$1.$2');
  if (s === '' || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return null;
  return Number(s);
}

/** Where a CSV keeps its geometry, from its header row. */
export interface CsvColumns {
  headers: string[];
  lon?: string;
  lat?: string;
  wkt?: string;
  geometry: Set<string | undefined>;
}

export function csvColumns(headers: string[]): CsvColumns {
  if (headers.length === 0 || headers.every((h) => h === '')) throw invalid('The CSV has no header row; the first row must name the columns (e.g. lon,lat,name).');
  const lon = find(headers, LON);
  const lat = find(headers, LAT);
  const wkt = lon && lat ? undefined : find(headers, WKT);
  if (!(lon && lat) && !wkt)
    throw invalid(
      `The CSV has no coordinate columns. It needs a longitude and a latitude column (named lon, lng, long, longitude or x, and lat, latitude or y) or a WKT geometry column (wkt, geometry). Its columns are: ${headers.join(', ')}.`,
    );
  return { headers, lon, lat, wkt, geometry: new Set([lon, lat, wkt].filter(Boolean)) };
}

/** Row `i` (0: the first after the header) as a feature, or why it has no usable geometry. */
export function csvFeature(row: Record<string, string>, i: number, cols: CsvColumns): { feature: SourceFeature } | { bad: string } {
  const where = `row ${i + 2}`;
  let geometry: unknown = null;
  const { lon, lat, wkt } = cols;
  if (lon && lat) {
    const x = coordinate(row[lon]);
    const y = coordinate(row[lat]);
    if (x === null || y === null) {
      const what = x === null ? `${lon} ${JSON.stringify(row[lon] ?? '')}` : `${lat} ${JSON.stringify(row[lat] ?? '')}`;
      return { bad: `${where}: ${what} is ${(x === null ? row[lon] : row[lat])?.trim() ? 'not a number' : 'missing'}` };
    }
    geometry = { type: 'Point', coordinates: [x, y] };
  } else {
    const w = (row[wkt!] ?? '').trim();
    if (!w) return { bad: `${where}: the ${wkt} column is empty` };
    try {
      geometry = parseWkt(w);
    } catch (e) {
      return { bad: `${where}: the ${wkt} value is not valid WKT (${(e as Error).message})` };
    }
  }
  const properties: Record<string, unknown> = {};
  for (const h of cols.headers) if (!cols.geometry.has(h) && h !== ID && h !== '') properties[h] = unescapeFormula(row[h] ?? '');
  return { feature: { geometry, properties, where } };
}

/** The error for rows without usable coordinates (all are collected first, so one answer names them all). */
export const badRows = (bad: string[], total = bad.length) =>
  invalid(`${total} row(s) have no usable coordinates: ${bad.slice(0, 10).join('; ')}${total > 10 ? '; …' : ''}.`);

export function readCsv(data: Uint8Array, limits: IoLimits): ReadResult {
  const text = decodeUtf8(data, 'CSV file');
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim() });
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError) throw invalid(`The CSV is malformed near row ${(quoteError.row ?? 0) + 2}: ${quoteError.message}.`);
  const cols = csvColumns(parsed.meta.fields ?? []);
  checkFeatureCount(parsed.data.length, limits);
  const warnings = parsed.errors
    .filter((e) => e.type === 'FieldMismatch')
    .slice(0, 5)
    .map((e) => `row ${(e.row ?? 0) + 2}: ${e.message}`);
  const bad: string[] = [];
  const features: SourceFeature[] = [];
  parsed.data.forEach((row, i) => {
    const r = csvFeature(row, i, cols);
    if ('bad' in r) bad.push(r.bad);
    else features.push(r.feature);
  });
  if (bad.length) throw badRows(bad);
  return { format: 'csv', features, warnings };
}
