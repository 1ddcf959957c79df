/**
 * Coordinate grids drawn over the map frame: latitude/longitude graticule or UTM zone 48N
 * kilometre grid, with the labels for their ticks where the lines leave the frame.
 */
import { toLonLat, toPage, viewBBox, type MapView } from './map-view.ts';
import { tmForward, tmInverse, UTM48N } from './transverse-mercator.ts';

export type GridKind = 'none' | 'latlon' | 'utm';

export interface GridLine {
  /** 'x' lines run roughly north–south (meridians, eastings), 'y' lines east–west. */
  axis: 'x' | 'y';
  value: number;
  label: string;
  /** Page mm, clipped to nothing: the renderer clips to the frame. */
  points: [number, number][];
}

export interface GridTick {
  edge: 'top' | 'bottom' | 'left' | 'right';
  /** Position along the edge, page mm (x for top/bottom, y for left/right). */
  at: number;
  label: string;
}

const LATLON_STEPS_SEC = [5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];
const UTM_STEPS_M = [50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000];

/** Smallest step giving at most `maxLines` lines across `span`. */
function pickStep(steps: readonly number[], span: number, maxLines: number): number {
  return steps.find((s) => span / s <= maxLines) ?? steps[steps.length - 1];
}

export function formatDMS(deg: number, stepSec: number): string {
  const sign = deg < 0 ? '-' : '';
  let total = Math.round(Math.abs(deg) * 3600);
  const d = Math.floor(total / 3600);
  total -= d * 3600;
  const m = Math.floor(total / 60);
  const s = total - m * 60;
  if (stepSec % 60 === 0 && s === 0) return `${sign}${d}°${String(m).padStart(2, '0')}′`;
  return `${sign}${d}°${String(m).padStart(2, '0')}′${String(s).padStart(2, '0')}″`;
}

function multiples(lo: number, hi: number, step: number): number[] {
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(+v.toFixed(9));
  return out;
}

/** Lines of the chosen grid crossing the view, about `maxLines` each way at most. */
export function gridLines(view: MapView, kind: GridKind, maxLines = 7): GridLine[] {
  if (kind === 'none') return [];
  const [W, S, E, N] = viewBBox(view);
  const SAMPLES = 16;
  const lines: GridLine[] = [];
  if (kind === 'latlon') {
    const step = pickStep(LATLON_STEPS_SEC, Math.max((E - W) * 3600, (N - S) * 3600), maxLines) / 3600;
    for (const lon of multiples(W, E, step))
      lines.push({ axis: 'x', value: lon, label: formatDMS(lon, step * 3600), points: sample(SAMPLES, (t) => toPage(view, lon, S + (N - S) * t)) });
    for (const lat of multiples(S, N, step))
      lines.push({ axis: 'y', value: lat, label: formatDMS(lat, step * 3600), points: sample(SAMPLES, (t) => toPage(view, W + (E - W) * t, lat)) });
    return lines;
  }
  const corners = [
    [W, S],
    [W, N],
    [E, S],
    [E, N],
  ].map(([lon, lat]) => tmForward(UTM48N, lon, lat));
  const x0 = Math.min(...corners.map((c) => c.x));
  const x1 = Math.max(...corners.map((c) => c.x));
  const y0 = Math.min(...corners.map((c) => c.y));
  const y1 = Math.max(...corners.map((c) => c.y));
  const step = pickStep(UTM_STEPS_M, Math.max(x1 - x0, y1 - y0), maxLines);
  const utmToPage = (x: number, y: number) => {
    const [lon, lat] = tmInverse(UTM48N, x, y);
    return toPage(view, lon, lat);
  };
  for (const e of multiples(x0, x1, step))
    lines.push({ axis: 'x', value: e, label: formatMetres(e), points: sample(SAMPLES, (t) => utmToPage(e, y0 + (y1 - y0) * t)) });
  for (const n of multiples(y0, y1, step))
    lines.push({ axis: 'y', value: n, label: formatMetres(n), points: sample(SAMPLES, (t) => utmToPage(x0 + (x1 - x0) * t, n)) });
  return lines;
}

/** UTM value in kilometres, as topographic sheets label grid lines: 588000 → "588", 2325500 → "2325.5". */
export function formatMetres(m: number): string {
  return `${+(m / 1000).toFixed(2)}`;
}

function sample(n: number, f: (t: number) => [number, number]): [number, number][] {
  return Array.from({ length: n + 1 }, (_, i) => f(i / n));
}

/** Where grid lines cross the frame edges: meridians/eastings on top and bottom, parallels/northings left and right. */
export function gridTicks(view: MapView, lines: GridLine[]): GridTick[] {
  const { x, y, w, h } = view.frame;
  const ticks: GridTick[] = [];
  for (const line of lines) {
    const edges = line.axis === 'x' ? (['top', 'bottom'] as const) : (['left', 'right'] as const);
    for (const edge of edges) {
      const at = crossing(line.points, edge === 'top' ? y : edge === 'bottom' ? y + h : edge === 'left' ? x : x + w, line.axis === 'x');
      if (at === null) continue;
      const [lo, hi] = line.axis === 'x' ? [x, x + w] : [y, y + h];
      if (at >= lo && at <= hi) ticks.push({ edge, at, label: line.label });
    }
  }
  return ticks;
}

/** Where a polyline crosses y = c (vertical lines) or x = c (horizontal ones); the other coordinate there. */
function crossing(points: [number, number][], c: number, vertical: boolean): number | null {
  for (let i = 1; i < points.length; i++) {
    const [ax, ay] = points[i - 1];
    const [bx, by] = points[i];
    const [a, b] = vertical ? [ay, by] : [ax, bx];
    if ((a - c) * (b - c) > 0 || a === b) continue;
    const t = (c - a) / (b - a);
    return vertical ? ax + (bx - ax) * t : ay + (by - ay) * t;
  }
  return null;
}

/**
 * Alphanumeric map reference ("C4"): the frame is cut into square-ish cells, columns lettered
 * from the left, rows numbered from the top, as street atlases do.
 */
export interface RefGrid {
  cols: number;
  rows: number;
  cellW: number;
  cellH: number;
}

export function refGrid(view: MapView, targetCellMm = 40): RefGrid {
  const cols = Math.max(1, Math.round(view.frame.w / targetCellMm));
  const rows = Math.max(1, Math.round(view.frame.h / targetCellMm));
  return { cols, rows, cellW: view.frame.w / cols, cellH: view.frame.h / rows };
}

export const columnLetter = (i: number) => String.fromCharCode(65 + i);

/** "C4" for a point in the frame, null outside it. */
export function mapReference(view: MapView, grid: RefGrid, lon: number, lat: number): string | null {
  const [px, py] = toPage(view, lon, lat);
  const c = Math.floor((px - view.frame.x) / grid.cellW);
  const r = Math.floor((py - view.frame.y) / grid.cellH);
  if (c < 0 || r < 0 || c >= grid.cols || r >= grid.rows) return null;
  return `${columnLetter(c)}${r + 1}`;
}

