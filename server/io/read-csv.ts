/**
 * CSV in: points from longitude/latitude columns, or any geometry from a WKT column.
 * Every other column becomes a text property (types are fixed later, by the mapping,
 * from the layer's contract). Rows are numbered as a spreadsheet shows them: the header
 * is row 1, so the first feature is row 2.
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

export function readCsv(data: Uint8Array, limits: IoLimits): ReadResult {
  const text = decodeUtf8(data, 'CSV file');
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim() });
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError) throw invalid(`The CSV is malformed near row ${(quoteError.row ?? 0) + 2}: ${quoteError.message}.`);
  const headers = parsed.meta.fields ?? [];
  if (headers.length === 0) throw invalid('The CSV has no header row; the first row must name the columns (e.g. lon,lat,name).');
  checkFeatureCount(parsed.data.length, limits);
  const warnings = parsed.errors
    .filter((e) => e.type === 'FieldMismatch')
    .slice(0, 5)
    .map((e) => `row ${(e.row ?? 0) + 2}: ${e.message}`);

  const lon = find(headers, LON);
  const lat = find(headers, LAT);
  const wkt = lon && lat ? undefined : find(headers, WKT);
  if (!(lon && lat) && !wkt)
    throw invalid(
      `The CSV has no coordinate columns. It needs a longitude and a latitude column (named lon, lng, long, longitude or x, and lat, latitude or y) or a WKT geometry column (wkt, geometry). Its columns are: ${headers.join(', ')}.`,
    );
  const geometryColumns = new Set([lon, lat, wkt].filter(Boolean));

  const bad: string[] = [];
  const features: SourceFeature[] = parsed.data.map((row, i) => {
    const where = `row ${i + 2}`;
    let geometry: unknown = null;
    if (lon && lat) {
      const x = coordinate(row[lon]);
      const y = coordinate(row[lat]);
      if (x === null || y === null) {
        const what = x === null ? `${lon} ${JSON.stringify(row[lon] ?? '')}` : `${lat} ${JSON.stringify(row[lat] ?? '')}`;
        bad.push(`${where}: ${what} is ${(x === null ? row[lon] : row[lat])?.trim() ? 'not a number' : 'missing'}`);
      } else geometry = { type: 'Point', coordinates: [x, y] };
    } else {
      const w = (row[wkt!] ?? '').trim();
      if (!w) bad.push(`${where}: the ${wkt} column is empty`);
      else
        try {
          geometry = parseWkt(w);
        } catch (e) {
          bad.push(`${where}: the ${wkt} value is not valid WKT (${(e as Error).message})`);
        }
    }
    const properties: Record<string, unknown> = {};
    for (const h of headers) if (!geometryColumns.has(h) && h !== ID && h !== '') properties[h] = unescapeFormula(row[h] ?? '');
    return { geometry, properties, where };
  });
  if (bad.length) throw invalid(`${bad.length} row(s) have no usable coordinates: ${bad.slice(0, 10).join('; ')}${bad.length > 10 ? '; …' : ''}.`);
  return { format: 'csv', features, warnings };
}
