/**
 * A prepared feature turned into what a bulk write stores (store.ts BulkRow): its JSON texts,
 * bounding box, time span and compact columns. One home for that step, whichever thread runs it:
 * the writing thread for features handed to it, or an import's reading thread
 * (server/io/read-ahead.ts), so that a million-row write only writes. No SQL.
 */
import type { LayerId } from '../../core/layers.ts';
import { geometryBbox } from '../../core/geometry/bbox.ts';
import { timeSpan } from '../../core/time/in-force.ts';
import { compactColumns } from './compact-columns.ts';
import type { BulkRow, PreparedFeature } from './store.ts';

export function bulkRow(layer: LayerId, p: PreparedFeature): BulkRow {
  const { tStart, tEnd } = timeSpan(layer, p.properties);
  return {
    row: true,
    properties: JSON.stringify(p.properties),
    geometry: JSON.stringify(p.geometry),
    bbox: geometryBbox(p.geometry),
    tStart,
    tEnd,
    compact: compactColumns(layer, p.properties, tStart, p.geometry),
  };
}

export const isBulkRow = (p: PreparedFeature | BulkRow): p is BulkRow => 'row' in p;
