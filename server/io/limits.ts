/**
 * Bounds on what an imported file may cost, so a hostile or broken file (a zip bomb,
 * deeply nested JSON, millions of rows) is refused with a message instead of
 * exhausting the server's memory.
 */
export interface IoLimits {
  /** Size of the uploaded file itself. */
  maxFileBytes: number;
  /** Sum of the uncompressed sizes of the zip entries we unpack. */
  maxUncompressedBytes: number;
  /** Entries in a zip (a Shapefile needs 3 to 5). */
  maxZipEntries: number;
  /** Features in one import. */
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
  maxFileBytes: 64 * 1024 * 1024,
  maxUncompressedBytes: 256 * 1024 * 1024,
  maxZipEntries: 64,
  maxFeatures: 200_000,
  maxJsonDepth: 32,
  maxKmlBytes: 8 * 1024 * 1024,
};

/** A size as a person reads it: "900 bytes", "12 KiB", "64 MiB". */
export function mib(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${Math.round(bytes / 1024 / 1024)} MiB`;
}
