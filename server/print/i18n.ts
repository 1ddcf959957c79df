/** Words printed on the page furniture, in the two languages of the app. */
import { COMMON } from '../../core/i18n/common.ts';
import { locale, type Lang } from '../../core/i18n/lang.ts';
import { HANOI_TIME_ZONE } from '../../core/time/hanoi-day.ts';

// Same shape as the client's words (client/src/lib/i18n): one object per language, the words
// both print and screen use (legend, scale, ward, station) taken from core/i18n/common.ts.
const vi = {
  ...COMMON.vi,
  printed: 'In lúc',
  north: 'B',
  page: 'Trang',
  areaMap: 'Bản đồ khu vực',
  atlasTitle: 'Tập bản đồ phường, xã',
  source: 'Nguồn dữ liệu: cơ sở dữ liệu opsmap (chốt, vùng cách ly, khu vực bỏ phiếu, sự việc, ranh giới phường)',
  streets: 'nền đường phố',
  projection: 'WGS 84; phép chiếu Transverse Mercator tâm tờ bản đồ (đúng tỉ lệ)',
  gridLatLon: 'Lưới kinh vĩ độ',
  gridUtm: 'Lưới UTM múi 48N (km)',
  rings: 'Vòng bán kính quanh vùng',
  overview: 'Vị trí trang',
  tableTitle: 'Danh sách chốt kiểm soát và khu vực bỏ phiếu',
  colNo: 'STT',
  colName: 'Tên',
  colKind: 'Loại',
  colStatus: 'Trạng thái',
  colStaff: 'Cán bộ',
  colRef: 'Ô lưới',
  colUtm: 'UTM 48N (E, N)',
  noRows: 'Không có chốt hoặc khu vực bỏ phiếu trong khu vực.',
  refNote: 'Ô lưới: cột chữ, hàng số ở mép khung bản đồ',
};

const en: typeof vi = {
  ...COMMON.en,
  printed: 'Printed',
  north: 'N',
  page: 'Page',
  areaMap: 'Area map',
  atlasTitle: 'Ward atlas',
  source: 'Data: opsmap database (checkpoints, quarantine zones, polling stations, incidents, ward boundaries)',
  streets: 'streets',
  projection: 'WGS 84; Transverse Mercator centred on the sheet (true to scale)',
  gridLatLon: 'Latitude/longitude grid',
  gridUtm: 'UTM zone 48N grid (km)',
  rings: 'Rings around the zone',
  overview: 'Page location',
  tableTitle: 'Checkpoints and polling stations',
  colNo: 'No.',
  colName: 'Name',
  colKind: 'Kind',
  colStatus: 'Status',
  colStaff: 'Staff',
  colRef: 'Map ref.',
  colUtm: 'UTM 48N (E, N)',
  noRows: 'No checkpoints or polling stations in the area.',
  refNote: 'Map ref.: lettered columns, numbered rows on the map frame',
};

const WORDS: Record<Lang, typeof vi> = { vi, en };

export type Word = keyof typeof vi;
export const t = (w: Word, lang: Lang): string => WORDS[lang][w];

/** Date and time in Hanoi, as printed in the footer: "12/05/2021 08:30 (GMT+7)". */
export function formatPrintedAt(d: Date, lang: Lang): string {
  const s = new Intl.DateTimeFormat(locale(lang), {
    timeZone: HANOI_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  })
    .formatToParts(d)
    .reduce<Record<string, string>>((a, p) => ((a[p.type] = p.value), a), {});
  return `${s.day}/${s.month}/${s.year} ${s.hour}:${s.minute} (GMT+7)`;
}
