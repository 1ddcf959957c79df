/**
 * Plans as the API serves them: the layers a plan is derived from, read through the store, the
 * road network built once per roads import, and the written part from store.plans, on any backend.
 */
import type { Feature, Point } from 'geojson';
import { readinessRows } from '../../core/plan/board.ts';
import { hanoiDay } from '../../core/time/hanoi-day.ts';
import { addDays } from '../../core/time/calendar.ts';
import { dayEnd, dayStart } from '../../core/time/hanoi-day.ts';
import type { TimeRange } from '../../core/time/interval.ts';
import { DEFAULT_PLAN_OPTIONS, derivePlan, ELECTION_DAY, type AnyFeature, type DerivedPlan, type PlanLayers } from '../../core/plan/derive.ts';
import { readinessOf, type ReadinessRow } from '../../core/plan/readiness.ts';
import { RoadNetwork } from '../../core/plan/road-network.ts';
import { foldReports, summarizeDay, type Report, type StationDay } from '../../core/plan/election-day.ts';
import type { LayerId } from '../../core/layers.ts';
import type { StoredPlan } from '../db/plans.ts';
import type { Bbox, Store } from '../db/store.ts';
import { rowToFeature } from '../db/rows.ts';
import { HttpProblem } from '../http/problem.ts';

const ALL = 1_000_000;
/** How far around a station its plan looks for facilities (a plan farther than this from any hospital says "none"). */
const REACH_DEG = 0.09; // ≈ 10 km

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

export async function layersFor(store: Store, bbox?: Bbox, window?: TimeRange): Promise<PlanLayers> {
  const [wards, zones, checkpoints, facilities, incidents, roads] = await Promise.all([
    list(store, 'wards'),
    list(store, 'quarantine-zones', bbox),
    list(store, 'checkpoints', bbox),
    list(store, 'facilities', bbox),
    list(store, 'incidents', bbox, window),
    roadNetworkOf(store),
  ]);
  return { wards, zones, checkpoints, facilities, incidents, roads };
}

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

export async function planOf(store: Store, id: number): Promise<PlanDocument> {
  const station = await stationOf(store, id);
  const [x, y] = (station.geometry as Point).coordinates;
  const derived = derivePlan(station, await layersFor(store, [x - REACH_DEG, y - REACH_DEG, x + REACH_DEG, y + REACH_DEG], incidentWindow([hanoiDay(station.properties?.election_date) ?? ELECTION_DAY])));
  const stored = await store.plans.get(id);
  return { station_id: id, version: stored.version, updated_at: stored.updated_at, updated_by: stored.updated_by, written: stored.plan, derived, readiness: readinessOf(derived, stored.plan) };
}

export interface StationFilter {
  ward_code?: string;
  district?: string;
}

/** Stations matching a filter (district by the ward's district name, accents and case as stored). */
export async function stationsMatching(store: Store, layers: PlanLayers, f: StationFilter): Promise<AnyFeature[]> {
  let stations = await list(store, 'polling-stations');
  if (f.ward_code) stations = stations.filter((s) => s.properties?.ward_code === f.ward_code);
  if (f.district) {
    const want = f.district.normalize('NFC').toLowerCase();
    const codes = new Set(layers.wards.filter((w) => String(w.properties?.district ?? '').normalize('NFC').toLowerCase() === want || String(w.properties?.district ?? '').normalize('NFC').toLowerCase().endsWith(' ' + want)).map((w) => w.properties?.code));
    stations = stations.filter((s) => codes.has(s.properties?.ward_code));
  }
  return stations;
}

/** The readiness board: every matching station, derived against all layers loaded once. */
export async function readinessBoard(store: Store, f: StationFilter): Promise<ReadinessRow[]> {
  const wards = await list(store, 'wards');
  const stations = await stationsMatching(store, { wards, zones: [], checkpoints: [], facilities: [], incidents: [] }, f);
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
  const layers: PlanLayers = { wards: await list(store, 'wards'), zones: [], checkpoints: [], facilities: [], incidents: [] };
  const stations = await stationsMatching(store, layers, f);
  const wardName = new Map(layers.wards.map((w) => [w.properties?.code, String(w.properties?.name ?? '')]));
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
