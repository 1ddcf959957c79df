/** Times and distances as the plan panels show them: Hanoi wall-clock time, metres or kilometres. */
import { locale, type Lang } from '../../../../core/i18n/lang.ts';
import { HANOI_TIME_ZONE } from '../../../../core/time/hanoi-day.ts';
import { formatNumber } from '../../lib/i18n/format.ts';

/** 2021-05-20T01:00:00Z → "08:00 20/05/2021" (vi) or "20 May 2021, 08:00" (en), Hanoi time. */
export function hanoiTime(iso: string | null | undefined, lang: Lang, withDay = true): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(locale(lang), { timeZone: HANOI_TIME_ZONE, hour: '2-digit', minute: '2-digit', hour12: false, ...(withDay ? { day: '2-digit', month: '2-digit', year: 'numeric' } : {}) });
}

/** 740 → "740 m", 2150 → "2,2 km" (vi) / "2.2 km" (en). */
export function distance(m: number | null | undefined, lang: Lang): string {
  if (m === null || m === undefined) return '—';
  return m < 1000 ? `${formatNumber(Math.round(m), lang)} m` : `${formatNumber(m / 1000, lang, 1)} km`;
}

export function percent(v: number | null | undefined, lang: Lang): string {
  return v === null || v === undefined ? '—' : `${formatNumber(v * 100, lang, 1)} %`;
}
