/**
 * The compact columns a store writes beside each feature's JSON (SQLite migration 0006,
 * PostgreSQL 0004): the properties that are filtered, counted and drawn on, as plain values, so a
 * count per day and ward, a hot spot analysis or a tile of a million incidents reads them and the
 * bounding box through an index and never parses a row's GeoJSON. Every write path computes them
 * here (create, update, import, bulk, restore, the re-derivation after a ward change), so they
 * cannot drift from the properties. No SQL: both backends use it.
 */
import type { Geometry } from 'geojson';
import type { LayerId } from '../../core/layers.ts';
import { hanoiDay } from '../../core/time/hanoi-day.ts';
import { tileKey } from '../tiles/tile-key.ts';
import { INSTANT_LAYERS } from './indexed-columns.ts';

export interface CompactColumns {
  ward_code: string | null;
  category: string | null;
  status: string | null;
  /** Hanoi day (YYYY-MM-DD) of an instant layer's time (an incident's occurred_at); null for other layers. */
  day: string | null;
  /** An incident's severity, drawn and filtered on at street zoom (numbers only, as SQLite's json_extract reads them). */
  severity: number | null;
  /** A point's tile key (../tiles/tile-key.ts): its street-zoom tiles are one range of an index; null for other geometries. */
  tile_key: number | null;
}

/**
 * The Hanoi day of a UTC instant as timeSpan writes it (`2021-05-03T16:30:00.000Z`), remembered
 * by its UTC date and hour: Hanoi's offset is whole hours, so they fix the day, and a bulk write
 * of a million incidents parses a few hundred hours instead of a million dates.
 */
const dayByHour = new Map<string, string | null>();
function hanoiDayOfInstant(iso: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(iso)) return hanoiDay(iso);
  const hour = iso.slice(0, 13);
  let day = dayByHour.get(hour);
  if (day === undefined) {
    if (dayByHour.size >= 100_000) dayByHour.clear();
    dayByHour.set(hour, (day = hanoiDay(`${hour}:00:00Z`)));
  }
  return day;
}

/** Only text values: as the backfill (json_type = 'text'), a number or a list is not a code. */
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * The columns of a feature of `layer` with these properties and this geometry; `tStart` is its UTC
 * start instant (timeSpan).
 */
export function compactColumns(layer: LayerId, properties: Record<string, unknown>, tStart: string | null, geometry: Geometry): CompactColumns {
  return {
    ward_code: text(properties.ward_code),
    category: text(properties.category),
    status: text(properties.status),
    day: INSTANT_LAYERS.has(layer) && tStart ? hanoiDayOfInstant(tStart) : null,
    severity: typeof properties.severity === 'number' ? properties.severity : null,
    tile_key: geometry.type === 'Point' ? tileKey(geometry.coordinates[0], geometry.coordinates[1]) : null,
  };
}
