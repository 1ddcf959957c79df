/**
 * What travels between server and client, declared once: the stored feature as the API returns
 * it, a page of them, the change events of the live stream, and problem details. The server
 * produces these shapes (server/db, server/routes/live.ts, server/http/problem.ts) and the
 * client reads them (client/src/lib/api.ts, live.ts); both import them from here.
 */
import type { Feature, FeatureCollection, GeoJsonProperties, Geometry } from 'geojson';
import type { Issue } from '../layers.ts';
import type { DerivedPlan } from '../plan/derive.ts';
import type { WrittenPlan } from '../plan/written.ts';
import type { ReadinessRow } from '../plan/readiness.ts';
import type { DaySummary, Report, StationDay } from '../plan/election-day.ts';

/**
 * A feature as stored and returned by the items API: its id, the version that `If-Match` names,
 * and when it was created and last changed (ISO 8601, UTC). `P` is the client's view of
 * properties by default (always an object); the server keeps GeoJSON's looser one.
 */
export interface StoredFeature<P extends GeoJsonProperties = Record<string, unknown>> extends Feature<Geometry, P> {
  id: number;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A page of stored features (GET …/items), with the OGC paging members the server adds. */
export type StoredCollection = Omit<FeatureCollection<Geometry, Record<string, unknown>>, 'features'> & {
  features: StoredFeature[];
  numberMatched?: number;
  numberReturned?: number;
  timeStamp?: string;
};

/** One committed change of one feature, as the server announces it (live stream, caches). */
export interface Change {
  collection: string;
  id: number;
  action: 'create' | 'update' | 'delete' | 'restore' | 'import';
  /** The version after the change; for a delete, the version that was deleted. */
  version: number;
  at: string;
  actor: string | null;
  /** A bulk write (or its undoing) announced once for all its features: `id` is the first feature's id (0 for an undo). */
  batch?: { id: number; count: number };
}

/** An import or other large burst, summarised instead of listed. */
export interface BulkChange {
  bulk: true;
  collections: string[];
  count: number;
}

/** The data of one `change` event of the live stream. */
export type ChangeEvent = Change[] | BulkChange;

/**
 * An error as RFC 9457 problem details (application/problem+json); every member is optional in
 * the RFC, and the client fills `status` from the response when the body has none.
 */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  /** OGC API's names for title and detail. */
  code?: string;
  description?: string;
  /** What was wrong with the input, field by field. */
  issues?: Issue[];
  /** On 412: the feature as it is now on the server. */
  current?: StoredFeature;
}

// Polling-station plans and election day (issue 14): server/routes/plans.ts sends these,
// client/src/panels/plans reads them.
export type { DerivedPlan, WrittenPlan, ReadinessRow, DaySummary, Report, StationDay };

/** GET/PUT /api/polling-stations/{id}/plan; ETag is `version` (0 before the first save). */
export interface PlanDocument {
  station_id: number;
  version: number;
  updated_at: string | null;
  updated_by: string | null;
  written: WrittenPlan;
  derived: DerivedPlan;
  readiness: ReadinessRow;
}

/** One saved version, GET …/plan/history (oldest first). */
export interface PlanHistoryEntry {
  id: number;
  at: string;
  actor: string | null;
  address: string | null;
  action: 'update' | 'restore';
  station_id: number;
  version: number;
  before: WrittenPlan | null;
  after: WrittenPlan;
}

/** GET /api/readiness. */
export interface ReadinessBoard {
  stations: number;
  counts: Record<ReadinessRow['level'], number>;
  rows: ReadinessRow[];
}

/** GET /api/election-day. */
export interface ElectionDayBoard {
  summary: DaySummary;
  stations: (StationDay & { code: string | null; name: string; ward_code: string | null; voters: number; coordinates: number[] })[];
  timeline: Report[];
}
