/** Paper sizes and the page's division into header, map frame, side panel and footer, in millimetres. */

export const PAPERS = { A4: { w: 210, h: 297 }, A3: { w: 297, h: 420 } } as const;
export type Paper = keyof typeof PAPERS;
export type Orientation = 'portrait' | 'landscape';

export const MM_PER_PT = 25.4 / 72;
export const mmToPt = (mm: number) => mm / MM_PER_PT;

export interface Size {
  w: number;
  h: number;
}
/** A rectangle in page millimetres, origin top-left, y down (as PDF content is laid out). */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export function pageSize(paper: Paper, orientation: Orientation): Size {
  const { w, h } = PAPERS[paper];
  return orientation === 'portrait' ? { w, h } : { w: h, h: w };
}

export interface PageLayout {
  page: Size;
  header: Rect;
  map: Rect;
  /** Legend, scale bar, north arrow, notes: beside the map in landscape, below it in portrait. */
  panel: Rect;
  footer: Rect;
}

const HEADER_MM = 16;
const FOOTER_MM = 9;
const GAP_MM = 3;
const SIDE_PANEL_MM = 58;
const BOTTOM_PANEL_MM = 46;

/**
 * The one layout every map page uses. Furniture sits outside the map frame so it never hides
 * a feature; the map keeps the largest rectangle left.
 */
export function pageLayout(paper: Paper, orientation: Orientation, marginMm: number): PageLayout {
  const page = pageSize(paper, orientation);
  const inner: Rect = { x: marginMm, y: marginMm, w: page.w - 2 * marginMm, h: page.h - 2 * marginMm };
  const header: Rect = { x: inner.x, y: inner.y, w: inner.w, h: HEADER_MM };
  const footer: Rect = { x: inner.x, y: inner.y + inner.h - FOOTER_MM, w: inner.w, h: FOOTER_MM };
  const bodyY = header.y + header.h + GAP_MM;
  const bodyH = footer.y - GAP_MM - bodyY;
  if (orientation === 'landscape') {
    const map: Rect = { x: inner.x, y: bodyY, w: inner.w - SIDE_PANEL_MM - GAP_MM, h: bodyH };
    const panel: Rect = { x: map.x + map.w + GAP_MM, y: bodyY, w: SIDE_PANEL_MM, h: bodyH };
    return { page, header, map, panel, footer };
  }
  const map: Rect = { x: inner.x, y: bodyY, w: inner.w, h: bodyH - BOTTOM_PANEL_MM - GAP_MM };
  const panel: Rect = { x: inner.x, y: map.y + map.h + GAP_MM, w: inner.w, h: BOTTOM_PANEL_MM };
  return { page, header, map, panel, footer };
}

/** Smallest margin that printers reliably reach, and the largest that still leaves a usable map. */
export const MARGIN_MIN_MM = 5;
export const MARGIN_MAX_MM = 30;
