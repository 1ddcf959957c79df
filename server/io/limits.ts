/**
 * Bounds on what an imported file may cost, so a hostile or broken file (a zip bomb,
 * deeply nested JSON, millions of rows) is refused with a message instead of
 * exhausting the server's memory.
 */
export interface IoLimits {
  /** Size of the uploaded file itself (OPSMAP_IMPORT_MAX_BYTES). GeoJSON and CSV are streamed, so this bounds disk, not memory. */
  maxFileBytes: number;
  /**
   * Size of a file that is read whole into memory: KML, Shapefile, OSM, facilities from a file of
   * places, and imports that replace a layer (OPSMAP_IMPORT_MAX_WHOLE_BYTES).
   */
  maxWholeFileBytes: number;
  /** Sum of the uncompressed sizes of the zip entries we unpack. */
  maxUncompressedBytes: number;
  /** Entries in a zip (a Shapefile needs 3 to 5). */
  maxZipEntries: number;
  /** Features in one import (OPSMAP_IMPORT_MAX_FEATURES). */
  maxFeatures: number;
  /** Nesting of arrays/objects in JSON (a MultiPolygon FeatureCollection needs 8). */
  maxJsonDepth: number;
  /**
   * KML is parsed into a DOM (xmldom), about 1 ms and 70 kB of heap per placemark here
   * (test/bench/io.bench.ts: 20,000 placemarks, 9 MB, took 23 s), so it gets a smaller cap.
   */
  maxKmlBytes: number;
}

export const DEFAULT_LIMITS: IoLimits = {
  maxFileBytes: 512 * 1024 * 1024,
  maxWholeFileBytes: 64 * 1024 * 1024,
  maxUncompressedBytes: 256 * 1024 * 1024,
  maxZipEntries: 64,
  // A city's month of incidents in one file (issue 12: 1,000,000 in ~75 MB), twice over.
  maxFeatures: 2_000_000,
  maxJsonDepth: 32,
  maxKmlBytes: 8 * 1024 * 1024,
};

/** A size as a person reads it: "900 bytes", "12 KiB", "64 MiB". */
export function mib(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${Math.round(bytes / 1024 / 1024)} MiB`;
}

/** The caps from the environment, over the defaults; a bad value stops the server at start with its name. */
export function loadIoLimits(env: NodeJS.ProcessEnv): IoLimits {
  const int = (key: string, fallback: number) => {
    const raw = env[key];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${key} must be a whole number ≥ 1, not "${raw}"`);
    return n;
  };
  return {
    ...DEFAULT_LIMITS,
    maxFileBytes: int('OPSMAP_IMPORT_MAX_BYTES', DEFAULT_LIMITS.maxFileBytes),
    maxWholeFileBytes: int('OPSMAP_IMPORT_MAX_WHOLE_BYTES', DEFAULT_LIMITS.maxWholeFileBytes),
    maxFeatures: int('OPSMAP_IMPORT_MAX_FEATURES', DEFAULT_LIMITS.maxFeatures),
  };
}
