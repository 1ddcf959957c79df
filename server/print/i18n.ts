/** Words printed on the page furniture, in the two languages of the app. */
import type { Lang } from '../../core/style/rules.ts';
import { HANOI_TIME_ZONE } from '../../core/time/hanoi-day.ts';

const WORDS = {
  legend: { vi: 'Chú giải', en: 'Legend' },
  scale: { vi: 'Tỉ lệ', en: 'Scale' },
  printed: { vi: 'In lúc', en: 'Printed' },
  north: { vi: 'B', en: 'N' },
  page: { vi: 'Trang', en: 'Page' },
  areaMap: { vi: 'Bản đồ khu vực', en: 'Area map' },
  atlasTitle: { vi: 'Tập bản đồ phường, xã', en: 'Ward atlas' },
  source: {
    vi: 'Nguồn dữ liệu: cơ sở dữ liệu opsmap (chốt, vùng cách ly, khu vực bỏ phiếu, sự việc, ranh giới phường)',
    en: 'Data: opsmap database (checkpoints, quarantine zones, polling stations, incidents, ward boundaries)',
  },
  streets: { vi: 'nền đường phố', en: 'streets' },
  projection: {
    vi: 'WGS 84; phép chiếu Transverse Mercator tâm tờ bản đồ (đúng tỉ lệ)',
    en: 'WGS 84; Transverse Mercator centred on the sheet (true to scale)',
  },
  gridLatLon: { vi: 'Lưới kinh vĩ độ', en: 'Latitude/longitude grid' },
  gridUtm: { vi: 'Lưới UTM múi 48N (km)', en: 'UTM zone 48N grid (km)' },
  rings: { vi: 'Vòng bán kính quanh vùng', en: 'Rings around the zone' },
  overview: { vi: 'Vị trí trang', en: 'Page location' },
  tableTitle: { vi: 'Danh sách chốt kiểm soát và khu vực bỏ phiếu', en: 'Checkpoints and polling stations' },
  colNo: { vi: 'STT', en: 'No.' },
  colWard: { vi: 'Phường, xã', en: 'Ward' },
  colName: { vi: 'Tên', en: 'Name' },
  colKind: { vi: 'Loại', en: 'Kind' },
  colStatus: { vi: 'Trạng thái', en: 'Status' },
  colStaff: { vi: 'Cán bộ', en: 'Staff' },
  colRef: { vi: 'Ô lưới', en: 'Map ref.' },
  colUtm: { vi: 'UTM 48N (E, N)', en: 'UTM 48N (E, N)' },
  stationKind: { vi: 'Khu vực bỏ phiếu', en: 'Polling station' },
  noRows: { vi: 'Không có chốt hoặc khu vực bỏ phiếu trong khu vực.', en: 'No checkpoints or polling stations in the area.' },
  refNote: { vi: 'Ô lưới: cột chữ, hàng số ở mép khung bản đồ', en: 'Map ref.: lettered columns, numbered rows on the map frame' },
} as const;

export type Word = keyof typeof WORDS;
export const t = (w: Word, lang: Lang): string => WORDS[w][lang];

/** Date and time in Hanoi, as printed in the footer: "12/05/2021 08:30 (GMT+7)". */
export function formatPrintedAt(d: Date, lang: Lang): string {
  const s = new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
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
