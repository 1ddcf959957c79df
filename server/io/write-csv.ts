/**
 * CSV out: point layers as lon, lat columns; polygon layers as one WKT column (what GDAL
 * and QGIS read). Then the id and every property of the layer's contract, in contract
 * order, so the columns are the same whatever the data. UTF-8 with a byte-order mark so
 * Excel shows Vietnamese correctly; CRLF line ends (RFC 4180). Written a few hundred rows at a
 * time (`csvParts`): Papa quotes cell by cell, so the pieces join to what one call would give.
 */
import Papa from 'papaparse';
import type { Feature } from 'geojson';
import { LAYERS, outputPropertyNames, type LayerId } from '../../core/layers.ts';
import { toWkt } from './wkt.ts';

// A cell starting with one of these is run as a formula by spreadsheets (CSV injection):
// prefix it with an apostrophe, which the reader removes again.
const FORMULA = /^[=+\-@\t\r]/;
export const escapeFormula = (s: string) => (FORMULA.test(s) ? `'${s}` : s);
export const unescapeFormula = (s: string) => (s.startsWith("'") && FORMULA.test(s.slice(1)) ? s.slice(1) : s);

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return escapeFormula(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return escapeFormula(JSON.stringify(v));
}

const PAPA = { newline: '\r\n', quotes: false, escapeFormulae: false, header: false } as const;
/** Rows per piece: a piece stays well under a millisecond to write. */
const ROWS_PER_PART = 500;

export function* csvParts(layer: LayerId, features: Iterable<Feature>): Generator<string> {
  const points = LAYERS[layer].geometryTypes.every((t) => t === 'Point');
  const props = outputPropertyNames(layer);
  const row = (f: Feature) => {
    const p = (f.properties ?? {}) as Record<string, unknown>;
    const geom =
      points && f.geometry?.type === 'Point' ? [String(f.geometry.coordinates[0]), String(f.geometry.coordinates[1])] : [f.geometry ? toWkt(f.geometry) : ''];
    return [f.id === undefined ? '' : String(f.id), ...geom, ...props.map((k) => cell(p[k]))];
  };
  yield '\ufeff' + Papa.unparse([['id', ...(points ? ['lon', 'lat'] : ['WKT']), ...props]], PAPA);
  let rows: string[][] = [];
  let any = false;
  for (const f of features) {
    rows.push(row(f));
    if (rows.length === ROWS_PER_PART) {
      yield '\r\n' + Papa.unparse(rows, PAPA);
      rows = [];
    }
    any = true;
  }
  if (rows.length) yield '\r\n' + Papa.unparse(rows, PAPA);
  // An empty layer: the header line and an empty line, as Papa writes a header without rows.
  yield any ? '\r\n' : '\r\n\r\n';
}

export const writeCsv = (layer: LayerId, features: Iterable<Feature>): string => [...csvParts(layer, features)].join('');
