/**
 * A polling station's plan on paper, like ICS 204/206 sheets: one A4 page (or more when the
 * scenarios run long) with a map at true scale of the station and what is around it (checkpoints,
 * facilities, zones, the road route to the nearest hospital), then the forces and contacts, the
 * nearby zones and mobile-ballot-box runs, and the scenarios with their responses; a
 * classification line on every page. A book puts every station of a ward or district in one
 * PDF after a contents page.
 */
import PDFDocument from 'pdfkit';
import type { Feature } from 'geojson';
import type { LayerId } from '../../core/layers.ts';
import { createMapView, viewBBox, toPage } from '../../core/print/map-view.ts';
import { mmToPt } from '../../core/print/paper.ts';
import { GAP_WORDS } from '../../core/plan/readiness.ts';
import { scenarioDefault } from '../../core/plan/scenarios.ts';
import { FACILITY_NEEDS, type FacilityNeed } from '../../core/plan/derive.ts';
import { VALUE_LABELS } from '../../core/style/labels.ts';
import { rowToFeature } from '../db/rows.ts';
import type { Store } from '../db/store.ts';
import { bookPlans, planOf, type PlanDocument, type StationFilter } from '../plans/service.ts';
import { drawMapBody } from './draw-map.ts';
import { drawFrame, drawNorthArrow, drawScaleBar } from './furniture.ts';
import { formatPrintedAt } from './i18n.ts';
import { FONT, registerFonts } from './text.ts';

type Lang = 'vi' | 'en';
const P = mmToPt;
const A4 = { w: 210, h: 297 };
const MARGIN = 14;
const MAP = { x: MARGIN, y: 30, w: A4.w - 2 * MARGIN, h: 105 };
/** 1:5,000 shows about 900 × 525 m round the station: the door, the street, the nearest checkpoints. */
const MAP_SCALE = 5000;
export const CLASSIFICATION = { vi: 'TÀI LIỆU LƯU HÀNH NỘI BỘ – KHÔNG PHỔ BIẾN', en: 'INTERNAL USE ONLY – NOT FOR DISTRIBUTION' };

const W: Record<string, { vi: string; en: string }> = {
  title: { vi: 'KẾ HOẠCH BẢO ĐẢM AN NINH, TRẬT TỰ, PHÒNG CHÁY VÀ PHÒNG CHỐNG DỊCH', en: 'SECURITY, ORDER, FIRE AND EPIDEMIC PLAN' },
  ward: { vi: 'Phường', en: 'Ward' },
  voters: { vi: 'Cử tri', en: 'Voters' },
  election: { vi: 'Ngày bầu cử', en: 'Election day' },
  status: { vi: 'Trạng thái kế hoạch', en: 'Plan status' },
  draft: { vi: 'Dự thảo', en: 'Draft' },
  approved: { vi: 'Đã phê duyệt', en: 'Approved' },
  by: { vi: 'bởi', en: 'by' },
  forces: { vi: 'Lực lượng được phân công', en: 'Forces assigned' },
  noForces: { vi: 'Chưa phân công lực lượng.', en: 'No forces assigned.' },
  unit: { vi: 'Đơn vị', en: 'Unit' },
  leader: { vi: 'Chỉ huy', en: 'Leader' },
  phone: { vi: 'Điện thoại', en: 'Phone' },
  people: { vi: 'Số người', en: 'People' },
  shift: { vi: 'Ca trực', en: 'Shift' },
  contacts: { vi: 'Cơ sở hỗ trợ gần nhất', en: 'Nearest help' },
  byRoad: { vi: 'theo đường bộ', en: 'by road' },
  straight: { vi: 'đường chim bay', en: 'straight line' },
  none: { vi: 'không có', en: 'none' },
  checkpoints: { vi: 'Chốt kiểm soát gần nhất', en: 'Nearest checkpoints' },
  zones: { vi: 'Vùng cách ly trong hoặc gần khu vực', en: 'Quarantine zones at or near the station' },
  inForce: { vi: 'áp dụng ngày bầu cử', en: 'in force on election day' },
  notInForce: { vi: 'không áp dụng ngày bầu cử', en: 'not in force on election day' },
  inside: { vi: 'khu vực nằm trong vùng', en: 'station inside' },
  mobile: { vi: 'Hòm phiếu phụ: vùng phong tỏa, cơ sở cách ly trong phường', en: 'Mobile ballot box: lockdown and facility zones in the ward' },
  site: { vi: 'Bố trí tại khu vực', en: 'Site' },
  entrances: { vi: 'Lối vào, phân luồng', en: 'Entrances, flow' },
  booth: { vi: 'Buồng cách ly tạm thời', en: 'Isolation booth' },
  waiting: { vi: 'Khu vực chờ', en: 'Waiting area' },
  mobileNotes: { vi: 'Hòm phiếu phụ', en: 'Mobile ballot box' },
  notes: { vi: 'Ghi chú', en: 'Notes' },
  scenarios: { vi: 'Kịch bản xử lý tình huống', en: 'Scenarios and responses' },
  whoActs: { vi: 'Lực lượng xử lý', en: 'Who acts' },
  whomToCall: { vi: 'Liên hệ', en: 'Whom to call' },
  gaps: { vi: 'Tồn tại cần khắc phục', en: 'Gaps' },
  ready: { vi: 'Sẵn sàng', en: 'Ready' },
  incidents: { vi: 'Sự việc trong 7 ngày, bán kính 500 m', en: 'Incidents in 7 days within 500 m' },
  contents: { vi: 'MỤC LỤC', en: 'CONTENTS' },
  book: { vi: 'Kế hoạch các khu vực bỏ phiếu', en: 'Polling-station plans' },
  page: { vi: 'Trang', en: 'Page' },
  printed: { vi: 'In lúc', en: 'Printed' },
  route: { vi: 'Đường đến bệnh viện gần nhất', en: 'Route to the nearest hospital' },
};
const w = (k: keyof typeof W, lang: Lang) => W[k][lang];
const kindWord = (kind: string, lang: Lang) => VALUE_LABELS.facilities?.kind?.[kind]?.[lang] ?? kind;
const metres = (m: number) => (m >= 1000 ? `${(m / 1000).toFixed(1).replace('.', ',')} km` : `${Math.round(m)} m`);

type Doc = PDFKit.PDFDocument;

function newDoc(title: string, lang: Lang): Doc {
  const doc = new PDFDocument({ size: 'A4', margins: { top: P(24), bottom: P(18), left: P(MARGIN), right: P(MARGIN) }, autoFirstPage: false, bufferPages: true, lang: lang === 'vi' ? 'vi-VN' : 'en-GB', displayTitle: true, info: { Title: title, Author: 'opsmap', Creator: 'opsmap plans' } });
  registerFonts(doc);
  return doc;
}

async function finish(doc: Doc): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

/** Classification line at the top and bottom of every page, and page numbers. */
function stampPages(doc: Doc, lang: Lang, printedAt: string, firstNumbered = 0) {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const m = doc.page.margins;
    doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 }; // writing in the margins must not add a page
    doc.font(FONT.bold).fontSize(8).fillColor('#b71c1c');
    doc.text(CLASSIFICATION[lang], 0, P(8), { width: P(A4.w), align: 'center', lineBreak: false });
    doc.text(CLASSIFICATION[lang], 0, P(A4.h - 10), { width: P(A4.w), align: 'center', lineBreak: false });
    doc.font(FONT.regular).fontSize(7).fillColor('#424242');
    doc.text(`${w('printed', lang)}: ${printedAt}`, P(MARGIN), P(A4.h - 14), { lineBreak: false });
    if (i >= firstNumbered) doc.text(`${w('page', lang)} ${i + 1}/${range.count}`, P(A4.w - MARGIN - 40), P(A4.h - 14), { width: P(40), align: 'right', lineBreak: false });
    doc.page.margins = m;
  }
}

function heading(doc: Doc, text: string) {
  doc.moveDown(0.4).font(FONT.bold).fontSize(10.5).fillColor('#1a237e').text(text, P(MARGIN), undefined, { width: P(A4.w - 2 * MARGIN) });
  doc.font(FONT.regular).fontSize(9).fillColor('#212121');
}

function para(doc: Doc, text: string, opts: { bold?: boolean; size?: number; indent?: number; color?: string } = {}) {
  doc.font(opts.bold ? FONT.bold : FONT.regular).fontSize(opts.size ?? 9).fillColor(opts.color ?? '#212121').text(text, P(MARGIN + (opts.indent ?? 0)), undefined, { width: P(A4.w - 2 * MARGIN - (opts.indent ?? 0)) });
}

/** A small table, columns as fractions of the text width; rows wrap. */
function table(doc: Doc, head: string[], rows: string[][], widths: number[]) {
  const total = A4.w - 2 * MARGIN;
  const xs = widths.reduce<number[]>((a, f, i) => [...a, (a[i] ?? MARGIN) + f * total], [MARGIN]);
  const drawRow = (cells: string[], bold: boolean) => {
    doc.font(bold ? FONT.bold : FONT.regular).fontSize(8.5);
    const h = Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: P(widths[i] * total) - 4 })));
    if (doc.y + h + 4 > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    cells.forEach((c, i) => doc.fillColor('#212121').text(c, P(xs[i]) + 2, y + 2, { width: P(widths[i] * total) - 4 }));
    doc.save().moveTo(P(MARGIN), y + h + 4).lineTo(P(MARGIN + total), y + h + 4).lineWidth(0.3).stroke(bold ? '#424242' : '#bdbdbd').restore();
    doc.x = P(MARGIN);
    doc.y = y + h + 5;
  };
  drawRow(head, true);
  for (const r of rows) drawRow(r, false);
}

/** The features the plan map shows, read once for the map's extent. */
async function mapFeatures(store: Store, bbox: [number, number, number, number], stationId: number): Promise<Partial<Record<LayerId, Feature[]>>> {
  const read = async (l: LayerId) => (await store.features.list(l, { bbox, limit: 100_000 })).rows.map(rowToFeature) as unknown as Feature[];
  const [wards, zones, facilities, checkpoints, stations] = await Promise.all([read('wards'), read('quarantine-zones'), read('facilities'), read('checkpoints'), read('polling-stations')]);
  return { wards, 'quarantine-zones': zones, facilities, checkpoints, 'polling-stations': stations.filter((s) => Number(s.id) === stationId) };
}

async function drawPlanMap(doc: Doc, store: Store, plan: PlanDocument, lang: Lang) {
  const c = plan.derived.station.coordinates;
  const view = createMapView([c[0], c[1]], MAP_SCALE, MAP);
  const bbox = viewBBox(view);
  const [roads, features] = await Promise.all([store.reference.read('roads', bbox), mapFeatures(store, bbox, plan.station_id)]);
  const route = plan.derived.facilities.hospital?.route;
  drawMapBody(doc, view, features, lang, () => {
    if (!route) return;
    doc.save();
    route.forEach((p, i) => {
      const [x, y] = toPage(view, p[0], p[1]);
      if (i === 0) doc.moveTo(P(x), P(y));
      else doc.lineTo(P(x), P(y));
    });
    doc.lineWidth(2.2).dash(5, { space: 2.5 }).strokeOpacity(0.9).stroke('#c62828').undash();
    doc.restore();
  }, roads.length ? { roads, pois: [] } : undefined);
  drawFrame(doc, view);
  drawNorthArrow(doc, MAP.x + MAP.w - 8, MAP.y + 2, lang);
  drawScaleBar(doc, MAP.x + 3, MAP.y + MAP.h - 7, 50, MAP_SCALE);
  doc.font(FONT.regular).fontSize(8).fillColor('#212121');
  doc.text(`1:${MAP_SCALE.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB')}${route ? ` — ${w('route', lang)} (${metres(plan.derived.facilities.hospital!.distance_m)})` : ''}`, P(MAP.x), P(MAP.y + MAP.h + 1.5), { width: P(MAP.w) });
}

/** One station's pages in `doc`; returns the index of its first page. */
export async function drawStationPlan(doc: Doc, store: Store, plan: PlanDocument, lang: Lang): Promise<number> {
  doc.addPage();
  const first = doc.bufferedPageRange().start + doc.bufferedPageRange().count - 1;
  const d = plan.derived;
  const wp = plan.written;
  doc.font(FONT.bold).fontSize(11).fillColor('#1a237e').text(w('title', lang), P(MARGIN), P(13), { width: P(A4.w - 2 * MARGIN) });
  doc.font(FONT.bold).fontSize(12.5).fillColor('#212121').text(`${d.station.code ?? ''} — ${d.station.name}`, P(MARGIN), P(19), { width: P(A4.w - 2 * MARGIN), lineBreak: false, ellipsis: true });
  doc.font(FONT.regular).fontSize(8.5).fillColor('#424242').text(
    [d.station.address, d.ward ? `${w('ward', lang)} ${d.ward.name}${d.ward.district ? `, ${d.ward.district}` : ''}` : null, `${w('voters', lang)}: ${d.voters.toLocaleString('vi-VN')}`, `${w('election', lang)}: ${d.election_date}`].filter(Boolean).join(' · '),
    P(MARGIN), P(25), { width: P(A4.w - 2 * MARGIN), lineBreak: false, ellipsis: true },
  );
  await drawPlanMap(doc, store, plan, lang);
  doc.x = P(MARGIN);
  doc.y = P(MAP.y + MAP.h + 6);

  const status = wp.status === 'approved' ? `${w('approved', lang)} ${w('by', lang)} ${wp.approved_by ?? '?'} (${wp.approved_at ? formatPrintedAt(new Date(wp.approved_at), lang) : ''})` : w('draft', lang);
  para(doc, `${w('status', lang)}: ${status}`, { bold: true, color: wp.status === 'approved' ? '#1b5e20' : '#b71c1c' });
  const gaps = plan.readiness.gaps;
  para(doc, `${w('gaps', lang)}: ${gaps.length ? gaps.map((g) => `${GAP_WORDS[g.code][lang]} (${g.detail})`).join('; ') : w('ready', lang)}`, { size: 8.5 });

  heading(doc, w('forces', lang));
  if (wp.forces.length) table(doc, [w('unit', lang), w('leader', lang), w('phone', lang), w('people', lang), w('shift', lang)], wp.forces.map((f) => [f.unit, f.leader, f.phone, String(f.headcount), f.shift]), [0.32, 0.22, 0.18, 0.1, 0.18]);
  else para(doc, w('noForces', lang), { color: '#b71c1c' });

  heading(doc, `${w('contacts', lang)} (${d.distance_method === 'road' ? w('byRoad', lang) : w('straight', lang)})`);
  table(
    doc,
    ['', w('unit', lang), w('phone', lang), ''],
    (Object.keys(FACILITY_NEEDS) as FacilityNeed[]).map((need) => {
      const f = d.facilities[need];
      const label = kindWord(need === 'hospital' ? 'hospital' : need, lang) + (need === 'hospital' ? ` / ${kindWord('clinic', lang)}` : '');
      return f ? [label, `${f.name}${f.address ? `, ${f.address}` : ''}`, f.phone ?? '', `${metres(f.distance_m)} ${f.method === 'road' ? w('byRoad', lang) : w('straight', lang)}`] : [label, w('none', lang), '', ''];
    }),
    [0.2, 0.45, 0.15, 0.2],
  );
  if (d.checkpoints.length) para(doc, `${w('checkpoints', lang)}: ${d.checkpoints.map((c) => `${c.name} (${metres(c.distance_m)})`).join('; ')}`, { size: 8.5 });
  if (d.zones.length) {
    heading(doc, w('zones', lang));
    for (const z of d.zones) para(doc, `• ${z.name} — ${VALUE_LABELS['quarantine-zones']?.level?.[z.level]?.[lang] ?? z.level}, ${z.inside ? w('inside', lang) : metres(z.distance_m)}, ${z.in_force_on_election_day ? w('inForce', lang) : w('notInForce', lang)} (${z.starts_on ?? ''} – ${z.ends_on ?? ''})`, { size: 8.5 });
  }
  if (d.mobile_box_zones.length) {
    heading(doc, w('mobile', lang));
    for (const z of d.mobile_box_zones) para(doc, `• ${z.name}${z.people ? ` — ${z.people} ${lang === 'vi' ? 'người' : 'people'}` : ''}`, { size: 8.5 });
  }
  if (d.incidents.length) para(doc, `${w('incidents', lang)}: ${d.incidents.length}`, { size: 8.5 });

  const site = [[w('entrances', lang), wp.entrances], [w('booth', lang), wp.isolation_booth], [w('waiting', lang), wp.waiting_area], [w('mobileNotes', lang), wp.mobile_box], [w('notes', lang), wp.notes]].filter(([, v]) => v);
  if (site.length) {
    heading(doc, w('site', lang));
    for (const [k, v] of site) para(doc, `${k}: ${v}`, { size: 8.5 });
  }

  heading(doc, w('scenarios', lang));
  wp.scenarios.forEach((s, i) => {
    const title = s.title || scenarioDefault(s.id)?.title[lang] || s.id;
    if (doc.y > doc.page.height - doc.page.margins.bottom - P(20)) doc.addPage();
    para(doc, `${i + 1}. ${title}`, { bold: true, size: 9 });
    if (s.response) para(doc, s.response, { size: 8.5, indent: 4 });
    const who = [s.who_acts && `${w('whoActs', lang)}: ${s.who_acts}`, s.whom_to_call && `${w('whomToCall', lang)}: ${s.whom_to_call}`].filter(Boolean).join(' — ');
    if (who) para(doc, who, { size: 8, indent: 4, color: '#37474f' });
  });
  return first;
}

export async function renderPlanPdf(store: Store, stationId: number, lang: Lang, now = new Date()): Promise<Buffer> {
  const plan = await planOf(store, stationId);
  const doc = newDoc(`${w('title', lang)} — ${plan.derived.station.name}`, lang);
  await drawStationPlan(doc, store, plan, lang);
  stampPages(doc, lang, formatPrintedAt(now, lang));
  return finish(doc);
}

const PER_CONTENTS_PAGE = 40;

/**
 * Every station of a ward or district, a contents page first. The plans are derived from one read
 * of the layers for the whole book, within a work budget checked before it (server/plans/service.ts).
 */
export async function renderPlanBook(store: Store, filter: StationFilter, lang: Lang, now = new Date(), budget = Infinity): Promise<Buffer> {
  const plans = await bookPlans(store, filter, budget);
  const rows = plans.map((p) => ({ ...p.readiness, plan: p }));
  rows.sort((a, b) => String(a.ward_name ?? '').localeCompare(String(b.ward_name ?? ''), 'vi') || String(a.code).localeCompare(String(b.code), 'vi'));
  const title = `${w('book', lang)} — ${filter.district ?? filter.ward_code ?? ''}`;
  const doc = newDoc(title, lang);
  const contentsPages = Math.max(1, Math.ceil(rows.length / PER_CONTENTS_PAGE));
  for (let i = 0; i < contentsPages; i++) doc.addPage();
  const starts: number[] = [];
  for (const r of rows) {
    starts.push(await drawStationPlan(doc, store, r.plan, lang));
    await new Promise((res) => setImmediate(res));
  }
  rows.forEach((r, i) => {
    doc.switchToPage(Math.floor(i / PER_CONTENTS_PAGE));
    if (i % PER_CONTENTS_PAGE === 0) {
      doc.font(FONT.bold).fontSize(14).fillColor('#1a237e').text(w('contents', lang), P(MARGIN), P(16));
      doc.font(FONT.regular).fontSize(10).fillColor('#212121').text(title, P(MARGIN), P(23));
    }
    const y = P(32 + (i % PER_CONTENTS_PAGE) * 6);
    doc.font(FONT.regular).fontSize(9).fillColor('#212121');
    doc.text(`${r.code ?? ''}  ${r.name}`, P(MARGIN), y, { width: P(A4.w - 2 * MARGIN - 40), lineBreak: false, ellipsis: true });
    doc.text(`${r.ward_name ?? ''}   ${starts[i] + 1}`, P(A4.w - MARGIN - 40), y, { width: P(40), align: 'right', lineBreak: false });
  });
  stampPages(doc, lang, formatPrintedAt(now, lang));
  return finish(doc);
}
