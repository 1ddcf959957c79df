/** UI words in Vietnamese and English. Layer and value names come from core (layers.ts, style/labels.ts). */
import { plannerEn, plannerVi } from '../panels/editor/words.ts';

export const vi = {
  appTitle: 'Bản đồ tác chiến',
  layers: 'Lớp bản đồ',
  legend: 'Chú giải',
  search: 'Tìm phường, chốt, khu vực bỏ phiếu…',
  searchLabel: 'Tìm kiếm',
  noResults: 'Không tìm thấy',
  details: 'Thông tin',
  close: 'Đóng',
  language: 'Ngôn ngữ',
  loading: 'Đang tải…',
  loadFailed: 'Không tải được dữ liệu',
  features: 'đối tượng',
  updatedAt: 'Cập nhật',
  version: 'Phiên bản',
  yes: 'Có',
  no: 'Không',
  ward: 'Phường, xã',
  checkpoint: 'Chốt kiểm soát',
  station: 'Khu vực bỏ phiếu',
  ...plannerVi,
};

export type Dictionary = typeof vi;

export const en: Dictionary = {
  appTitle: 'Operations map',
  layers: 'Layers',
  legend: 'Legend',
  search: 'Find a ward, checkpoint, polling station…',
  searchLabel: 'Search',
  noResults: 'Nothing found',
  details: 'Details',
  close: 'Close',
  language: 'Language',
  loading: 'Loading…',
  loadFailed: 'Could not load the data',
  features: 'features',
  updatedAt: 'Updated',
  version: 'Version',
  yes: 'Yes',
  no: 'No',
  ward: 'Ward',
  checkpoint: 'Checkpoint',
  station: 'Polling station',
  ...plannerEn,
};
