/**
 * What both backends keep as indexed columns besides the stored GeoJSON (migrations: SQLite 0003,
 * PostgreSQL 0003): properties that are filtered and aggregated on, computed from the properties
 * by the database itself. A filter on one of these is an index lookup instead of a JSON scan.
 */
import type { LayerId } from '../../core/layers.ts';

export const INDEXED_PROPERTIES = new Set(['ward_code', 'category', 'status']);

/**
 * What `points()` reads from a compact column instead of the properties JSON: the indexed
 * properties, and `day`, the Hanoi day of an instant layer's time (an incident's occurred_at) —
 * not a property, a column every store keeps (SQLite migration 0006, PostgreSQL 0006).
 */
export const POINT_COLUMNS = new Set([...INDEXED_PROPERTIES, 'day']);

/**
 * Layers whose time is an instant (a timestamp, so t_end = t_start): a window is then a range on
 * t_start alone, which the (collection, t_start, …) index answers without reading rows.
 * Polling stations' election_date is a whole day (t_end ≠ t_start), so it is not one.
 */
export const INSTANT_LAYERS: ReadonlySet<LayerId> = new Set(['incidents']);
