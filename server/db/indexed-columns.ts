/**
 * What both backends keep as indexed columns besides the stored GeoJSON (migrations: SQLite 0003,
 * PostgreSQL 0003): properties that are filtered and aggregated on, computed from the properties
 * by the database itself. A filter on one of these is an index lookup instead of a JSON scan.
 */
import type { LayerId } from '../../core/layers.ts';

export const INDEXED_PROPERTIES = new Set(['ward_code', 'category', 'status']);

/**
 * Layers whose time is an instant (a timestamp, so t_end = t_start): a window is then a range on
 * t_start alone, which the (collection, t_start, …) index answers without reading rows.
 * Polling stations' election_date is a whole day (t_end ≠ t_start), so it is not one.
 */
export const INSTANT_LAYERS: ReadonlySet<LayerId> = new Set(['incidents']);
