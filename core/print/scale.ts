/**
 * Map scale: choosing one, and what it means on paper.
 *
 * At 1:S, L metres on the ground are L·1000/S millimetres on paper. The print projection is a
 * local transverse Mercator true at the page centre, so this holds across the sheet to better
 * than 0.01 % at ward scales.
 */
import { WGS84_A } from '../geometry/units.ts';

/** The scales a person picks from in the print dialog. */
export const STANDARD_SCALES = [2000, 5000, 10000, 25000, 50000] as const;

/** Round scales "fit" may land on: readable denominators, finer than the standard list. */
export const NICE_SCALES = [
  1000, 1500, 2000, 2500, 3000, 4000, 5000, 7500, 10000, 12500, 15000, 20000, 25000, 30000, 40000, 50000, 75000, 100000,
  150000, 200000, 250000, 500000, 1000000,
] as const;

export const groundToPaperMm = (metres: number, scale: number) => (metres * 1000) / scale;
export const paperMmToGround = (mm: number, scale: number) => (mm * scale) / 1000;

/**
 * The largest-detail nice scale at which an extent of `groundW` × `groundH` metres fits a frame
 * of `frameW` × `frameH` mm, keeping `padding` (a fraction of the frame) free on each side.
 */
export function fitScale(groundW: number, groundH: number, frameW: number, frameH: number, padding = 0.04): number {
  const usableW = frameW * (1 - 2 * padding);
  const usableH = frameH * (1 - 2 * padding);
  const exact = Math.max((groundW * 1000) / usableW, (groundH * 1000) / usableH);
  return NICE_SCALES.find((s) => s >= exact) ?? Math.ceil(exact / 100000) * 100000;
}

/** MapLibre zoom (512 px tiles, 96 dpi CSS pixels) that shows 1:S at latitude `lat`; style zoom expressions are evaluated there. */
export function zoomForScale(scale: number, lat: number): number {
  const metresPerCssPx = (scale * 0.0254) / 96;
  return Math.log2((2 * Math.PI * WGS84_A * Math.cos((lat * Math.PI) / 180)) / (512 * metresPerCssPx));
}

/** One CSS pixel of a screen style, printed: 1/96 inch. */
export const MM_PER_CSS_PX = 25.4 / 96;

export interface ScaleBar {
  /** Ground length of the whole bar, metres. */
  metres: number;
  /** Its length on paper, mm. */
  mm: number;
  /** Number of alternating segments. */
  segments: number;
  /** Label under each segment boundary, from 0 to the end; empty where the bar stays unlabelled to keep labels apart. */
  labels: string[];
}

const niceSteps = [1, 2, 2.5, 5];

/** A bar of round ground length, as long as possible without exceeding `maxMm` on paper. */
export function scaleBar(scale: number, maxMm: number): ScaleBar {
  const maxMetres = paperMmToGround(maxMm, scale);
  let best = 1;
  let step = 1;
  for (let e = 0; e <= 6; e++)
    for (const s of niceSteps)
      if (s * 10 ** e <= maxMetres) {
        best = s * 10 ** e;
        step = s;
      }
  // Segments of round length: 1000 → 5×200, 2000 → 4×500, 2500 → 5×500, 5000 → 5×1000.
  const segments = step === 2 ? 4 : 5;
  // 0, the middle when it falls on a boundary, and the end with its unit.
  const labels = Array.from({ length: segments + 1 }, (_, i) =>
    i === 0 ? '0' : i === segments ? formatDistance(best, best >= 1000) : 2 * i === segments ? formatNumber(best / 2, best >= 1000) : '',
  );
  return { metres: best, mm: groundToPaperMm(best, scale), segments, labels };
}

function formatNumber(m: number, km: boolean): string {
  return String(km ? +(m / 1000).toFixed(2) : +m.toFixed(1));
}

function formatDistance(m: number, km: boolean): string {
  return `${formatNumber(m, km)} ${km ? 'km' : 'm'}`;
}

/** "1:10 000" with a thin space between thousands, as Vietnamese and ISO write numbers. */
export function formatScale(scale: number): string {
  return `1:${String(Math.round(scale)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f')}`;
}
