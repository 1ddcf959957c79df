/**
 * What a print covers and whether it is within its work budget: known before any page is drawn,
 * and needed where no page is (the request thread refuses an over-budget print, gather.ts counts
 * for it). Kept apart from the renderer so that those callers do not load pdfkit, its fonts and
 * the map style (render.ts): on the request thread they were ~21 MB of heap, ~75 MB of RSS.
 */
import { LAYER_IDS, type LayerId } from '../../core/layers.ts';
import { viewBBox } from '../../core/print/map-view.ts';
import type { PrintRequest } from '../../core/print/request.ts';
import type { MapPage } from './plan.ts';

/** The print would exceed its budget; the message names what to change. */
export class PrintBudgetError extends Error {}

/** The ground every page shows: one box around all of them, read once for the budget and the drawing. */
export function printedExtent(pages: MapPage[]): [number, number, number, number] {
  const boxes = pages.map((p) => viewBBox(p.view));
  return [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))];
}

/**
 * Pages × features in the whole printed extent: an upper bound of the features drawn, known
 * before any page is. 20 parallel atlases ran 25 s of full CPU (issue 15 #7). `atLeast` when
 * the count stopped early because it was already over.
 */
export function checkPrintBudget(pages: number, features: number, budget: number, atLeast = false): void {
  const work = pages * Math.max(1, features);
  if (work > budget)
    throw new PrintBudgetError(
      `${pages} page(s) × ${atLeast ? 'at least ' : ''}${features} features in the printed extent is ${work.toLocaleString('en')}, more than the limit of ${budget.toLocaleString('en')} (OPSMAP_PRINT_BUDGET); print a smaller area or fewer wards, fewer layers, or a larger scale`,
    );
}

/** Visible layers in drawing order (the request's `layers`, all by default). */
export const visibleLayers = (req: PrintRequest): LayerId[] => LAYER_IDS.filter((l) => (req.layers ?? LAYER_IDS).includes(l));
