/**
 * CSV read from a file a block of whole rows at a time: the text is cut after the last line end
 * that is outside quotes (a quoted value may hold line breaks; `""` inside one toggles the count
 * twice, so counting quotes is enough), each block is parsed with Papa Parse with the delimiter
 * the header row showed, and rows become features as ./read-csv.ts makes them. Memory holds a
 * block, whatever the file's size. Rows without usable coordinates are collected (not handed on)
 * and refuse the file at the end with all of them named, as the whole-file reader does.
 */
import Papa from 'papaparse';
import { invalid } from './errors.ts';
import { mib, type IoLimits } from './limits.ts';
import { textBlocks } from './read-blocks.ts';
import { badRows, csvColumns, csvFeature, type CsvColumns } from './read-csv.ts';
import { checkFeatureCount, type SourceFeature } from './source.ts';

/** A quoted value longer than this is a missing closing quote, not data. */
const MAX_PENDING = 16 * 1024 * 1024;

/** Whole rows of `text` (up to the last line end outside quotes) and what is left after them. */
function* wholeRows(path: string): Generator<string> {
  let pending = '';
  let inQuote = false;
  let scanned = 0;
  for (const text of textBlocks(path, 'CSV file')) {
    pending += text;
    let cut = -1;
    for (let i = scanned; i < pending.length; i++) {
      const c = pending.charCodeAt(i);
      if (c === 34) inQuote = !inQuote;
      else if (c === 10 && !inQuote) cut = i + 1;
    }
    scanned = pending.length;
    if (cut > 0) {
      yield pending.slice(0, cut);
      pending = pending.slice(cut);
      scanned -= cut;
    } else if (pending.length > MAX_PENDING)
      throw invalid(`The CSV has a quoted value longer than ${mib(MAX_PENDING)} (a missing closing quote?); nothing was imported.`);
  }
  if (pending) yield pending;
}

/** The features of a CSV file, one at a time; `warnings` is filled as rows are read. */
export function* streamCsv(path: string, limits: IoLimits, warnings: string[]): Generator<SourceFeature> {
  let cols: CsvColumns | null = null;
  let delimiter: string | undefined;
  let n = 0;
  let mismatches = 0;
  const bad: string[] = [];
  let badCount = 0;
  for (const block of wholeRows(path)) {
    const parsed = Papa.parse<string[]>(block, { header: false, skipEmptyLines: 'greedy', delimiter });
    delimiter ??= parsed.meta.delimiter;
    let rows = parsed.data;
    const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
    if (quoteError) throw invalid(`The CSV is malformed near row ${n + (quoteError.row ?? 0) + (cols ? 2 : 1)}: ${quoteError.message}.`);
    if (!cols) {
      if (!rows.length) continue;
      cols = csvColumns(rows[0].map((h) => h.trim()));
      rows = rows.slice(1);
    }
    for (const values of rows) {
      const i = n++;
      checkFeatureCount(n, limits, true);
      if (values.length !== cols.headers.length && mismatches++ < 5)
        warnings.push(`row ${i + 2}: Too ${values.length < cols.headers.length ? 'few' : 'many'} fields: expected ${cols.headers.length} fields but parsed ${values.length}`);
      const row: Record<string, string> = {};
      cols.headers.forEach((h, j) => {
        if (values[j] !== undefined) row[h] = values[j];
      });
      const r = csvFeature(row, i, cols);
      if ('bad' in r) {
        if (bad.length < 10) bad.push(r.bad);
        badCount++;
      } else if (!badCount) yield r.feature; // after a bad row nothing more is written; the rest are still checked
    }
  }
  if (!cols) throw invalid('The CSV has no header row; the first row must name the columns (e.g. lon,lat,name).');
  if (badCount) throw badRows(bad, badCount);
}
