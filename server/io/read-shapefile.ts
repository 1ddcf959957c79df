/**
 * Zipped Shapefile in. The zip is checked before anything is unpacked (entry count and
 * declared sizes: a zip bomb is refused, and fflate never writes past a declared size),
 * only the files of the one layer are unpacked, the text encoding is taken from the .cpg
 * (or detected), and coordinates must be WGS84 longitude/latitude: opsmap does not
 * reproject, so a .prj naming anything else is refused with the command that fixes it.
 */
import { unzipSync } from 'fflate';
import * as shapefile from 'shapefile';
import type { Geometry } from 'geojson';
import { invalid, tooLarge } from './errors.ts';
import { mib, type IoLimits } from './limits.ts';
import { checkFeatureCount, type ReadResult, type SourceFeature } from './source.ts';

const PARTS = ['shp', 'shx', 'dbf', 'prj', 'cpg'];
const REPROJECT = 'Reproject it to WGS84 longitude/latitude first, e.g. ogr2ogr -t_srs EPSG:4326 out.shp in.shp (or in QGIS: Export → Save Features As… with CRS EPSG:4326), zip it and import again.';

const partOf = (name: string) => {
  const m = /^(.*)\.([a-z]+)$/i.exec(name);
  return m && PARTS.includes(m[2].toLowerCase()) ? { base: m[1], ext: m[2].toLowerCase() } : null;
};
const ignorable = (name: string) => name.endsWith('/') || name.startsWith('__MACOSX/') || /(^|\/)\./.test(name);

function unzip(data: Uint8Array, limits: IoLimits): Record<string, Uint8Array> {
  let entries = 0;
  let total = 0;
  try {
    return unzipSync(data, {
      filter: (f) => {
        if (++entries > limits.maxZipEntries) throw tooLarge(`The zip holds more than ${limits.maxZipEntries} files; a zipped Shapefile needs 3 to 5 (.shp, .shx, .dbf, .prj, .cpg).`);
        if (ignorable(f.name) || !partOf(f.name)) return false;
        total += f.originalSize;
        if (total > limits.maxUncompressedBytes)
          throw tooLarge(`The zip unpacks to more than ${mib(limits.maxUncompressedBytes)}, more than opsmap imports at once (or it is a zip bomb). Split the layer into smaller files.`);
        return true;
      },
    });
  } catch (e) {
    if (e instanceof Error && e.name === 'IoError') throw e;
    throw invalid(`The file is not a readable zip archive (${(e as Error).message}). A Shapefile must be uploaded as a .zip of its .shp, .shx, .dbf and .prj files.`);
  }
}

/** True for a geographic CRS on the WGS84 datum (what GeoJSON and opsmap use). */
export function isWgs84Geographic(prj: string): boolean {
  const t = prj.trim().toUpperCase();
  if (/^(PROJCS|PROJCRS|PROJECTEDCRS)\b/.test(t)) return false;
  if (!/^(GEOGCS|GEOGCRS|GEODCRS|GEOGRAPHICCRS)\b/.test(t)) return false;
  return /DATUM\s*\[\s*"(D_)?WGS_?(19)?84"|DATUM\s*\[\s*"WORLD GEODETIC SYSTEM 1984"|DATUM\s*\[\s*"WGS 84"/.test(t);
}

const crsName = (prj: string) => /^\s*[A-Z]+\s*\[\s*"([^"]*)"/i.exec(prj)?.[1] ?? 'an unnamed coordinate system';

/** The dBASE text encoding: from the .cpg when there is one, else UTF-8 if the bytes are valid UTF-8, else Windows-1252. */
function dbfEncoding(cpg: Uint8Array | undefined, dbf: Uint8Array | undefined, warnings: string[]): string {
  if (cpg) {
    const label = new TextDecoder('latin1').decode(cpg).trim();
    const candidates = /^(utf-?8|65001)$/i.test(label) ? ['utf-8'] : /^\d{3,5}$/.test(label) ? [`windows-${label}`, `cp${label}`] : [label, label.replace(/^(ANSI|CP)\s*/i, 'windows-')];
    for (const c of candidates) {
      try {
        new TextDecoder(c);
        return c;
      } catch {
        /* try the next spelling */
      }
    }
    throw invalid(`The .cpg names the text encoding "${label}", which opsmap cannot decode. Save the Shapefile as UTF-8 (ogr2ogr -lco ENCODING=UTF-8) and import again.`);
  }
  if (!dbf) return 'utf-8';
  try {
    // Only the records: the header holds binary counts and lengths.
    const headerLength = dbf.length >= 10 ? dbf[8] | (dbf[9] << 8) : 0;
    new TextDecoder('utf-8', { fatal: true }).decode(dbf.subarray(headerLength));
    return 'utf-8';
  } catch {
    warnings.push('The Shapefile has no .cpg and its text is not UTF-8: it was read as Windows-1252. If names look wrong, save it as UTF-8 (ogr2ogr -lco ENCODING=UTF-8).');
    return 'windows-1252';
  }
}

/**
 * dBASE dates arrive as local-time Date objects; the contract wants YYYY-MM-DD. Text is
 * put in composed form (NFC): Windows-1258 writes Vietnamese tone marks as combining
 * characters, which would otherwise not compare equal to the same name typed elsewhere.
 */
function plainValues(p: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) {
    if (v instanceof Date) out[k] = Number.isNaN(v.getTime()) ? null : `${String(v.getFullYear()).padStart(4, '0')}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
    else out[k] = typeof v === 'string' ? v.normalize('NFC') : v;
  }
  return out;
}

export async function readShapefile(data: Uint8Array, limits: IoLimits): Promise<ReadResult> {
  const files = unzip(data, limits);
  const names = Object.keys(files);
  const shps = names.filter((n) => partOf(n)?.ext === 'shp');
  if (shps.length === 0) throw invalid('The zip holds no .shp file. Zip the Shapefile’s .shp, .shx, .dbf and .prj files together.');
  if (shps.length > 1) throw invalid(`The zip holds ${shps.length} Shapefiles (${shps.join(', ')}); put one layer in each zip.`);
  const base = partOf(shps[0])!.base.toLowerCase();
  const part = (ext: string) => {
    const n = names.find((x) => partOf(x)?.ext === ext && partOf(x)!.base.toLowerCase() === base);
    return n ? files[n] : undefined;
  };
  const warnings: string[] = [];
  const prj = part('prj');
  if (prj) {
    const wkt = new TextDecoder('latin1').decode(prj);
    if (!isWgs84Geographic(wkt)) throw invalid(`The Shapefile's coordinates are in ${crsName(wkt)} (see its .prj), not WGS84 longitude/latitude (EPSG:4326). ${REPROJECT}`);
  } else warnings.push('The Shapefile has no .prj: its coordinates were taken to be WGS84 longitude/latitude.');
  const dbf = part('dbf');
  if (!dbf) warnings.push('The Shapefile has no .dbf: its features have no properties.');
  const encoding = dbfEncoding(part('cpg'), dbf, warnings);

  const features: SourceFeature[] = [];
  try {
    const source = await shapefile.open(files[shps[0]], dbf ?? null, { encoding });
    for (let r = await source.read(); !r.done; r = await source.read()) {
      checkFeatureCount(features.length + 1, limits, true);
      features.push({ geometry: (r.value.geometry as Geometry | null) ?? null, properties: plainValues(r.value.properties ?? {}), where: `record ${features.length + 1}` });
    }
  } catch (e) {
    if (e instanceof Error && e.name === 'IoError') throw e;
    throw invalid(`The Shapefile could not be read: ${(e as Error).message}.`);
  }
  return { format: 'shapefile', features, warnings };
}
