/**
 * A file of the city scenario's incidents (data/city/generate.ts), as CSV or GeoJSON, written
 * 10,000 at a time: the input of the import benchmark, at any size without holding it.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import type { Feature } from 'geojson';
import { generateCity } from '../../../data/city/generate.ts';
import { writeCsv } from '../../../server/io/write-csv.ts';

export function writeIncidentFile(path: string, n: number, format: 'csv' | 'geojson'): void {
  writeFileSync(path, format === 'geojson' ? '{"type":"FeatureCollection","features":[\n' : '');
  let chunk: Feature[] = [];
  let first = true;
  const flush = () => {
    if (!chunk.length) return;
    if (format === 'csv') {
      const text = writeCsv('incidents', chunk);
      appendFileSync(path, first ? text : text.slice(text.indexOf('\n') + 1));
    } else appendFileSync(path, (first ? '' : ',\n') + chunk.map((f) => JSON.stringify(f)).join(',\n'));
    first = false;
    chunk = [];
  };
  for (const f of generateCity({ incidents: n }).incidents()) {
    chunk.push(f);
    if (chunk.length === 10_000) flush();
  }
  flush();
  if (format === 'geojson') appendFileSync(path, '\n]}\n');
}
