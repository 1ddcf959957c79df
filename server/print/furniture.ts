/**
 * Map furniture: everything on a map page but the map body. Header (title, subtitle, scale,
 * classification), footer (date printed, data source, projection, page), the panel (north
 * arrow, scale bar, legend of the visible layers, notes, atlas inset), and on the frame itself:
 * the coordinate grid, the alphanumeric reference, the area mask and buffer rings.
 */
import type { Feature } from 'geojson';
import { LAYERS, type LayerId } from '../../core/layers.ts';
import { columnLetter, gridLines, gridTicks, refGrid, type GridKind, type RefGrid } from '../../core/print/grid.ts';
import { createMapView, groundExtent, toLonLat, type MapView } from '../../core/print/map-view.ts';
import { mmToPt, type Rect } from '../../core/print/paper.ts';
import { formatScale, scaleBar } from '../../core/print/scale.ts';
import { tmForward, UTM48N } from '../../core/print/transverse-mercator.ts';
import { legendEntries, type Primitive } from '../../core/style/legend.ts';
import type { Lang } from '../../core/style/rules.ts';
import { bbox as turfBbox } from '@turf/turf';
import { t } from './i18n.ts';
import { geometryPath, project, type Doc } from './pdf-geometry.ts';
import { drawLabel, drawText, FONT, measure } from './text.ts';

const P = mmToPt;
const INK = '#212121';
const PX = 0.75;

export function drawHeader(doc: Doc, r: Rect, o: { title: string; subtitle: string; scale: number; classification?: string; lang: Lang }) {
  // Long titles shrink (down to 10 pt) rather than run into the scale on the right.
  const room = P(r.w - 62);
  doc.font(FONT.bold).fontSize(16);
  const titleSize = Math.max(10, Math.min(16, (16 * room) / Math.max(1, measure(doc, o.title))));
  drawText(doc, o.title, P(r.x), P(r.y) + (16 - titleSize) / 2, titleSize, { bold: true });
  doc.font(FONT.regular).fontSize(9);
  if (o.subtitle) drawText(doc, o.subtitle, P(r.x), P(r.y + 8.5), Math.max(6, Math.min(9, (9 * room) / Math.max(1, measure(doc, o.subtitle)))), { color: '#424242' });
  drawText(doc, `${t('scale', o.lang)} ${formatScale(o.scale)}`, P(r.x + r.w), P(r.y + 1), 12, { bold: true, align: 'right' });
  if (o.classification) drawText(doc, o.classification, P(r.x + r.w), P(r.y + 8.5), 9, { bold: true, color: '#b71c1c', align: 'right' });
}

export function drawFooter(doc: Doc, r: Rect, o: { printedAt: string; classification?: string; pageLabel?: string; gridNote?: string; attribution?: string; lang: Lang }) {
  doc.save().moveTo(P(r.x), P(r.y)).lineTo(P(r.x + r.w), P(r.y)).lineWidth(0.4).stroke('#9e9e9e').restore();
  drawText(doc, `${t('printed', o.lang)}: ${o.printedAt}`, P(r.x), P(r.y + 1), 7);
  if (o.classification) drawText(doc, o.classification, P(r.x + r.w / 2), P(r.y + 1), 7.5, { bold: true, color: '#b71c1c', align: 'center' });
  if (o.pageLabel) drawText(doc, o.pageLabel, P(r.x + r.w), P(r.y + 1), 7, { align: 'right' });
  const line2 = [t('source', o.lang) + (o.attribution ? `; ${t('streets', o.lang)} ${o.attribution}` : ''), t('projection', o.lang), o.gridNote].filter(Boolean).join('. ');
  drawText(doc, line2, P(r.x), P(r.y + 4.8), 5.5, { color: '#616161' });
}

export function drawFrame(doc: Doc, view: MapView) {
  const f = view.frame;
  doc.save().rect(P(f.x), P(f.y), P(f.w), P(f.h)).lineWidth(0.8).stroke(INK).restore();
}

/** Dims the ground outside the printed area and outlines the area, so the page's subject stands out. */
export function drawFocus(doc: Doc, view: MapView, focus: Feature, bright: Feature = focus) {
  const f = view.frame;
  doc.save();
  doc.rect(P(f.x), P(f.y), P(f.w), P(f.h)).clip();
  doc.rect(P(f.x), P(f.y), P(f.w), P(f.h));
  geometryPath(doc, view, bright.geometry);
  doc.fillOpacity(0.5).fill('#ffffff', 'even-odd');
  doc.fillOpacity(1);
  if (geometryPath(doc, view, focus.geometry)) doc.lineWidth(1.6).strokeOpacity(0.85).stroke('#37474f');
  doc.restore();
}

/** Buffer rings around a zone: dashed outlines labelled with their distance at their northernmost point. */
export function drawRings(doc: Doc, view: MapView, rings: Feature[]) {
  const f = view.frame;
  doc.save();
  doc.rect(P(f.x), P(f.y), P(f.w), P(f.h)).clip();
  for (const ring of rings) {
    if (!geometryPath(doc, view, ring.geometry)) continue;
    doc.lineWidth(1).dash(4, { space: 2.5 }).strokeOpacity(0.9).stroke('#b71c1c').undash();
    const b = turfBbox(ring);
    const [x, y] = project(view, [(b[0] + b[2]) / 2, b[3]]);
    const text = `${ring.properties?.distance_m} m`;
    doc.font('NotoSans').fontSize(7);
    const w = measure(doc, text);
    drawLabel(doc, text, x - w / 2, y - 4.5, { size: 7, bold: true, color: '#b71c1c', haloColor: '#ffffff', haloWidth: 1.2 });
  }
  doc.restore();
}

/** Coordinate grid lines over the map, labels inside the frame where they leave it. */
export function drawGrid(doc: Doc, view: MapView, kind: GridKind): number {
  if (kind === 'none') return 0;
  const lines = gridLines(view, kind);
  const f = view.frame;
  doc.save();
  doc.rect(P(f.x), P(f.y), P(f.w), P(f.h)).clip();
  for (const l of lines) {
    l.points.forEach(([x, y], i) => (i ? doc.lineTo(P(x), P(y)) : doc.moveTo(P(x), P(y))));
  }
  doc.lineWidth(0.35).strokeOpacity(0.7).stroke('#455a64').strokeOpacity(1);
  const size = 5.5;
  for (const tk of gridTicks(view, lines)) {
    doc.font('NotoSans').fontSize(size);
    const w = measure(doc, tk.label);
    const h = size * 1.25;
    let x: number;
    let y: number;
    if (tk.edge === 'top' || tk.edge === 'bottom') {
      x = P(tk.at) - w / 2;
      y = tk.edge === 'top' ? P(f.y) + 1 : P(f.y + f.h) - h - 1;
    } else {
      y = P(tk.at) - h / 2;
      x = tk.edge === 'left' ? P(f.x) + 1.5 : P(f.x + f.w) - w - 1.5;
    }
    doc.rect(x - 1, y, w + 2, h).fillOpacity(0.85).fill('#ffffff').fillOpacity(1);
    drawText(doc, tk.label, x, y, size, { color: '#263238' });
  }
  doc.restore();
  return lines.length;
}

/** Letters along the top and numbers down the left of the frame, with cell ticks: the table's "C4". */
export function drawRefGrid(doc: Doc, view: MapView): RefGrid {
  const g = refGrid(view);
  const f = view.frame;
  doc.save();
  for (let c = 0; c < g.cols; c++) {
    const x = f.x + (c + 0.5) * g.cellW;
    drawText(doc, columnLetter(c), P(x), P(f.y - 2.9), 6.5, { bold: true, align: 'center', color: '#455a64' });
    if (c > 0) doc.moveTo(P(f.x + c * g.cellW), P(f.y)).lineTo(P(f.x + c * g.cellW), P(f.y) + 5).moveTo(P(f.x + c * g.cellW), P(f.y + f.h)).lineTo(P(f.x + c * g.cellW), P(f.y + f.h) - 5);
  }
  for (let r = 0; r < g.rows; r++) {
    const y = f.y + (r + 0.5) * g.cellH;
    drawText(doc, String(r + 1), P(f.x - 1), P(y) - 3.5, 6.5, { bold: true, align: 'right', color: '#455a64' });
    if (r > 0) doc.moveTo(P(f.x), P(f.y + r * g.cellH)).lineTo(P(f.x) + 5, P(f.y + r * g.cellH)).moveTo(P(f.x + f.w), P(f.y + r * g.cellH)).lineTo(P(f.x + f.w) - 5, P(f.y + r * g.cellH));
  }
  doc.lineWidth(0.6).stroke(INK);
  doc.restore();
  return g;
}

export interface ScaleBarReport {
  /** Left and right ends of the bar on the page, mm. */
  x0: number;
  x1: number;
  y: number;
  metres: number;
}

export function drawScaleBar(doc: Doc, x: number, y: number, maxMm: number, scale: number): ScaleBarReport {
  const bar = scaleBar(scale, maxMm);
  const seg = bar.mm / bar.segments;
  const h = 1.6;
  doc.save();
  for (let i = 0; i < bar.segments; i++) {
    doc.rect(P(x + i * seg), P(y), P(seg), P(h)).fill(i % 2 === 0 ? INK : '#ffffff');
  }
  doc.rect(P(x), P(y), P(bar.mm), P(h)).lineWidth(0.5).stroke(INK);
  doc.restore();
  bar.labels.forEach((label, i) => {
    if (!label) return;
    // Centred on its tick, so a reader (or pdftotext) finds each distance where it is measured.
    drawText(doc, label, P(x + i * seg), P(y + h + 0.6), 6, { align: 'center' });
  });
  return { x0: x, x1: x + bar.mm, y, metres: bar.metres };
}

/** North arrow: the page centre's meridian is vertical in the print projection, so north is straight up. */
export function drawNorthArrow(doc: Doc, cx: number, top: number, lang: Lang) {
  const x = P(cx);
  const y = P(top);
  const h = P(11);
  const w = P(3.2);
  doc.save();
  doc.polygon([x, y + P(3.5)], [x - w, y + h + P(3.5)], [x, y + h * 0.72 + P(3.5)]).fill(INK);
  doc.polygon([x, y + P(3.5)], [x + w, y + h + P(3.5)], [x, y + h * 0.72 + P(3.5)]).lineWidth(0.6).fillAndStroke('#ffffff', INK);
  doc.restore();
  drawText(doc, t('north', lang), x, y - 1, 8, { bold: true, align: 'center' });
}

function drawPrimitive(doc: Doc, p: Primitive, box: Rect, area: boolean) {
  doc.save();
  const cx = P(box.x + box.w / 2);
  const cy = P(box.y + box.h / 2);
  if (p.type === 'fill') doc.rect(P(box.x), P(box.y), P(box.w), P(box.h)).fillOpacity(p.opacity).fill(p.color);
  else if (p.type === 'line') {
    const w = p.width * PX;
    if (area) doc.rect(P(box.x), P(box.y), P(box.w), P(box.h));
    else doc.moveTo(P(box.x), cy).lineTo(P(box.x + box.w), cy);
    doc.lineWidth(w);
    if (p.dash) doc.dash(p.dash.map((d) => d * w) as unknown as number, {});
    doc.stroke(p.color);
  } else {
    const r = p.radius * PX;
    const sw = p.strokeWidth * PX;
    doc.circle(cx, cy, r + sw / 2).fillOpacity(p.opacity);
    if (sw > 0) doc.lineWidth(sw).fillAndStroke(p.color, p.strokeColor);
    else doc.fill(p.color);
  }
  doc.restore();
}

/** The legend of the visible layers only, flowed into columns; returns the layer titles it printed. */
export function drawLegend(doc: Doc, r: Rect, layers: readonly LayerId[], lang: Lang, columns: number): string[] {
  const colW = r.w / columns;
  const rowH = columns > 1 ? 3.7 : 4.2;
  let col = 0;
  let y = r.y;
  const titles: string[] = [];
  drawText(doc, t('legend', lang), P(r.x), P(y), 9, { bold: true });
  y += 5.5;
  const top = y;
  const newColumnIfNeeded = (need: number) => {
    if (y + need > r.y + r.h && col < columns - 1) {
      col++;
      y = top;
    }
  };
  for (const layer of layers) {
    const entries = legendEntries(layer, lang);
    newColumnIfNeeded(rowH * 2);
    const x = r.x + col * colW;
    const title = LAYERS[layer].title[lang];
    titles.push(title);
    drawText(doc, title, P(x), P(y), 7, { bold: true });
    y += rowH;
    for (const e of entries) {
      newColumnIfNeeded(rowH);
      const ex = r.x + col * colW;
      const box: Rect = e.geometry === 'area' ? { x: ex + 0.8, y: y + 0.4, w: 6, h: 3.2 } : { x: ex + 0.8, y: y, w: 6, h: 4 };
      for (const p of e.primitives) drawPrimitive(doc, p, box, e.geometry === 'area');
      drawText(doc, e.label, P(ex + 8.5), P(y + 0.4), 6.5);
      y += rowH;
    }
    y += 1;
  }
  return titles;
}

/** The district in miniature with this page's ward filled and the page's frame outlined. */
export function drawOverview(doc: Doc, r: Rect, wards: Feature[], current: Feature, page: MapView, lang: Lang) {
  drawText(doc, t('overview', lang), P(r.x), P(r.y), 7, { bold: true });
  const box: Rect = { x: r.x, y: r.y + 4, w: r.w, h: r.h - 4 };
  const all = wards.map((w) => turfBbox(w));
  const bb: [number, number, number, number] = [Math.min(...all.map((b) => b[0])), Math.min(...all.map((b) => b[1])), Math.max(...all.map((b) => b[2])), Math.max(...all.map((b) => b[3]))];
  const g = groundExtent(bb);
  const scale = Math.max((g.w * 1000) / box.w, (g.h * 1000) / box.h) * 1.06;
  const inset = createMapView(g.center, scale, box);
  doc.save();
  doc.rect(P(box.x), P(box.y), P(box.w), P(box.h)).clip();
  doc.rect(P(box.x), P(box.y), P(box.w), P(box.h)).fill('#f5f5f5');
  for (const w of wards) if (geometryPath(doc, inset, w.geometry)) doc.lineWidth(0.3).fillAndStroke(w === current ? '#ef9a9a' : '#ffffff', '#757575');
  const f = page.frame;
  const corners = [
    [f.x, f.y],
    [f.x + f.w, f.y],
    [f.x + f.w, f.y + f.h],
    [f.x, f.y + f.h],
  ].map(([x, y]) => toLonLat(page, x, y));
  corners.forEach((c, i) => {
    const [x, y] = project(inset, c);
    if (i === 0) doc.moveTo(x, y);
    else doc.lineTo(x, y);
  });
  doc.closePath().lineWidth(0.9).stroke('#c62828');
  doc.restore();
  doc.save().rect(P(box.x), P(box.y), P(box.w), P(box.h)).lineWidth(0.5).stroke(INK).restore();
}

/** Grid convergence at the page centre, for the UTM grid note: the grid's north is this far from true north. */
export function utmConvergenceDeg(view: MapView): number {
  return (tmForward(UTM48N, view.center[0], view.center[1]).gamma * 180) / Math.PI;
}
