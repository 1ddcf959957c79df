/**
 * What travels between server and client, declared once: the stored feature as the API returns
 * it, a page of them, the change events of the live stream, and problem details. The server
 * produces these shapes (server/db, server/routes/live.ts, server/http/problem.ts) and the
 * client reads them (client/src/lib/api.ts, live.ts); both import them from here.
 */
import type { Feature, FeatureCollection, GeoJsonProperties, Geometry } from 'geojson';
import type { Issue } from '../layers.ts';

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
