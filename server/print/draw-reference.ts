/**
 * The street basemap under the operational layers: roads (casing, then line, by rank) and
 * places, drawn from the reference layers in the database with the screen's own MapLibre
 * layers (core/style/reference.ts), evaluated at the zoom equivalent to the print
 * scale. Road names follow their road, placed where they fit and do not collide.
 */
import type { Feature, Position } from 'geojson';
import type { LayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import { poiLayers, roadLayers } from '../../core/style/reference.ts';
import type { MapView } from '../../core/print/map-view.ts';
import { layerEvaluator, layerFilter } from './maplibre-eval.ts';
import { geometryPath, project, type Doc } from './pdf-geometry.ts';
import { drawLabel, FONT, measure, overlaps, type Box } from './text.ts';

const PX = 0.75;

/** Road properties as the vector tiles give them to the screen style (server/tiles/vector-tiles.ts). */
const roadTileProps = (p: Record<string, unknown>) => ({ class: p.highway ?? 'minor', ...(p.name ? { name: p.name } : {}), ...(p.ref ? { ref: p.ref } : {}) });
const poiTileProps = (p: Record<string, unknown>) => ({ category: p.category ?? 'other', ...(p.name ? { name: p.name } : {}) });

export interface ReferenceData {
  roads: Feature[];
  pois: Feature[];
}

function lines(layer: LayerSpecification, doc: Doc, view: MapView, zoom: number, roads: { f: Feature; props: Record<string, unknown> }[]) {
  const keep = layerFilter(layer, zoom);
  const paint = layerEvaluator(layer, 'paint', zoom);
  const layout = layerEvaluator(layer, 'layout', zoom);
  const drawn = roads.filter((r) => keep(r.props, 'LineString')).map((r) => ({ ...r, key: Number(layout('line-sort-key', r.props, 'LineString') ?? 0) }));
  drawn.sort((a, b) => a.key - b.key);
  for (const r of drawn) {
    const width = Number(paint('line-width', r.props, 'LineString')) * PX;
    if (!(width > 0)) continue;
    doc.save();
    if (geometryPath(doc, view, r.f.geometry)) doc.lineWidth(width).lineCap('round').lineJoin('round').stroke(String(paint('line-color', r.props, 'LineString')));
    doc.restore();
  }
}

/** Draws the basemap; road and place names avoid `placed` (the operational labels, placed first) and join it. */
export function drawReference(doc: Doc, view: MapView, data: ReferenceData, zoom: number, placed: Box[], frame: Box): void {
  const roads = data.roads.map((f) => ({ f, props: roadTileProps(f.properties ?? {}) }));
  const [casing, line, label] = roadLayers('ref-roads', 'roads', 'print-roads');
  lines(casing, doc, view, zoom, roads);
  lines(line, doc, view, zoom, roads);

  const [dot, poiLabel] = poiLayers('ref-pois', 'pois', 'print-pois');
  const pois = data.pois.map((f) => ({ f, props: poiTileProps(f.properties ?? {}) }));
  const dotOk = layerFilter(dot, zoom);
  const dotPaint = layerEvaluator(dot, 'paint', zoom);
  for (const p of pois) {
    if (p.f.geometry?.type !== 'Point' || !dotOk(p.props, 'Point')) continue;
    const [x, y] = project(view, p.f.geometry.coordinates);
    const r = Number(dotPaint('circle-radius', p.props, 'Point')) * PX;
    const sw = Number(dotPaint('circle-stroke-width', p.props, 'Point')) * PX;
    doc.save().circle(x, y, r + sw / 2).lineWidth(sw).fillAndStroke(String(dotPaint('circle-color', p.props, 'Point')), String(dotPaint('circle-stroke-color', p.props, 'Point'))).restore();
  }

  roadNames(doc, view, roads, label, zoom, placed, frame);
  const poiOk = layerFilter(poiLabel, zoom);
  const lp = layerEvaluator(poiLabel, 'paint', zoom);
  const ll = layerEvaluator(poiLabel, 'layout', zoom);
  for (const p of pois) {
    if (p.f.geometry?.type !== 'Point' || !poiOk(p.props, 'Point')) continue;
    const text = String(p.props.name);
    const size = Number(ll('text-size', p.props, 'Point')) * PX;
    const [x, y] = project(view, p.f.geometry.coordinates);
    doc.font(FONT.regular).fontSize(size);
    const w = measure(doc, text);
    const box = { x: x - w / 2, y: y + 0.8 * size, w, h: size * 1.2 };
    if (!inside(box, frame) || placed.some((b) => overlaps(b, box))) continue;
    placed.push(box);
    drawLabel(doc, text, box.x, box.y, { size, bold: false, color: String(lp('text-color', p.props, 'Point')), haloColor: String(lp('text-halo-color', p.props, 'Point')), haloWidth: Number(lp('text-halo-width', p.props, 'Point')) * PX });
  }
}

const inside = (b: Box, f: Box) => b.x >= f.x && b.y >= f.y && b.x + b.w <= f.x + f.w && b.y + b.h <= f.y + f.h;

/** Minimum distance between two labels of the same road name, pt (about 70 mm). */
const SAME_NAME_GAP = 200;

/**
 * One name per road piece, along its longest straight run in the frame, turned to read
 * left to right; left out where it would not fit the run or would touch another label.
 */
function roadNames(doc: Doc, view: MapView, roads: { f: Feature; props: Record<string, unknown> }[], layer: LayerSpecification, zoom: number, placed: Box[], frame: Box) {
  const ok = layerFilter(layer, zoom);
  const paint = layerEvaluator(layer, 'paint', zoom);
  const layout = layerEvaluator(layer, 'layout', zoom);
  const byName = new Map<string, [number, number][]>();
  const candidates = roads
    .filter((r) => ok(r.props, 'LineString'))
    .map((r) => ({ ...r, run: longestRun(view, r.f) }))
    .filter((r) => r.run)
    .sort((a, b) => b.run!.len - a.run!.len);
  for (const r of candidates) {
    const text = String(r.props.name);
    const size = Number(layout('text-size', r.props, 'LineString')) * PX;
    doc.font(FONT.regular).fontSize(size);
    const w = measure(doc, text);
    const run = r.run!;
    if (w + 2 * size > run.len) continue;
    const [cx, cy] = run.mid;
    if ((byName.get(text) ?? []).some(([x, y]) => Math.hypot(x - cx, y - cy) < SAME_NAME_GAP)) continue;
    let angle = (Math.atan2(run.dy, run.dx) * 180) / Math.PI;
    if (angle > 90) angle -= 180;
    if (angle < -90) angle += 180;
    const h = size * 1.2;
    const a = (angle * Math.PI) / 180;
    const bw = Math.abs(w * Math.cos(a)) + Math.abs(h * Math.sin(a));
    const bh = Math.abs(w * Math.sin(a)) + Math.abs(h * Math.cos(a));
    const box = { x: cx - bw / 2, y: cy - bh / 2, w: bw, h: bh };
    if (!inside(box, frame) || placed.some((b) => overlaps(b, box))) continue;
    placed.push(box);
    byName.set(text, [...(byName.get(text) ?? []), [cx, cy]]);
    doc.save();
    doc.rotate(angle, { origin: [cx, cy] });
    drawLabel(doc, text, cx - w / 2, cy - h / 2, { size, bold: false, color: String(paint('text-color', r.props, 'LineString')), haloColor: String(paint('text-halo-color', r.props, 'LineString')), haloWidth: Number(paint('text-halo-width', r.props, 'LineString')) * PX });
    doc.restore();
  }
}

/** The longest nearly straight run of a line on the page (pt): consecutive segments within 15° of its chord. */
function longestRun(view: MapView, f: Feature): { len: number; mid: [number, number]; dx: number; dy: number } | null {
  const g = f.geometry;
  const parts: Position[][] = g?.type === 'LineString' ? [g.coordinates] : g?.type === 'MultiLineString' ? g.coordinates : [];
  const MAX_TURN = (15 * Math.PI) / 180;
  let best: { len: number; mid: [number, number]; dx: number; dy: number } | null = null;
  for (const part of parts) {
    const pts = part.map((c) => project(view, c));
    let s = 0;
    for (let i = 1; i < pts.length; i++) {
      // Extend the run from s while every segment stays close to the chord's direction.
      const chord = Math.atan2(pts[i][1] - pts[s][1], pts[i][0] - pts[s][0]);
      const seg = Math.atan2(pts[i][1] - pts[i - 1][1], pts[i][0] - pts[i - 1][0]);
      let turn = Math.abs(chord - seg);
      if (turn > Math.PI) turn = 2 * Math.PI - turn;
      if (turn > MAX_TURN) s = i - 1;
      const dx = pts[i][0] - pts[s][0];
      const dy = pts[i][1] - pts[s][1];
      const len = Math.hypot(dx, dy);
      if (!best || len > best.len) best = { len, mid: [(pts[i][0] + pts[s][0]) / 2, (pts[i][1] + pts[s][1]) / 2], dx, dy };
    }
  }
  return best;
}
