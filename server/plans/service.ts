/**
 * Plans as the API serves them: the layers a plan is derived from, read through the store, the
 * road network built once per roads import, and the written part from the plan store.
 */
import type { Feature, Point } from 'geojson';
import { PlanIndex } from '../../core/plan/plan-index.ts';
import { hanoiDay } from '../../core/time/hanoi-day.ts';
import { addDays } from '../../core/time/calendar.ts';
import { dayEnd, dayStart } from '../../core/time/hanoi-day.ts';
import type { TimeRange } from '../../core/time/interval.ts';
import { DEFAULT_PLAN_OPTIONS, derivePlan, ELECTION_DAY, type AnyFeature, type DerivedPlan, type PlanLayers } from '../../core/plan/derive.ts';
import { readinessOf, type ReadinessRow } from '../../core/plan/readiness.ts';
import { RoadNetwork } from '../../core/plan/road-network.ts';
import { foldReports, summarizeDay, type Report, type StationDay } from '../../core/plan/election-day.ts';
import type { LayerId } from '../../core/layers.ts';
import type { Db } from '../db/open.ts';
import type { PlanStore, StoredPlan } from '../db/plans.ts';
import { sqlitePlanStore } from '../db/sqlite/plans.ts';
import type { Bbox } from '../db/store.ts';
import { rowToFeature } from '../db/rows.ts';
import { getRow, listRows } from '../db/sqlite/feature-queries.ts';
import { readReference, referenceVersion } from '../db/sqlite/reference.ts';
import { HttpProblem } from '../http/problem.ts';

const ALL = 1_000_000;
/** How far around a station its plan looks for facilities (a plan farther than this from any hospital says "none"). */
const REACH_DEG = 0.09; // ≈ 10 km

const planStores = new WeakMap<Db, PlanStore>();
export function plansOf(db: Db): PlanStore {
  let s = planStores.get(db);
  if (!s) planStores.set(db, (s = sqlitePlanStore(db)));
  return s;
}

const networks = new WeakMap<Db, { version: string; net: RoadNetwork | null }>();
/** The road network of the imported roads layer, rebuilt only when roads are imported again; null without roads. */
export function roadNetworkOf(db: Db): RoadNetwork | null {
  const version = referenceVersion(db, 'roads');
  const cached = networks.get(db);
  if (cached && cached.version === version) return cached.net;
  const roads = readReference(db, 'roads');
  const net = roads.length ? new RoadNetwork(roads as Feature[]) : null;
  networks.set(db, { version, net });
  return net;
}

const list = (db: Db, layer: LayerId, bbox?: Bbox, datetime?: TimeRange) => listRows(db, layer, { limit: ALL, ...(bbox ? { bbox } : {}), ...(datetime ? { datetime } : {}) }).rows.map(rowToFeature) as unknown as AnyFeature[];

/**
 * The incidents a plan can list are those of the days before election day, so only they are read
 * (a city holds a million incidents; a week before the election a few thousand).
 */
export function incidentWindow(days: readonly string[]): TimeRange | undefined {
  if (!days.length) return undefined;
  const sorted = [...days].sort();
  return { start: dayStart(addDays(sorted[0], -(DEFAULT_PLAN_OPTIONS.incidentDays - 1))) ?? undefined, end: dayEnd(sorted[sorted.length - 1]) ?? undefined };
}

export function layersFor(db: Db, bbox?: Bbox, window?: TimeRange): PlanLayers {
  return {
    wards: list(db, 'wards'),
    zones: list(db, 'quarantine-zones', bbox),
    checkpoints: list(db, 'checkpoints', bbox),
    facilities: list(db, 'facilities', bbox),
    incidents: list(db, 'incidents', bbox, window),
    roads: roadNetworkOf(db),
  };
}

export function stationOf(db: Db, id: number): AnyFeature {
  const s = (() => { const r = getRow(db, 'polling-stations', id); return r ? rowToFeature(r) : null; })();
  if (!s) throw new HttpProblem(404, `There is no polling station ${id}.`);
  return s as unknown as AnyFeature;
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

export async function planOf(db: Db, id: number): Promise<PlanDocument> {
  const station = stationOf(db, id);
  const [x, y] = (station.geometry as Point).coordinates;
  const derived = derivePlan(station, layersFor(db, [x - REACH_DEG, y - REACH_DEG, x + REACH_DEG, y + REACH_DEG], incidentWindow([hanoiDay(station.properties?.election_date) ?? ELECTION_DAY])));
  const stored = await plansOf(db).get(id);
  return { station_id: id, version: stored.version, updated_at: stored.updated_at, updated_by: stored.updated_by, written: stored.plan, derived, readiness: readinessOf(derived, stored.plan) };
}

export interface StationFilter {
  ward_code?: string;
  district?: string;
}

/** Stations matching a filter (district by the ward's district name, accents and case as stored). */
export function stationsMatching(db: Db, layers: PlanLayers, f: StationFilter): AnyFeature[] {
  let stations = list(db, 'polling-stations');
  if (f.ward_code) stations = stations.filter((s) => s.properties?.ward_code === f.ward_code);
  if (f.district) {
    const want = f.district.normalize('NFC').toLowerCase();
    const codes = new Set(layers.wards.filter((w) => String(w.properties?.district ?? '').normalize('NFC').toLowerCase() === want || String(w.properties?.district ?? '').normalize('NFC').toLowerCase().endsWith(' ' + want)).map((w) => w.properties?.code));
    stations = stations.filter((s) => codes.has(s.properties?.ward_code));
  }
  return stations;
}

/** The readiness board: every matching station, derived against all layers loaded once. */
export async function readinessBoard(db: Db, f: StationFilter): Promise<ReadinessRow[]> {
  const wards = list(db, 'wards');
  const stations = stationsMatching(db, { wards, zones: [], checkpoints: [], facilities: [], incidents: [] }, f);
  const layers = layersFor(db, undefined, incidentWindow([...new Set(stations.map((s) => hanoiDay(s.properties?.election_date) ?? ELECTION_DAY))]));
  const plans = await plansOf(db).all();
  const empty = (await plansOf(db).get(-1)).plan;
  const indexes = new Map<string, PlanIndex>(); // one per election day (all stations share 2021-05-23)
  return stations.map((s) => {
    const day = hanoiDay(s.properties?.election_date) ?? ELECTION_DAY;
    let index = indexes.get(day);
    if (!index) indexes.set(day, (index = new PlanIndex(layers, day)));
    return readinessOf(derivePlan(s, index.layersFor(s)), plans.get(Number(s.id))?.plan ?? empty);
  });
}

export interface ElectionDayBoard {
  summary: ReturnType<typeof summarizeDay>;
  stations: (StationDay & { code: string | null; name: string; ward_code: string | null; voters: number; coordinates: number[] })[];
  timeline: Report[];
}

export async function electionDayBoard(db: Db, f: StationFilter): Promise<ElectionDayBoard> {
  const layers: PlanLayers = { wards: list(db, 'wards'), zones: [], checkpoints: [], facilities: [], incidents: [] };
  const stations = stationsMatching(db, layers, f);
  const wardName = new Map(layers.wards.map((w) => [w.properties?.code, String(w.properties?.name ?? '')]));
  const reports = await plansOf(db).reports();
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
