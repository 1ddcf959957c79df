/**
 * The second part of a print: a table of the checkpoints and polling stations in the printed
 * area, sorted by ward (Vietnamese collation), each with its map reference so a reader can go
 * from the row to the symbol on the page.
 */
import type { Feature } from 'geojson';
import { booleanPointInPolygon } from '@turf/turf';
import { mapReference, type RefGrid } from '../../core/print/grid.ts';
import { wardAt } from '../../core/wards/locate.ts';
import type { HasArea } from '../../core/wards/edges.ts';
import type { MapView } from '../../core/print/map-view.ts';
import { mmToPt, type PageLayout } from '../../core/print/paper.ts';
import { tmForward, UTM48N } from '../../core/print/transverse-mercator.ts';
import { valueLabel } from '../../core/style/labels.ts';
import type { Lang } from '../../core/style/rules.ts';
import { t } from './i18n.ts';
import type { Doc } from './pdf-geometry.ts';
import { drawText, measure } from './text.ts';

export interface TableRow {
  ward: string;
  layer: 'checkpoints' | 'polling-stations';
  name: string;
  kind: string;
  status: string;
  staff: string;
  ref: string;
  utm: string;
}

const collator = new Intl.Collator('vi');
const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

export interface TableSource {
  view: MapView;
  grid: RefGrid;
  /** Page number shown with the reference in an atlas ("3 · C4"), or none for a single map. */
  pageNo?: number;
  /** Only points inside this area belong to the table (the ward or zone printed); the whole frame when null. */
  within: Feature | null;
  checkpoints: Feature[];
  stations: Feature[];
}

const isArea = (w: Feature): w is Feature & HasArea => w.geometry?.type === 'Polygon' || w.geometry?.type === 'MultiPolygon';

function wardNameOf(f: Feature, wards: Feature[]): string {
  const code = f.properties?.ward_code;
  const p = f.geometry?.type === 'Point' ? f.geometry.coordinates : null;
  const w = (code && wards.find((x) => x.properties?.code === code)) || (p && wardAt(p, wards.filter(isArea)));
  return w ? str(w.properties?.name) : '—';
}

export function tableRows(sources: TableSource[], wards: Feature[], lang: Lang): TableRow[] {
  const rows: TableRow[] = [];
  const seen = new Set<string>();
  for (const s of sources) {
    const add = (f: Feature, layer: TableRow['layer']) => {
      if (f.geometry?.type !== 'Point') return;
      const [lon, lat] = f.geometry.coordinates;
      if (s.within && !booleanPointInPolygon([lon, lat], s.within as never)) return;
      const ref = mapReference(s.view, s.grid, lon, lat);
      if (!ref) return;
      const key = `${layer}/${f.id ?? `${lon},${lat}`}`;
      if (seen.has(key)) return;
      seen.add(key);
      const p = f.properties ?? {};
      const utm = tmForward(UTM48N, lon, lat);
      rows.push({
        ward: wardNameOf(f, wards),
        layer,
        name: str(p.name),
        kind: layer === 'checkpoints' ? valueLabel('checkpoints', 'kind', p.kind, lang) : t('station', lang),
        status: layer === 'checkpoints' ? valueLabel('checkpoints', 'status', p.status, lang) : '—',
        staff: layer === 'checkpoints' ? str(p.staff ?? 0) : '—',
        ref: s.pageNo ? `${s.pageNo} · ${ref}` : ref,
        utm: `${Math.round(utm.x)} ${Math.round(utm.y)}`,
      });
    };
    s.checkpoints.forEach((f) => add(f, 'checkpoints'));
    s.stations.forEach((f) => add(f, 'polling-stations'));
  }
  return rows.sort((a, b) => collator.compare(a.ward, b.ward) || (a.layer === b.layer ? 0 : a.layer === 'checkpoints' ? -1 : 1) || collator.compare(a.name, b.name));
}

const COLUMNS: { key: keyof TableRow | 'no'; word: Parameters<typeof t>[0]; weight: number; align?: 'right' }[] = [
  { key: 'no', word: 'colNo', weight: 0.5, align: 'right' },
  { key: 'ward', word: 'ward', weight: 1.6 },
  { key: 'name', word: 'colName', weight: 3 },
  { key: 'kind', word: 'colKind', weight: 1.6 },
  { key: 'status', word: 'colStatus', weight: 1.4 },
  { key: 'staff', word: 'colStaff', weight: 0.7, align: 'right' },
  { key: 'ref', word: 'colRef', weight: 0.9 },
  { key: 'utm', word: 'colUtm', weight: 1.6 },
];

const P = mmToPt;

/** Lays the rows out over as many pages as they need, repeating the column headings; returns the page count. */
export function drawTable(doc: Doc, rows: TableRow[], layout: PageLayout, subtitle: string, lang: Lang, addPage: () => void, footer: (pageInTable: number) => void): number {
  const x0 = layout.header.x;
  const width = layout.header.w;
  const total = COLUMNS.reduce((s, c) => s + c.weight, 0);
  const widths = COLUMNS.map((c) => (c.weight / total) * width);
  const rowH = 5.2;
  const bottom = layout.footer.y - 3;
  let pages = 0;
  let y = 0;
  const start = () => {
    addPage();
    pages++;
    drawText(doc, t('tableTitle', lang), P(x0), P(layout.header.y), 14, { bold: true });
    drawText(doc, subtitle, P(x0), P(layout.header.y + 7.5), 9, { color: '#424242' });
    y = layout.header.y + layout.header.h;
    let x = x0;
    doc.save().rect(P(x0), P(y), P(width), P(rowH + 0.6)).fill('#37474f').restore();
    COLUMNS.forEach((c, i) => {
      drawText(doc, t(c.word, lang), P(c.align === 'right' ? x + widths[i] - 1.2 : x + 1.2), P(y + 1.1), 7.5, { bold: true, color: '#ffffff', align: c.align });
      x += widths[i];
    });
    y += rowH + 0.6;
    footer(pages);
  };
  start();
  if (rows.length === 0) drawText(doc, t('noRows', lang), P(x0), P(y + 2), 9);
  const lineH = 3.4;
  rows.forEach((row, n) => {
    doc.font('NotoSans').fontSize(7.5);
    // Names are long ("Khu vực bỏ phiếu số 1 – Hội trường UBND phường …"): wrap, never cut.
    const cells = COLUMNS.map((c, i) => wrap(doc, c.key === 'no' ? String(n + 1) : row[c.key], P(widths[i] - 2.4)));
    const h = rowH + (Math.max(...cells.map((l) => l.length)) - 1) * lineH;
    if (y + h > bottom) start();
    if (n % 2 === 1) doc.save().rect(P(x0), P(y), P(width), P(h)).fill('#eceff1').restore();
    let x = x0;
    COLUMNS.forEach((c, i) => {
      cells[i].forEach((line, k) => drawText(doc, line, P(c.align === 'right' ? x + widths[i] - 1.2 : x + 1.2), P(y + 1.1 + k * lineH), 7.5, { align: c.align }));
      x += widths[i];
    });
    y += h;
  });
  drawText(doc, t('refNote', lang), P(x0), P(y + 2), 6.5, { color: '#616161' });
  return pages;
}

/** Greedy word wrap to `maxPt`; a single word longer than the column is cut with an ellipsis. */
function wrap(doc: Doc, s: string, maxPt: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of s.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (measure(doc, next) <= maxPt || !line) line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines.map((l) => (measure(doc, l) <= maxPt ? l : cut(doc, l, maxPt)));
}

function cut(doc: Doc, s: string, maxPt: number): string {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(doc, s.slice(0, mid) + '…') <= maxPt) lo = mid;
    else hi = mid - 1;
  }
  return s.slice(0, lo) + '…';
}
