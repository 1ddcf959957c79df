/**
 * Plans as the API serves them: the layers a plan is derived from, read through the store, the
 * road network built once per roads import, and the written part from store.plans, on any backend.
 */
import type { Feature, Point } from 'geojson';
import { emptyBbox, unionBbox, type Bbox } from '../../core/geometry/bbox.ts';
import { readinessRows } from '../../core/plan/board.ts';
import { points, withinBbox } from '../../core/plan/plan-index.ts';
import { addDays } from '../../core/time/calendar.ts';
import { dayEnd, dayStart, hanoiDay } from '../../core/time/hanoi-day.ts';
import type { TimeRange } from '../../core/time/interval.ts';
import { DEFAULT_PLAN_OPTIONS, derivePlan, ELECTION_DAY, type AnyFeature, type DerivedPlan, type PlanLayers } from '../../core/plan/derive.ts';
import { readinessOf, type ReadinessRow } from '../../core/plan/readiness.ts';
import { reachBoxes, withinReach } from '../../core/plan/reach.ts';
import { RoadNetwork } from '../../core/plan/road-network.ts';
import { foldReports, summarizeDay, type Report, type StationDay } from '../../core/plan/election-day.ts';
import type { LayerId } from '../../core/layers.ts';
import type { StoredPlan } from '../db/plans.ts';
import type { Store } from '../db/store.ts';
import { rowToFeature } from '../db/rows.ts';
import { HttpProblem } from '../http/problem.ts';

const ALL = 1_000_000;

const networks = new WeakMap<Store, { version: string; net: RoadNetwork | null }>();
/** The road network of the imported roads layer, rebuilt only when roads are imported again; null without roads. */
export async function roadNetworkOf(store: Store): Promise<RoadNetwork | null> {
  const version = await store.reference.version('roads');
  const cached = networks.get(store);
  if (cached && cached.version === version) return cached.net;
  const roads = await store.reference.read('roads');
  const net = roads.length ? new RoadNetwork(roads as Feature[]) : null;
  networks.set(store, { version, net });
  return net;
}

const list = async (store: Store, layer: LayerId, bbox?: Bbox, datetime?: TimeRange) =>
  (await store.features.list(layer, { limit: ALL, ...(bbox ? { bbox } : {}), ...(datetime ? { datetime } : {}) })).rows.map(rowToFeature) as unknown as AnyFeature[];

/**
 * The incidents a plan can list are those of the days before election day, so only they are read
 * (a city holds a million incidents; a week before the election a few thousand).
 */
export function incidentWindow(days: readonly string[]): TimeRange | undefined {
  if (!days.length) return undefined;
  const sorted = [...days].sort();
  return { start: dayStart(addDays(sorted[0], -(DEFAULT_PLAN_OPTIONS.incidentDays - 1))) ?? undefined, end: dayEnd(sorted[sorted.length - 1]) ?? undefined };
}

/** The boxes a plan's read covers (core/plan/reach.ts): zones, checkpoints and facilities in `near`, incidents in `incidents`. */
export type ReadBoxes = { near: Bbox; incidents: Bbox };

/**
 * The layers a plan is derived from: wards and roads whole; the rest in the boxes (all of them without), incidents in the window.
 * `wards` when the caller has already read them (a plan book reads them to pick its stations).
 */
export async function layersFor(store: Store, boxes?: ReadBoxes, window?: TimeRange, wardsRead?: AnyFeature[]): Promise<PlanLayers> {
  const [wards, zones, checkpoints, facilities, incidents, roads] = await Promise.all([
    wardsRead ?? list(store, 'wards'),
    list(store, 'quarantine-zones', boxes?.near),
    list(store, 'checkpoints', boxes?.near),
    list(store, 'facilities', boxes?.near),
    list(store, 'incidents', boxes?.incidents, window),
    roadNetworkOf(store),
  ]);
  return { wards, zones, checkpoints, facilities, incidents, roads };
}

const electionDayOf = (station: AnyFeature) => hanoiDay(station.properties?.election_date) ?? ELECTION_DAY;

export async function stationOf(store: Store, id: number): Promise<AnyFeature> {
  const r = await store.features.get('polling-stations', id);
  if (!r) throw new HttpProblem(404, `There is no polling station ${id}.`);
  return rowToFeature(r) as unknown as AnyFeature;
}

export interface PlanDocument {
  station_id: number;
  version: number;
  updated_at: string | null;
  updated_by: string | null;
  written: StoredPlan['plan'];
  derived: DerivedPlan;
  readiness: ReadinessRow;
}

const planDocument = (id: number, derived: DerivedPlan, stored: StoredPlan): PlanDocument => ({
  station_id: id,
  version: stored.version,
  updated_at: stored.updated_at,
  updated_by: stored.updated_by,
  written: stored.plan,
  derived,
  readiness: readinessOf(derived, stored.plan),
});

/** One station's plan, from the layers read within its reach. */
export async function planOf(store: Store, id: number): Promise<PlanDocument> {
  const station = await stationOf(store, id);
  const layers = await layersFor(store, reachBoxes((station.geometry as Point).coordinates), incidentWindow([electionDayOf(station)]));
  return planDocument(id, derivePlan(station, withinReach(station, layers)), await store.plans.get(id));
}

export interface StationFilter {
  ward_code?: string;
  district?: string;
}

/** Stations matching a filter (district by the ward's district name, accents and case as stored). */
export async function stationsMatching(store: Store, wards: readonly AnyFeature[], f: StationFilter): Promise<AnyFeature[]> {
  let stations = await list(store, 'polling-stations');
  if (f.ward_code) stations = stations.filter((s) => s.properties?.ward_code === f.ward_code);
  if (f.district) {
    const want = f.district.normalize('NFC').toLowerCase();
    const codes = new Set(wards.filter((w) => String(w.properties?.district ?? '').normalize('NFC').toLowerCase() === want || String(w.properties?.district ?? '').normalize('NFC').toLowerCase().endsWith(' ' + want)).map((w) => w.properties?.code));
    stations = stations.filter((s) => codes.has(s.properties?.ward_code));
  }
  return stations;
}

/**
 * What a plan book may cost, in features read: each feature in the book's reach once, and
 * STATION_WORK for each station's page (its map's reads, its derivation, its drawing).
 */
export const STATION_WORK = 10_000;

const LAYER_WORDS = { 'quarantine-zones': 'zones', checkpoints: 'checkpoints', facilities: 'facilities', incidents: 'incidents of the week before election day' } as const;

/**
 * The plans of every station matching `filter`, derived from ONE read of the layers: a box that
 * covers every station's reach (core/plan/reach.ts). Each plan is the one planOf gives for that
 * station alone (the reach rule does not depend on the box read). The book's work — features in
 * reach plus STATION_WORK per station — is counted before any row is read, and over `budget`
 * (OPSMAP_PLAN_BOOK_BUDGET) the book is refused with a 400 saying what to ask for instead: a
 * district's book with 200,000 more incidents ran past 300 s when every station read its own.
 */
export async function bookPlans(store: Store, filter: StationFilter, budget = Infinity): Promise<PlanDocument[]> {
  const wards = await list(store, 'wards');
  const stations = await stationsMatching(store, wards, filter);
  if (!stations.length) return [];
  const near = emptyBbox();
  const nearIncidents = emptyBbox();
  for (const s of stations) {
    const b = reachBoxes((s.geometry as Point).coordinates);
    unionBbox(near, b.near);
    unionBbox(nearIncidents, b.incidents);
  }
  const window = incidentWindow([...new Set(stations.map(electionDayOf))]);
  const boxes: ReadBoxes = { near, incidents: nearIncidents };

  const counts = await Promise.all(
    (Object.keys(LAYER_WORDS) as (keyof typeof LAYER_WORDS)[]).map(async (layer) => {
      const q = layer === 'incidents' ? { bbox: boxes.incidents, datetime: window } : { bbox: boxes.near };
      return [layer, (await store.features.list(layer, { ...q, limit: 1 })).numberMatched] as const;
    }),
  );
  const features = counts.reduce((a, [, n]) => a + n, 0);
  const work = features + stations.length * STATION_WORK;
  if (work > budget) {
    const which = filter.ward_code ? `ward ${filter.ward_code}` : `district ${filter.district}`;
    const held = counts.map(([layer, n]) => `${n.toLocaleString('en')} ${LAYER_WORDS[layer]}`).join(', ');
    throw new HttpProblem(
      400,
      `The plan book of ${which} is too large to make at once: ${stations.length} stations, and within their reach ${held} ` +
        `(work ${work.toLocaleString('en')} = features + ${STATION_WORK.toLocaleString('en')} per station, over the budget of ${budget.toLocaleString('en')}, OPSMAP_PLAN_BOOK_BUDGET). ` +
        (filter.ward_code ? 'Print the stations’ plans one by one (/polling-stations/{id}/plan.pdf).' : 'Ask for one ward (ward_code) instead of a district.'),
    );
  }

  const layers = await layersFor(store, boxes, window, wards);
  // The incidents near a station from an index, in layer order (withinReach keeps the same ones, in the same order, as from the whole list).
  const incidents = points(layers.incidents);
  const stored = await store.plans.all();
  const none = await store.plans.get(-1);
  return stations.map((s) => {
    const id = Number(s.id);
    const near = withinBbox(incidents, reachBoxes((s.geometry as Point).coordinates).incidents);
    return planDocument(id, derivePlan(s, withinReach(s, { ...layers, incidents: near })), stored.get(id) ?? { ...none, station_id: id });
  });
}

/** The readiness board: every matching station, derived against all layers loaded once. */
export async function readinessBoard(store: Store, f: StationFilter): Promise<ReadinessRow[]> {
  const wards = await list(store, 'wards');
  const stations = await stationsMatching(store, wards, f);
  // A readiness row reads no incident (core/plan/board.ts), so the board reads none either.
  const [zones, checkpoints, facilities, roads] = await Promise.all([list(store, 'quarantine-zones'), list(store, 'checkpoints'), list(store, 'facilities'), roadNetworkOf(store)]);
  const plans = await store.plans.all();
  const empty = (await store.plans.get(-1)).plan;
  return readinessRows(stations, { wards, zones, checkpoints, facilities, incidents: [], roads }, (s) => plans.get(Number(s.id))?.plan ?? empty);
}

export interface ElectionDayBoard {
  summary: ReturnType<typeof summarizeDay>;
  stations: (StationDay & { code: string | null; name: string; ward_code: string | null; voters: number; coordinates: number[] })[];
  timeline: Report[];
}

export async function electionDayBoard(store: Store, f: StationFilter): Promise<ElectionDayBoard> {
  const wards = await list(store, 'wards');
  const stations = await stationsMatching(store, wards, f);
  const wardName = new Map(wards.map((w) => [w.properties?.code, String(w.properties?.name ?? '')]));
  const reports = await store.plans.reports();
  const byStation = new Map<number, Report[]>();
  for (const r of reports) byStation.set(r.station_id, [...(byStation.get(r.station_id) ?? []), r]);
  const ids = new Set(stations.map((s) => Number(s.id)));
  const rows = stations.map((s) => {
    const voters = Number(s.properties?.voters ?? 0);
    const day = foldReports(Number(s.id), byStation.get(Number(s.id)) ?? [], voters);
    return { ...day, code: (s.properties?.code as string) ?? null, name: String(s.properties?.name ?? ''), ward_code: (s.properties?.ward_code as string) ?? null, voters, coordinates: (s.geometry as Point).coordinates };
  });
  const summary = summarizeDay(rows.map((r) => ({ day: r, voters: r.voters, ward_code: r.ward_code, ward_name: wardName.get(r.ward_code) ?? null })));
  const timeline = reports.filter((r) => ids.has(r.station_id)).sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || b.id - a.id);
  return { summary, stations: rows, timeline };
}
