/**
 * The map frame of a printed page: which ground it shows and where each point lands on paper.
 *
 * The projection is a transverse Mercator whose central meridian passes through the view centre
 * (k0 = 1), so north is straight up at the centre and 1:S holds there in every direction;
 * 10 km away the scale error is 1.2 ppm.
 */
import { localTM, tmForward, tmInverse, type TransverseMercator } from './transverse-mercator.ts';
import type { Rect } from './paper.ts';

export interface MapView {
  center: [number, number];
  scale: number;
  /** Map frame on the page, mm (origin top-left, y down). */
  frame: Rect;
  tm: TransverseMercator;
  /** Projected centre, metres. */
  cx: number;
  cy: number;
}

export function createMapView(center: [number, number], scale: number, frame: Rect): MapView {
  const tm = localTM(center[0]);
  const c = tmForward(tm, center[0], center[1]);
  return { center, scale, frame, tm, cx: c.x, cy: c.y };
}

/** [lon, lat] → page [x, y] in mm. */
export function toPage(view: MapView, lon: number, lat: number): [number, number] {
  const p = tmForward(view.tm, lon, lat);
  const f = 1000 / view.scale;
  return [view.frame.x + view.frame.w / 2 + (p.x - view.cx) * f, view.frame.y + view.frame.h / 2 - (p.y - view.cy) * f];
}

/** Page [x, y] in mm → [lon, lat]. */
export function toLonLat(view: MapView, x: number, y: number): [number, number] {
  const f = view.scale / 1000;
  return tmInverse(view.tm, view.cx + (x - view.frame.x - view.frame.w / 2) * f, view.cy - (y - view.frame.y - view.frame.h / 2) * f);
}

/** [W, S, E, N] enclosing the frame (edges sampled, since parallels curve slightly). */
export function viewBBox(view: MapView): [number, number, number, number] {
  const { x, y, w, h } = view.frame;
  let W = Infinity;
  let S = Infinity;
  let E = -Infinity;
  let N = -Infinity;
  for (let i = 0; i <= 8; i++) {
    for (const [px, py] of [
      [x + (w * i) / 8, y],
      [x + (w * i) / 8, y + h],
      [x, y + (h * i) / 8],
      [x + w, y + (h * i) / 8],
    ]) {
      const [lon, lat] = toLonLat(view, px, py);
      W = Math.min(W, lon);
      E = Math.max(E, lon);
      S = Math.min(S, lat);
      N = Math.max(N, lat);
    }
  }
  return [W, S, E, N];
}

/** Ground extent of a lon/lat box in metres (width, height) as measured at the box centre. */
export function groundExtent(bbox: [number, number, number, number]): { w: number; h: number; center: [number, number] } {
  const center: [number, number] = [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2];
  const tm = localTM(center[0]);
  const corners = [
    tmForward(tm, bbox[0], bbox[1]),
    tmForward(tm, bbox[0], bbox[3]),
    tmForward(tm, bbox[2], bbox[1]),
    tmForward(tm, bbox[2], bbox[3]),
  ];
  const xs = corners.map((c) => c.x);
  const ys = corners.map((c) => c.y);
  return { w: Math.max(...xs) - Math.min(...xs), h: Math.max(...ys) - Math.min(...ys), center };
}
