/**
 * Reads what a print needs through the Store, for drawing on a worker thread
 * (server/workers/print-task.ts). A worker runs this itself, on its own connection to the SQLite
 * file or to PostgreSQL (server/workers/reader.ts), in pages as large as it likes; only a store
 * no other thread can open (an in-memory SQLite database, in tests) is read here on the request
 * thread, in pages of READ_PAGE with a yield between pages. Either way rows are counted against
 * the print budget from the first page (so an over-budget print stops reading early), and passed
 * on as stored text, unparsed; the request's time filter applies as in /items.
 */
import type { Feature } from 'geojson';
import { LAYER_IDS, type LayerId } from '../../core/layers.ts';
import type { PrintRequest } from '../../core/print/request.ts';
import { getFeature, listFeatures } from '../db/rows.ts';
import type { Bbox, FeatureRow, Store, TimeRange } from '../db/store.ts';
import { OSM_ATTRIBUTION } from '../io/reference.ts';
import { planPages } from './plan.ts';
import type { PrintData } from './print-data.ts';
import { checkPrintBudget, printedExtent, visibleLayers } from './budget.ts';
import type { PrintSource } from './source.ts';

/** Rows per read: a page of point rows costs the request thread a few milliseconds. */
export const READ_PAGE = 2_000;

const breathe = () => new Promise((r) => setImmediate(r));

/** The store as the page planner sees it: a ward by id or code, a zone by id, wards meeting a box. */
export function storeSource(store: Store, datetime?: TimeRange): PrintSource {
  return {
    async ward(id) {
      const byCode = (await listFeatures(store, 'wards', { filters: { code: id }, limit: 1 })).features[0];
      if (byCode) return byCode;
      return /^\d{1,12}$/.test(id) ? getFeature(store, 'wards', Number(id)) : null;
    },
    zone: async (id) => (/^\d{1,12}$/.test(id) ? getFeature(store, 'quarantine-zones', Number(id)) : null),
    features: async (layer, bbox) => (await listFeatures(store, layer, { bbox, datetime, limit: Number.MAX_SAFE_INTEGER })).features,
    wards: async (bbox) => (await listFeatures(store, 'wards', { bbox, limit: Number.MAX_SAFE_INTEGER })).features,
    reference: (layer, bbox) => store.reference.read(layer, bbox),
    attribution: OSM_ATTRIBUTION,
  };
}

/**
 * Every row of a layer meeting a box (all of them without one): a first page of READ_PAGE says
 * how many match (so an over-budget print stops here), the rest follows in pages of `pageSize`.
 */
async function readRows(store: Store, layer: LayerId, q: { bbox?: Bbox; datetime?: TimeRange }, pageSize: number, onFirst: (matched: number) => void): Promise<FeatureRow[]> {
  const first = await store.features.list(layer, { ...q, limit: READ_PAGE, offset: 0 });
  onFirst(first.numberMatched);
  const out = first.rows;
  while (out.length < first.numberMatched) {
    await breathe();
    const { rows } = await store.features.list(layer, { ...q, limit: pageSize, offset: out.length });
    if (!rows.length) break;
    for (const r of rows) out.push(r);
  }
  return out;
}

/**
 * Plans the pages (404 for a ward or zone that is not there), reads their rows and checks the
 * budget (pages × features drawn, OPSMAP_PRINT_BUDGET) before anything is drawn.
 */
export async function gatherPrint(req: PrintRequest, store: Store, datetime: TimeRange | undefined, budget: number, pageSize = READ_PAGE): Promise<PrintData> {
  const source = storeSource(store, datetime);
  const pages = await planPages(req, source);
  const extent = printedExtent(pages);
  const visible = visibleLayers(req);
  const rows: PrintData['rows'] = {};
  let counted = 0;
  for (const layer of LAYER_IDS) {
    const drawn = visible.includes(layer);
    // The table lists checkpoints and stations even when they are not drawn.
    if (!drawn && !(req.table && (layer === 'checkpoints' || layer === 'polling-stations'))) continue;
    rows[layer] = await readRows(store, layer, { bbox: extent, datetime }, pageSize, (matched) => {
      if (drawn) checkPrintBudget(pages.length, counted + matched, budget, true);
    });
    if (drawn) counted += rows[layer]!.length;
  }
  checkPrintBudget(pages.length, counted, budget);
  const allWards = req.table ? await readRows(store, 'wards', {}, pageSize, () => {}) : [];
  const [roads, pois] = await Promise.all([store.reference.read('roads', extent), store.reference.read('pois', extent)]);
  return { req, pages, rows, allWards, reference: { roads: roads as Feature[], pois: pois as Feature[], attribution: OSM_ATTRIBUTION } };
}
