/**
 * The hot spot answer, computed on a worker thread: Gi* over the grid, incidents per ward, and
 * the JSON text (stringifying 200,000 cells is itself long enough to stall other requests).
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { hotspots, type HotspotOptions } from '../../core/analysis/hotspots/hotspots.ts';
import { wardRatesFromCounts } from '../../core/analysis/hotspots/ward-rates.ts';

export interface HotspotJob {
  /** interleaved lon, lat of the incidents */
  coords: Float64Array;
  /** Incidents per ward code, counted where they were read (a million codes would be copied to this thread otherwise). */
  wardCounts: Record<string, number>;
  wards: { code: string; name: string; population: number | null }[];
  options: Omit<HotspotOptions, 'boundary'> & { boundary?: (Polygon | MultiPolygon)[] };
  filters: Record<string, unknown>;
}

export function hotspotBody(job: HotspotJob): Uint8Array<ArrayBuffer> {
  const result = hotspots(job.coords, job.options);
  const rates = wardRatesFromCounts(new Map(Object.entries(job.wardCounts)), job.coords.length / 2, job.wards);
  const body = {
    ...result,
    parameters: { ...result.parameters, filters: job.filters },
    wards: rates.wards,
    incidents_outside_wards: rates.outside,
  };
  return new TextEncoder().encode(JSON.stringify(body));
}
