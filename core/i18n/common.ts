/**
 * Words both the screen (client/src/lib/i18n) and the printed map (server/print/i18n.ts) use,
 * written once so the legend on screen and on paper say the same thing.
 */
import type { Lang } from './lang.ts';

const vi = {
  legend: 'Chú giải',
  scale: 'Tỉ lệ',
  ward: 'Phường, xã',
  station: 'Khu vực bỏ phiếu',
};

export type CommonWords = typeof vi;

const en: CommonWords = {
  legend: 'Legend',
  scale: 'Scale',
  ward: 'Ward',
  station: 'Polling station',
};

export const COMMON: Record<Lang, CommonWords> = { vi, en };
