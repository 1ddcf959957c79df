/**
 * A print request to a PDF: plan the pages, read their features, draw each map page with its
 * furniture, then the table. Everything is vector and text; nothing is rasterised, so `dpi`
 * only matters for raster sources, of which there are none today (no basemap tiles).
 */
import PDFDocument from 'pdfkit';
import type { Feature } from 'geojson';
import { LAYER_IDS, type LayerId } from '../../core/layers.ts';
import { viewBBox, type MapView } from '../../core/print/map-view.ts';
import { mmToPt, type Rect } from '../../core/print/paper.ts';
import type { PrintRequest } from '../../core/print/request.ts';
import type { RefGrid } from '../../core/print/grid.ts';
import { drawMapBody, type DrawnPoint } from './draw-map.ts';
import type { ReferenceData } from './draw-reference.ts';
import {
  drawFocus,
  drawFooter,
  drawFrame,
  drawGrid,
  drawHeader,
  drawLegend,
  drawNorthArrow,
  drawOverview,
  drawRefGrid,
  drawRings,
  drawScaleBar,
  utmConvergenceDeg,
  type ScaleBarReport,
} from './furniture.ts';
import { formatPrintedAt, t } from './i18n.ts';
import { locale } from '../../core/i18n/lang.ts';
import { checkPrintBudget, printedExtent, visibleLayers } from './budget.ts';
import { planPages, type MapPage } from './plan.ts';
import type { PrintSource } from './source.ts';
import { drawTable, tableRows, type TableSource } from './table.ts';
import { drawText, registerFonts } from './text.ts';

export interface PrintOptions {
  /** The time printed in the footer (default: now). */
  now?: Date;
  /** Called after each page, for the job endpoint's progress. */
  onProgress?: (done: number, total: number) => void;
  /** Limit of pages × features drawn, checked before the first page (config budgets.printWork). */
  budget?: number;
}

export interface MapPageReport {
  title: string;
  scale: number;
  center: [number, number];
  frame: Rect;
  scaleBar: ScaleBarReport;
  /** Point symbols as drawn, page pt (origin top-left). */
  points: DrawnPoint[];
  legend: string[];
  gridLines: number;
}

export interface PrintReport {
  pages: number;
  maps: MapPageReport[];
  tableRows: number;
}

const P = mmToPt;


/** Plans the pages, checks the budget, draws: for callers holding a source (tests, benchmarks). */
export async function renderPrint(req: PrintRequest, source: PrintSource, opts: PrintOptions = {}): Promise<{ pdf: Buffer; report: PrintReport }> {
  const pages = await planPages(req, source);
  if (opts.budget !== undefined) {
    let features = 0;
    for (const layer of visibleLayers(req)) features += (await source.features(layer, printedExtent(pages))).length;
    checkPrintBudget(pages.length, features, opts.budget);
  }
  return drawPrint(req, pages, source, opts);
}

/** Draws planned pages (server/workers/print-task.ts calls this on a worker thread). */
export async function drawPrint(req: PrintRequest, pages: MapPage[], source: PrintSource, opts: Omit<PrintOptions, 'budget'> = {}): Promise<{ pdf: Buffer; report: PrintReport }> {
  const lang = req.lang;
  const visible = visibleLayers(req);
  const printedAt = formatPrintedAt(opts.now ?? new Date(), lang);
  const { page } = pages[0].layout;
  const doc = new PDFDocument({
    size: [P(page.w), P(page.h)],
    margin: 0,
    autoFirstPage: false,
    lang: locale(lang),
    displayTitle: true,
    info: {
      Title: req.atlas ? `${t('atlasTitle', lang)}${req.title ? ` — ${req.title}` : ''}` : pages[0].title,
      Subject: pages.map((p) => p.title).join(', ').slice(0, 500),
      Author: 'opsmap',
      Creator: 'opsmap print',
      CreationDate: opts.now ?? new Date(),
    },
  });
  registerFonts(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });

  const report: PrintReport = { pages: 0, maps: [], tableRows: 0 };
  const tableSources: TableSource[] = [];
  const allWards = req.table ? await source.wards() : [];
  const total = pages.length + (req.table ? 1 : 0);
  for (const [i, mp] of pages.entries()) {
    doc.addPage({ size: [P(page.w), P(page.h)], margin: 0 });
    report.pages++;
    const features = await readFeatures(source, mp.view, visible, req.table);
    const bbox = viewBBox(mp.view);
    const reference = source.reference ? { roads: await source.reference('roads', bbox), pois: await source.reference('pois', bbox) } : undefined;
    const attribution = reference && (reference.roads.length || reference.pois.length) ? source.attribution : undefined;
    const m = drawMapPage(doc, mp, features, visible, req, printedAt, reference, attribution);
    report.maps.push(m.report);
    if (req.table)
      tableSources.push({
        view: mp.view,
        grid: m.grid,
        pageNo: req.atlas ? i + 1 : undefined,
        within: mp.rings.length ? mp.rings[mp.rings.length - 1] : mp.focus,
        checkpoints: features.checkpoints ?? [],
        stations: features['polling-stations'] ?? [],
      });
    opts.onProgress?.(i + 1, total);
    // Let the event loop breathe between pages (progress events, other requests).
    await new Promise((r) => setImmediate(r));
  }
  if (req.table) {
    const rows = tableRows(tableSources, allWards, lang);
    report.tableRows = rows.length;
    const subtitle = req.atlas ? (req.title ?? t('atlasTitle', lang)) : [pages[0].title, pages[0].subtitle].filter(Boolean).join(' — ');
    report.pages += drawTable(
      doc,
      rows,
      pages[0].layout,
      subtitle,
      lang,
      () => doc.addPage({ size: [P(page.w), P(page.h)], margin: 0 }),
      () => drawFooter(doc, pages[0].layout.footer, { printedAt, classification: req.classification, lang }),
    );
    opts.onProgress?.(total, total);
  }
  doc.end();
  await done;
  return { pdf: Buffer.concat(chunks), report };
}

/**
 * The features a page shows. The table needs checkpoints and stations even when they are not
 * drawn, so those are read regardless and only drawn when visible.
 */
async function readFeatures(source: PrintSource, view: MapView, visible: LayerId[], table: boolean): Promise<Partial<Record<LayerId, Feature[]>>> {
  const bbox = viewBBox(view);
  const out: Partial<Record<LayerId, Feature[]>> = {};
  for (const layer of LAYER_IDS) {
    const needed = visible.includes(layer) || (table && (layer === 'checkpoints' || layer === 'polling-stations'));
    if (needed) out[layer] = await source.features(layer, bbox);
  }
  return out;
}

function drawMapPage(
  doc: PDFKit.PDFDocument,
  mp: MapPage,
  features: Partial<Record<LayerId, Feature[]>>,
  visible: LayerId[],
  req: PrintRequest,
  printedAt: string,
  reference: ReferenceData | undefined,
  attribution: string | undefined,
): { report: MapPageReport; grid: RefGrid } {
  const { layout, view } = mp;
  const lang = req.lang;
  const shown = Object.fromEntries(visible.map((l) => [l, features[l] ?? []]));
  const drawing = drawMapBody(doc, view, shown, lang, () => {
    // A zone printed with rings keeps the whole outer ring bright, not just the zone.
    if (mp.focus) drawFocus(doc, view, mp.focus, mp.rings[mp.rings.length - 1]);
    if (mp.rings.length) drawRings(doc, view, mp.rings);
  }, reference);
  const gridLines = drawGrid(doc, view, req.grid);
  drawFrame(doc, view);
  const grid = drawRefGrid(doc, view);

  drawHeader(doc, layout.header, { title: mp.title, subtitle: mp.subtitle, scale: view.scale, classification: req.classification, lang });
  const gridNote =
    req.grid === 'utm'
      ? `${t('gridUtm', lang)}, γ = ${utmConvergenceDeg(view).toFixed(2)}°`
      : req.grid === 'latlon'
        ? t('gridLatLon', lang)
        : undefined;
  drawFooter(doc, layout.footer, { printedAt, classification: req.classification, pageLabel: mp.pageLabel, gridNote, attribution, lang });

  // Panel: north arrow and scale bar first, then the legend, then the atlas inset and notes.
  const pnl = layout.panel;
  const landscape = pnl.h > pnl.w;
  let scaleBar: ScaleBarReport;
  let legendRect: Rect;
  let insetRect: Rect | null = null;
  if (landscape) {
    drawNorthArrow(doc, pnl.x + 6, pnl.y + 1, lang);
    scaleBar = drawScaleBar(doc, pnl.x + 16, pnl.y + 8, pnl.w - 22, view.scale);
    const insetH = mp.overview ? Math.min(48, pnl.w * 0.85) : 0;
    legendRect = { x: pnl.x, y: pnl.y + 20, w: pnl.w, h: pnl.h - 20 - insetH - (insetH ? 3 : 0) - (mp.rings.length ? 5 : 0) };
    if (mp.overview) insetRect = { x: pnl.x, y: pnl.y + pnl.h - insetH, w: pnl.w, h: insetH };
  } else {
    const right = 62;
    const insetW = mp.overview ? 48 : 0;
    drawNorthArrow(doc, pnl.x + pnl.w - right + 6, pnl.y + 1, lang);
    scaleBar = drawScaleBar(doc, pnl.x + pnl.w - right + 14, pnl.y + 8, right - 20, view.scale);
    legendRect = { x: pnl.x, y: pnl.y, w: pnl.w - right - insetW - (insetW ? 4 : 0), h: pnl.h };
    if (mp.overview) insetRect = { x: pnl.x + pnl.w - right - insetW - 2, y: pnl.y, w: insetW, h: pnl.h };
  }
  const columns = landscape ? 1 : Math.max(1, Math.floor(legendRect.w / 40));
  const legend = drawLegend(doc, legendRect, visible, lang, columns);
  if (mp.rings.length) {
    const note = `${t('rings', lang)}: ${mp.rings.map((r) => `${r.properties?.distance_m} m`).join(', ')}`;
    drawText(doc, note, P(landscape ? pnl.x : pnl.x + pnl.w - 62), P(landscape ? legendRect.y + legendRect.h + 1 : pnl.y + 24), 6.5, { color: '#b71c1c' });
  }
  if (insetRect && mp.overview) drawOverview(doc, insetRect, mp.overview.wards, mp.overview.current, view, lang);

  return {
    grid,
    report: { title: mp.title, scale: view.scale, center: view.center, frame: view.frame, scaleBar, points: drawing.points, legend, gridLines },
  };
}
