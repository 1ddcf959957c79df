/**
 * The hot spot answer, computed on a worker thread: Gi* over the grid, incidents per ward, and
 * the JSON text (stringifying 200,000 cells is itself long enough to stall other requests).
 * The worker also reads the incidents (`hotspotsFromFile`), through its own connection to the SQLite
 * file or PostgreSQL (./reader.ts): 200,000 points read on the request thread held it 0.3 s.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import type { z } from 'zod';
import { hotspots, type HotspotOptions } from '../../core/analysis/hotspots/hotspots.ts';
import { wardRatesFromCounts, type WardInfo } from '../../core/analysis/hotspots/ward-rates.ts';
import type { ListQuery, Store } from '../db/store.ts';
import type { HotspotQuery } from '../routes/analysis.ts';

/** The checked query of GET /analysis/hotspots. */
export type HotspotParams = z.output<typeof HotspotQuery>;

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

/**
 * Reads what the analysis needs through the store: the wards (study area and rates), the
 * incidents' coordinates matching the filters, the grid origin. An unknown ward is a RangeError
 * (400): it crosses threads as one, unlike an HTTP problem.
 */
export async function hotspotJob(store: Store, q: HotspotParams, workBudget: number): Promise<HotspotJob> {
  const { datetime, bbox } = q;
  const wardRows = (await store.features.list('wards', { limit: 1_000_000 })).rows;
  const wards = wardRows.map((r) => ({ props: JSON.parse(r.properties) as WardInfo & Record<string, unknown>, geometry: r.geometry }));
  let boundary: (Polygon | MultiPolygon)[] | undefined;
  if (q.ward !== undefined) {
    const w = wards.find((x) => x.props.code === q.ward);
    if (!w) throw new RangeError(`there is no ward with code "${q.ward}"`);
    boundary = [JSON.parse(w.geometry)];
  } else if (q.study_area === 'wards' && wards.length) boundary = wards.map((w) => JSON.parse(w.geometry));

  // Single values are filtered in SQL; lists of several values afterwards.
  const filters: ListQuery['filters'] = {};
  if (q.category?.length === 1) filters.category = q.category[0];
  if (q.severity?.length === 1) filters.severity = q.severity[0];
  if (q.ward !== undefined) filters.ward_code = q.ward;
  // Category and severity only when they filter here: without severity, time, place, category
  // and ward come from one covering index, and a month of a million incidents is read without
  // touching their rows; every column asked for is a million more values to read.
  // Incidents per ward for the rates: with time and category filters only, the kept counts per
  // day, ward and category answer it (incidentCounts), and a million ward codes are not read.
  const wardsCounted = !bbox && !q.severity;
  // Several categories or severities are filtered here, point by point (one is a filter of the read).
  const byCategory = (q.category?.length ?? 0) > 1, bySeverity = (q.severity?.length ?? 0) > 1;
  let coords: Float64Array;
  const wardCounts: Record<string, number> = {};
  if (wardsCounted && !byCategory && !bySeverity) {
    // Nothing to look at per point: the coordinates alone, as one interleaved array read and
    // never copied (a month of a million incidents: 16 MB, where columns and their interleaving
    // were 64 MB more of the thread's memory).
    coords = await store.features.coordinates('incidents', { bbox, datetime, filters });
  } else {
    const props = [...(wardsCounted ? [] : ['ward_code']), ...(byCategory ? ['category'] : []), ...(bySeverity ? ['severity'] : [])];
    const pts = await store.features.points('incidents', { bbox, datetime, filters }, props, { ids: false });
    const all = new Float64Array(pts.lon.length * 2);
    let n = 0;
    for (let i = 0; i < pts.lon.length; i++) {
      if (byCategory && !q.category!.includes(pts.values.category[i] as never)) continue;
      if (bySeverity && !q.severity!.includes(pts.values.severity[i] as never)) continue;
      all[2 * n] = pts.lon[i];
      all[2 * n + 1] = pts.lat[i];
      if (!wardsCounted) {
        const w = pts.values.ward_code[i] as string | null;
        if (w) wardCounts[w] = (wardCounts[w] ?? 0) + 1;
      }
      n++;
    }
    coords = n === pts.lon.length ? all : all.slice(0, 2 * n);
  }
  if (wardsCounted)
    for (const r of (await store.features.incidentCounts({ datetime, categories: q.category })).byWard)
      if (r.ward_code !== null && (q.ward === undefined || r.ward_code === q.ward)) wardCounts[r.ward_code] = (wardCounts[r.ward_code] ?? 0) + r.n;

  const extent = (await store.features.extent('wards')).bbox;
  const origin: [number, number] | undefined = extent
    ? [Math.round(((extent[0] + extent[2]) / 2) * 100) / 100, Math.round(((extent[1] + extent[3]) / 2) * 100) / 100]
    : undefined;
  return {
    coords,
    wardCounts,
    wards: wards.map((w) => ({ code: String(w.props.code), name: String(w.props.name), population: (w.props.population as number | null | undefined) ?? null })),
    options: { grid: q.grid, cellSize: q.cell_size, distanceBand: q.distance_band, fdr: q.fdr, origin, boundary, workBudget },
    filters: {
      category: q.category ?? null,
      severity: q.severity ?? null,
      datetime: datetime ? { start: datetime.start ?? null, end: datetime.end ?? null } : null,
      bbox: bbox ?? null,
      ward: q.ward ?? null,
      study_area: q.ward !== undefined ? 'ward' : boundary ? 'wards' : 'incidents',
    },
  };
}

/** Reads (through this thread's own connection: `file` is the SQLite file or the PostgreSQL URL) and computes. */
export async function hotspotsFromFile({ file, query, budget }: { file: string; query: HotspotParams; budget: number }): Promise<Uint8Array<ArrayBuffer>> {
  // Loaded on first use: a thread that only checks passwords opens no database.
  const { readerStore } = await import('./reader.ts');
  return hotspotBody(await hotspotJob(await readerStore(file), query, budget));
}
