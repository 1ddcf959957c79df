// The `shapefile` package ships no types; this is the part opsmap uses.
declare module 'shapefile' {
  import type { Feature } from 'geojson';
  interface Source<T> {
    bbox?: number[];
    read(): Promise<{ done: boolean; value: T }>;
    cancel(): Promise<void>;
  }
  export function open(shp: ArrayBuffer | Uint8Array, dbf?: ArrayBuffer | Uint8Array | null, options?: { encoding?: string }): Promise<Source<Feature>>;
}
