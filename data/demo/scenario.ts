/**
 * The planted story of the demo: where the outbreak is, which zones were declared, which roads
 * and markets see more incidents. Everything here is fictitious; place names are used only to
 * make the scenario read naturally. Positions are hand-placed and rounded.
 */
import { M_PER_DEG_LAT, M_PER_DEG_LON, type Pt } from './geometry.ts';

/** Shown in the README and in collection descriptions wherever demo data is served. */
export const DEMO_NOTICE = {
  vi: 'Dữ liệu minh họa do máy tạo ra: tên và mã phường là thật, nhưng ranh giới phường, quận chỉ là hình gần đúng được sinh tự động, không phải ranh giới chính thức; mọi chốt kiểm soát, vùng cách ly, khu vực bỏ phiếu và sự việc đều là giả định. Không dùng cho công việc thực tế.',
  en: 'Machine-generated demo data: ward names and codes are real, but ward and district boundaries are approximate shapes generated automatically, not the official boundaries; all checkpoints, quarantine zones, polling stations and incidents are fictitious. Not for operational use.',
} as const;

export const ELECTION_DATE = '2021-05-23';

/** Centre of the main outbreak (a residential block in Cổ Nhuế 2) and of the later one in Đông Ngạc. */
export const OUTBREAK = { centre: [105.7765, 21.0645] as Pt, firstDay: 8, peakDay: 22, cases: 330 };
export const SECOND_OUTBREAK = { centre: [105.783, 21.088] as Pt, firstDay: 17, cases: 80 };

export interface ZonePlan {
  name: string;
  level: 'lockdown' | 'facility' | 'buffer';
  status: 'planned' | 'active' | 'lifted';
  starts_on: string;
  ends_on: string | null;
  reason: string;
  people: number;
  centre: Pt;
  /** Outline as [east, north] metre offsets from the centre, counter-clockwise. */
  outline: readonly (readonly [number, number])[];
  /** A hole in the outline: the index of another zone whose outline is cut out (buffer rings). */
  holeOf?: number;
}

/** An octagon of radius r metres, counter-clockwise; literal cos/sin keep the output portable. */
const octagon = (r: number): [number, number][] =>
  [[1, 0], [0.7071, 0.7071], [0, 1], [-0.7071, 0.7071], [-1, 0], [-0.7071, -0.7071], [0, -1], [0.7071, -0.7071]].map(
    ([c, s]) => [Math.round(r * c), Math.round(r * s)],
  );

export const ZONES: readonly ZonePlan[] = [
  {
    name: 'Phong tỏa khu dân cư tổ dân phố 9, phường Cổ Nhuế 2',
    level: 'lockdown', status: 'active', starts_on: '2021-05-11', ends_on: '2021-05-25',
    reason: 'BN 3571 và các F1 trong khu dân cư', people: 2140,
    centre: OUTBREAK.centre,
    outline: [[-170, -140], [60, -160], [190, -120], [170, 60], [120, 150], [-90, 170], [-190, 40]],
  },
  {
    name: 'Vùng đệm quanh khu phong tỏa tổ dân phố 9, Cổ Nhuế 2',
    level: 'buffer', status: 'active', starts_on: '2021-05-11', ends_on: '2021-05-25',
    reason: 'Vùng đệm giám sát quanh khu phong tỏa (BN 3571)', people: 6800,
    centre: OUTBREAK.centre, outline: octagon(480), holeOf: 0,
  },
  {
    name: 'Khu cách ly tập trung – ký túc xá, phường Xuân Phương',
    level: 'facility', status: 'active', starts_on: '2021-05-05', ends_on: '2021-05-31',
    reason: 'Cách ly tập trung F1 trong 21 ngày', people: 420,
    centre: [105.752, 21.028],
    outline: [[-110, -70], [110, -70], [110, 70], [-110, 70]],
  },
  {
    name: 'Phong tỏa tòa nhà chung cư khu đô thị, phường Tây Mỗ',
    level: 'lockdown', status: 'lifted', starts_on: '2021-05-03', ends_on: '2021-05-17',
    reason: 'BN 3140 cư trú tại tòa nhà', people: 860,
    centre: [105.7455, 21.0075],
    outline: [[-60, -45], [60, -45], [60, 45], [-60, 45]],
  },
  {
    name: 'Phong tỏa ngõ 12, tổ dân phố 3, phường Đông Ngạc',
    level: 'lockdown', status: 'active', starts_on: '2021-05-19', ends_on: '2021-05-31',
    reason: 'BN 4367 (F1 của BN 3571) dương tính', people: 640,
    centre: SECOND_OUTBREAK.centre,
    outline: [[-120, -60], [40, -90], [130, -20], [90, 80], [-100, 70]],
  },
  {
    name: 'Dự kiến phong tỏa khu nhà trọ công nhân, phường Minh Khai',
    level: 'lockdown', status: 'planned', starts_on: '2021-05-24', ends_on: '2021-05-31',
    reason: 'Chờ kết quả xét nghiệm lần 2 của các F1', people: 380,
    centre: [105.748, 21.065],
    outline: [[-80, -60], [80, -60], [90, 50], [-70, 70]],
  },
];

/** Polling stations placed on purpose near active lockdowns: conflicts the planner must find. */
export const PLANTED_STATIONS: readonly { wardCode: string; at: Pt; venue: string }[] = [
  { wardCode: '00617', at: [105.7765 + 330 / M_PER_DEG_LON, 21.0645 + 40 / M_PER_DEG_LAT], venue: 'Nhà văn hóa tổ dân phố 9' },
  { wardCode: '00601', at: [105.783 - 40 / M_PER_DEG_LON, 21.088 - 190 / M_PER_DEG_LAT], venue: 'Nhà văn hóa tổ dân phố 3' },
];

/** Main roads that see a traffic cluster (hand-drawn, rounded). */
export const CORRIDORS: readonly { name: string; line: Pt[]; incidents: number }[] = [
  { name: 'Phạm Văn Đồng', line: [[105.7825, 21.048], [105.7835, 21.06], [105.7855, 21.072], [105.7875, 21.085]], incidents: 340 },
  { name: 'Đại lộ Thăng Long', line: [[105.736, 21.0065], [105.75, 21.0075], [105.77, 21.0085], [105.783, 21.0095]], incidents: 150 },
];

/** Markets with evening public-order trouble. */
export const MARKETS: readonly { name: string; at: Pt; incidents: number }[] = [
  { name: 'chợ Nhổn', at: [105.7395, 21.0505], incidents: 170 },
  { name: 'chợ Xuân Đỉnh', at: [105.7905, 21.072], incidents: 120 },
];

/** Uniform background incidents over both districts. */
export const BACKGROUND_INCIDENTS = 1700;
/** Quarantine violations around the main lockdown (people leaving, visitors, gatherings). */
export const BREACHES = 150;

export const VIOLATIONS: readonly { text: string; fine: readonly number[]; weight: number }[] = [
  { text: 'Không đeo khẩu trang nơi công cộng', fine: [1_000_000, 2_000_000], weight: 50 },
  { text: 'Tụ tập quá số người quy định', fine: [500_000, 1_000_000], weight: 12 },
  { text: 'Vứt khẩu trang đã qua sử dụng không đúng nơi quy định', fine: [200_000, 300_000], weight: 8 },
  { text: 'Kinh doanh dịch vụ không thiết yếu trong thời gian tạm dừng', fine: [1_000_000, 2_000_000], weight: 12 },
  { text: 'Không khai báo y tế theo yêu cầu', fine: [500_000, 1_000_000], weight: 10 },
  { text: 'Không chấp hành yêu cầu giãn cách tại nơi bán hàng', fine: [300_000, 500_000], weight: 8 },
];

export const BREACH_TEXTS = [
  'Ra khỏi khu vực phong tỏa không được phép',
  'Tự ý vào khu vực phong tỏa thăm người thân',
  'Chuyển đồ vào khu phong tỏa không qua kiểm soát',
  'Tụ tập tại khu vực giáp ranh vùng phong tỏa',
] as const;

export const CASE_TEXTS = [
  'Ca dương tính SARS-CoV-2 mới',
  'Ca dương tính là F1 đang cách ly tại nhà',
  'Ca dương tính phát hiện qua sàng lọc cộng đồng',
  'Ca dương tính có triệu chứng sốt, ho',
] as const;

export const OUTBREAK_CASE_TEXTS = [
  'Ca dương tính liên quan BN 3571, trong khu phong tỏa',
  'F1 của BN 3571 dương tính lần 2',
  'Ca dương tính phát hiện khi xét nghiệm diện rộng khu dân cư',
  'Ca dương tính là người nhà F0 trong ổ dịch',
] as const;

export const PUBLIC_ORDER_TEXTS = [
  'Gây rối trật tự công cộng',
  'Xô xát giữa người bán hàng',
  'Tụ tập gây ồn ào ban đêm',
  'Đánh bạc tại quán nước',
  'Trộm cắp tài sản',
  'Lấn chiếm vỉa hè, lòng đường buôn bán',
] as const;

export const TRAFFIC_TEXTS = [
  'Va chạm giữa xe máy và ô tô',
  'Va chạm giữa hai xe máy',
  'Ùn tắc kéo dài tại nút giao',
  'Xe tải va chạm dải phân cách',
  'Người đi bộ bị xe máy va quệt',
  'Đỗ xe sai quy định gây cản trở giao thông',
] as const;

/** Relative frequency by hour of day (0–23), per category. */
export const HOURS: Record<'epidemic_case' | 'violation' | 'public_order' | 'traffic', readonly number[]> = {
  epidemic_case: [1, 1, 1, 1, 1, 2, 6, 5, 4, 4, 4, 5, 6, 4, 4, 4, 4, 5, 6, 5, 4, 3, 2, 1],
  violation: [0, 0, 0, 0, 0, 1, 3, 6, 8, 8, 7, 6, 5, 5, 6, 7, 8, 8, 7, 6, 4, 2, 1, 0],
  public_order: [3, 2, 1, 1, 0, 0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 4, 5, 7, 9, 10, 9, 7, 5],
  traffic: [1, 0, 0, 0, 1, 2, 6, 12, 10, 5, 4, 4, 5, 4, 4, 5, 8, 12, 11, 6, 4, 3, 2, 1],
};
