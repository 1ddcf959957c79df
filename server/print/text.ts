/**
 * Text on the page: real text in the embedded Noto Sans (searchable, copyable), with the halo
 * drawn as vector outlines of the same glyphs underneath, so a reader's copy-paste gets each
 * label once rather than twice (which stroked-text halos would give).
 */
import * as fontkit from 'fontkit';
import { FONT_BOLD, FONT_REGULAR } from './fonts.ts';
import type { Doc } from './pdf-geometry.ts';

/**
 * OpenType shaping without `ccmp`, for every run of text. `ccmp` is off because Noto Sans decomposes ị, ọ, ụ…
 * into a base glyph plus a combining dot below, and pdfkit's ToUnicode map (one entry per glyph,
 * first use wins) would then extract "dịch" as "dich". Without it each Vietnamese letter is one
 * precomposed glyph, which maps back to its own code point. (A fresh features object each call:
 * fontkit writes the default features into the object it is given.)
 */
/**
 * fontkit caches one glyph object per glyph id, with the code points of its first request; the
 * subsetter asks for composite components with none. Shared across documents, a glyph first met
 * as a component (u inside ư) would reach pdfkit's ToUnicode map empty, and "Xuân" would extract
 * as "X ân". Asking for every mapped code point first, in order, fixes each glyph's code point.
 */
function primeGlyphCache(font: { characterSet: number[]; glyphForCodePoint(cp: number): unknown }): void {
  for (const cp of [...font.characterSet].sort((a, b) => a - b)) font.glyphForCodePoint(cp);
}

function withoutCcmp<T extends { layout(text: string, features?: object): unknown }>(font: T): T {
  // Wrapped rather than passed as pdfkit's `features` option: pdfkit caches the layout of a word
  // only when no features are passed, and shaping uncached was most of a page's time.
  return Object.assign(Object.create(font), { layout: (text: string, f?: object) => font.layout(text, { ccmp: false, ...f }) });
}

/** Width of a run in the current font and size, pt. */
export function measure(doc: Doc, text: string): number {
  return doc.widthOfString(text);
}

/** Names the fonts are registered under in every document. */
export const FONT = { regular: 'NotoSans', bold: 'NotoSans-Bold' } as const;

/**
 * Registers the fonts as parsed fontkit objects shared by every document: parsing the TTF
 * tables again for each PDF cost more than drawing a whole page.
 */
export function registerFonts(doc: Doc): void {
  doc.registerFont(FONT.regular, shaped.regular as unknown as string);
  doc.registerFont(FONT.bold, shaped.bold as unknown as string);
}

interface Outline {
  unitsPerEm: number;
  ascent: number;
  layout(text: string, features?: object): { glyphs: { path: { commands: { command: string; args: number[] }[] } }[]; positions: { xAdvance: number; xOffset: number; yOffset: number }[] };
}
const outlines: Record<'regular' | 'bold', Outline> = {
  regular: (fontkit as unknown as { openSync(p: string): Outline }).openSync(FONT_REGULAR),
  bold: (fontkit as unknown as { openSync(p: string): Outline }).openSync(FONT_BOLD),
};

primeGlyphCache(outlines.regular as never);
primeGlyphCache(outlines.bold as never);
const shaped = { regular: withoutCcmp(outlines.regular), bold: withoutCcmp(outlines.bold) };

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}
export const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** SVG path data of the text's glyph outlines, top-left of the line box at (x, y), in pt. */
function outlinePath(text: string, size: number, bold: boolean, x: number, y: number): string {
  const font = outlines[bold ? 'bold' : 'regular'];
  const s = size / font.unitsPerEm;
  const baseline = y + font.ascent * s;
  const run = shaped[bold ? 'bold' : 'regular'].layout(text);
  let pen = x;
  const parts: string[] = [];
  const f = (n: number) => +n.toFixed(2);
  run.glyphs.forEach((g, i) => {
    const pos = run.positions[i];
    const ox = pen + pos.xOffset * s;
    const oy = baseline - pos.yOffset * s;
    for (const c of g.path.commands) {
      const a = c.args;
      const pts: number[] = [];
      for (let k = 0; k < a.length; k += 2) pts.push(f(ox + a[k] * s), f(oy - a[k + 1] * s));
      const cmd = { moveTo: 'M', lineTo: 'L', quadraticCurveTo: 'Q', bezierCurveTo: 'C', closePath: 'Z' }[c.command];
      if (cmd) parts.push(cmd + pts.join(' '));
    }
    pen += pos.xAdvance * s;
  });
  return parts.join('');
}

export interface LabelStyle {
  size: number;
  bold: boolean;
  color: string;
  haloColor?: string;
  haloWidth?: number;
}

/** One line of text with its top-left at (x, y) pt, optionally haloed. */
export function drawLabel(doc: Doc, text: string, x: number, y: number, st: LabelStyle): void {
  if (st.haloColor && st.haloWidth) {
    const d = outlinePath(text, st.size, st.bold, x, y);
    if (d) {
      doc.save();
      doc.path(d).lineWidth(st.haloWidth * 2).lineJoin('round').stroke(st.haloColor);
      doc.restore();
    }
  }
  doc.font(st.bold ? FONT.bold : FONT.regular).fontSize(st.size).fillColor(st.color).fillOpacity(1);
  doc.text(text, x, y, { lineBreak: false });
}

/** Plain text (no halo) with its top-left at (x, y) pt; returns its width. */
export function drawText(doc: Doc, text: string, x: number, y: number, size: number, opts: { bold?: boolean; color?: string; align?: 'left' | 'right' | 'center' } = {}): number {
  doc.font(opts.bold ? FONT.bold : FONT.regular).fontSize(size);
  const w = measure(doc, text);
  const left = opts.align === 'right' ? x - w : opts.align === 'center' ? x - w / 2 : x;
  doc.fillColor(opts.color ?? '#212121').fillOpacity(1);
  doc.text(text, left, y, { lineBreak: false });
  return w;
}
