/**
 * The map body: features of the visible layers drawn as PDF vectors with the shared style
 * (core/style), in MapLibre's drawing order, then their labels as real text with a halo.
 *
 * Style sizes are CSS pixels (1/96 in); on paper one pixel is 0.75 pt, so a printed map at
 * 1:S looks like the screen map at the zoom that shows 1:S.
 */
import type { Feature } from 'geojson';
import { area as turfArea, bboxClip } from '@turf/turf';
import type { LayerId } from '../../core/layers.ts';
import { toLonLat, type MapView } from '../../core/print/map-view.ts';
import { mmToPt } from '../../core/print/paper.ts';
import { zoomForScale } from '../../core/print/scale.ts';
import { BACKGROUND_COLOR, DRAW_ORDER, rulesFor } from '../../core/style/definition.ts';
import { labelFor } from '../../core/style/legend.ts';
import { applies, resolve, type Lang, type Rule } from '../../core/style/rules.ts';
import { geometryPath, isArea, pointsOf, project, type Doc } from './pdf-geometry.ts';
import { drawLabel, FONT, measure, type Box, type LabelStyle, overlaps } from './text.ts';
import { drawReference, type ReferenceData } from './draw-reference.ts';
import { labelPoint } from '../../core/geometry/label-point.ts';

/** pt per CSS px. */
const PX = 0.75;

type Part = 'shapes' | 'outline' | 'labels';
// The same split as core/style/layers.ts makes for MapLibre.
const partOf = (layer: LayerId, r: Rule): Part => (r.type === 'text' ? 'labels' : layer === 'wards' && r.type === 'line' ? 'outline' : 'shapes');

export interface DrawnPoint {
  layer: LayerId;
  id: string | number | undefined;
  /** Page position, pt. */
  x: number;
  y: number;
}

export interface MapDrawing {
  /** Every point symbol drawn, for the table's references and for tests. */
  points: DrawnPoint[];
  labels: number;
}

/**
 * @param beforeLabels drawn over the shapes and under the labels (area mask, buffer rings), so
 *   that no label is dimmed or crossed by them
 */
export function drawMapBody(doc: Doc, view: MapView, features: Partial<Record<LayerId, Feature[]>>, lang: Lang, beforeLabels?: () => void, reference?: ReferenceData): MapDrawing {
  const { frame } = view;
  const fx = mmToPt(frame.x);
  const fy = mmToPt(frame.y);
  const fw = mmToPt(frame.w);
  const fh = mmToPt(frame.h);
  doc.save();
  doc.rect(fx, fy, fw, fh).clip();
  doc.rect(fx, fy, fw, fh).fill(BACKGROUND_COLOR);

  const zoom = zoomForScale(view.scale, view.center[1]);
  const drawing: MapDrawing = { points: [], labels: 0 };
  // Operational labels are placed first (they win over street names), drawn last (on top).
  const placed: Box[] = [];
  const labels: PlannedLabel[] = [];
  for (const { layer, parts } of DRAW_ORDER) if (parts === 'labels' && features[layer]?.length) labels.push(...planLabels(doc, view, layer, features[layer]!, lang, zoom, placed));
  const frameBox: Box = { x: fx + 2, y: fy + 2, w: fw - 4, h: fh - 4 };
  if (reference) drawReference(doc, view, reference, zoom, placed, frameBox);
  let labelsStarted = false;
  for (const { layer, parts } of DRAW_ORDER) {
    if (parts === 'labels' && !labelsStarted) {
      labelsStarted = true;
      beforeLabels?.();
      for (const l of labels) drawLabel(doc, l.text, l.x, l.y, l.style);
      drawing.labels = labels.length;
    }
    const list = features[layer];
    if (!list?.length || parts === 'labels') continue;
    const rules = rulesFor(layer, lang).filter((r) => partOf(layer, r) === parts);
    for (const rule of rules) {
      if (rule.minzoom !== undefined && zoom < rule.minzoom) continue;
      for (const f of list) {
        const props = f.properties ?? {};
        if (!applies(rule, props)) continue;
        drawRule(doc, view, rule, f, props);
        if (rule.type === 'circle' && rule === rules.find((r) => r.type === 'circle'))
          for (const p of pointsOf(f.geometry)) {
            const [x, y] = project(view, p);
            drawing.points.push({ layer, id: f.id, x, y });
          }
      }
    }
  }
  if (!labelsStarted) beforeLabels?.();
  doc.restore();
  return drawing;
}

function drawRule(doc: Doc, view: MapView, rule: Rule, f: Feature, props: Record<string, unknown>) {
  switch (rule.type) {
    case 'fill': {
      if (!isArea(f.geometry)) return;
      doc.save();
      if (geometryPath(doc, view, f.geometry)) doc.fillOpacity(resolve(rule.opacity, props)).fill(resolve(rule.color, props), 'even-odd');
      doc.restore();
      return;
    }
    case 'line': {
      doc.save();
      const width = resolve(rule.width, props) * PX;
      if (geometryPath(doc, view, f.geometry)) {
        doc.lineWidth(width).lineJoin('round').lineCap(rule.dash ? 'butt' : 'round');
        // MapLibre dash lengths are in line widths.
        if (rule.dash) doc.dash(rule.dash.map((d) => d * width) as unknown as number, {});
        doc.stroke(resolve(rule.color, props));
      }
      doc.restore();
      return;
    }
    case 'circle': {
      const r = resolve(rule.radius, props) * PX;
      const sw = resolve(rule.strokeWidth, props) * PX;
      const opacity = resolve(rule.opacity, props);
      for (const p of pointsOf(f.geometry)) {
        const [x, y] = project(view, p);
        doc.save();
        // MapLibre strokes a circle outside its radius.
        doc.circle(x, y, r + sw / 2).fillOpacity(opacity);
        if (sw > 0) doc.lineWidth(sw).fillAndStroke(resolve(rule.color, props), resolve(rule.strokeColor, props));
        else doc.fill(resolve(rule.color, props));
        doc.restore();
      }
      return;
    }
    case 'text':
      return;
  }
}

interface PlannedLabel {
  text: string;
  x: number;
  y: number;
  style: LabelStyle;
}

/** Labels of one layer, placed greedily: one that would overlap a label already placed is left out, as MapLibre does. */
function planLabels(doc: Doc, view: MapView, layer: LayerId, list: Feature[], lang: Lang, zoom: number, placed: Box[]): PlannedLabel[] {
  const out: PlannedLabel[] = [];
  const frame: Box = { x: mmToPt(view.frame.x) + 2, y: mmToPt(view.frame.y) + 2, w: mmToPt(view.frame.w) - 4, h: mmToPt(view.frame.h) - 4 };
  // Bigger areas first, so a ward's name wins over a sliver's.
  const ordered = isArea(list[0]?.geometry ?? null) ? [...list].sort((a, b) => turfArea(b) - turfArea(a)) : list;
  for (const f of ordered) {
    const label = labelFor(layer, f.properties ?? {}, lang);
    if (!label || zoom < label.minzoom) continue;
    const anchor = labelAnchor(view, f);
    if (!anchor) continue;
    const size = label.size * PX;
    doc.font(label.bold ? FONT.bold : FONT.regular).fontSize(size);
    const w = measure(doc, label.text);
    const h = size * 1.2;
    const x = anchor[0] - w / 2;
    const y = label.offsetY ? anchor[1] + label.offsetY * size : anchor[1] - h / 2;
    const box: Box = { x, y, w, h };
    if (!inside(box, frame)) continue;
    if (placed.some((b) => overlaps(b, box))) continue;
    placed.push(box);
    out.push({ text: label.text, x, y, style: { size, bold: label.bold, color: label.color, haloColor: label.haloColor, haloWidth: label.haloWidth * PX } });
  }
  return out;
}

const inside = (b: Box, f: Box) => b.x >= f.x && b.y >= f.y && b.x + b.w <= f.x + f.w && b.y + b.h <= f.y + f.h;

/** Where a feature's label goes, in pt: the point itself, or a point inside the visible part of an area. */
function labelAnchor(view: MapView, f: Feature): [number, number] | null {
  if (!f.geometry) return null;
  if (f.geometry.type === 'Point') return project(view, f.geometry.coordinates);
  if (!isArea(f.geometry)) return null;
  const vb = frameBBox(view);
  const clipped = bboxClip(f as Feature<never>, vb);
  if (!clipped.geometry || turfArea(clipped) === 0) return null;
  // The same rule as the screen's labels, on the part of the area the frame shows.
  const p = labelPoint(clipped.geometry);
  return p ? project(view, p) : null;
}

/** The view's lon/lat box shrunk by 3 % so that labels of areas cut by the frame sit well inside it. */
function frameBBox(view: MapView): [number, number, number, number] {
  const { x, y, w, h } = view.frame;
  const a = toLonLat(view, x + w * 0.03, y + h * 0.97);
  const b = toLonLat(view, x + w * 0.97, y + h * 0.03);
  return [a[0], a[1], b[0], b[1]];
}
