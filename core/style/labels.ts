/**
 * Words for the coded values of the layer contract (kinds, statuses, levels, categories), in
 * Vietnamese and English. The legend, the map labels, the feature details and the print all
 * name a value the same way.
 */
import type { LayerId } from '../layers.ts';
import type { Lang } from './rules.ts';

type Words = Record<string, { vi: string; en: string }>;

export const VALUE_LABELS: Partial<Record<LayerId, Record<string, Words>>> = {
  checkpoints: {
    kind: {
      epidemic: { vi: 'Phòng chống dịch', en: 'Epidemic control' },
      security: { vi: 'An ninh', en: 'Security' },
      traffic: { vi: 'Giao thông', en: 'Traffic' },
    },
    status: {
      planned: { vi: 'Dự kiến', en: 'Planned' },
      active: { vi: 'Đang hoạt động', en: 'Active' },
      closed: { vi: 'Đã đóng', en: 'Closed' },
    },
  },
  'quarantine-zones': {
    level: {
      lockdown: { vi: 'Phong tỏa', en: 'Lockdown' },
      facility: { vi: 'Cơ sở cách ly', en: 'Quarantine facility' },
      buffer: { vi: 'Vùng đệm', en: 'Buffer' },
    },
    status: {
      planned: { vi: 'Dự kiến', en: 'Planned' },
      active: { vi: 'Đang áp dụng', en: 'Active' },
      lifted: { vi: 'Đã dỡ bỏ', en: 'Lifted' },
    },
  },
  facilities: {
    kind: {
      hospital: { vi: 'Bệnh viện', en: 'Hospital' },
      clinic: { vi: 'Phòng khám', en: 'Clinic' },
      health_station: { vi: 'Trạm y tế', en: 'Health station' },
      police: { vi: 'Công an', en: 'Police' },
      fire_station: { vi: 'Phòng cháy chữa cháy', en: 'Fire station' },
      isolation_facility: { vi: 'Khu cách ly tập trung', en: 'Isolation facility' },
    },
  },
  incidents: {
    category: {
      epidemic_case: { vi: 'Ca bệnh', en: 'Epidemic case' },
      violation: { vi: 'Vi phạm', en: 'Violation' },
      public_order: { vi: 'Trật tự công cộng', en: 'Public order' },
      traffic: { vi: 'Giao thông', en: 'Traffic' },
    },
    severity: {
      '1': { vi: 'Nhẹ', en: 'Minor' },
      '2': { vi: 'Trung bình', en: 'Moderate' },
      '3': { vi: 'Nghiêm trọng', en: 'Serious' },
    },
  },
};

/** The word for a coded value, or the value itself when it is free text (a name, a note). */
export function valueLabel(layer: LayerId, prop: string, value: unknown, lang: Lang): string {
  const w = VALUE_LABELS[layer]?.[prop]?.[String(value)];
  return w ? w[lang] : value === null || value === undefined ? '' : String(value);
}

/** Names of the properties themselves, for forms and the details panel. */
export const PROPERTY_LABELS: Record<string, { vi: string; en: string }> = {
  code: { vi: 'Mã', en: 'Code' },
  name: { vi: 'Tên', en: 'Name' },
  district: { vi: 'Quận, huyện', en: 'District' },
  province: { vi: 'Tỉnh, thành phố', en: 'Province' },
  population: { vi: 'Dân số', en: 'Population' },
  kind: { vi: 'Loại', en: 'Kind' },
  status: { vi: 'Trạng thái', en: 'Status' },
  staff: { vi: 'Số cán bộ', en: 'Staff' },
  hours: { vi: 'Giờ hoạt động', en: 'Hours' },
  notes: { vi: 'Ghi chú', en: 'Notes' },
  active_from: { vi: 'Hoạt động từ', en: 'Active from' },
  active_to: { vi: 'Hoạt động đến', en: 'Active to' },
  level: { vi: 'Mức độ', en: 'Level' },
  starts_on: { vi: 'Bắt đầu', en: 'Starts on' },
  ends_on: { vi: 'Kết thúc', en: 'Ends on' },
  reason: { vi: 'Lý do', en: 'Reason' },
  people: { vi: 'Số người', en: 'People' },
  address: { vi: 'Địa chỉ', en: 'Address' },
  voters: { vi: 'Số cử tri', en: 'Voters' },
  election_date: { vi: 'Ngày bầu cử', en: 'Election date' },
  category: { vi: 'Loại sự việc', en: 'Category' },
  occurred_at: { vi: 'Thời điểm', en: 'Occurred at' },
  severity: { vi: 'Mức độ nghiêm trọng', en: 'Severity' },
  fine_vnd: { vi: 'Tiền phạt (VNĐ)', en: 'Fine (VND)' },
  description: { vi: 'Mô tả', en: 'Description' },
  ward_code: { vi: 'Phường, xã', en: 'Ward' },
  phone: { vi: 'Điện thoại', en: 'Phone' },
  station_id: { vi: 'Khu vực bỏ phiếu', en: 'Polling station' },
  beds: { vi: 'Số giường', en: 'Beds' },
  on_border: { vi: 'Trên ranh giới', en: 'On a border' },
};

export function propertyLabel(prop: string, lang: Lang): string {
  return PROPERTY_LABELS[prop]?.[lang] ?? prop;
}
