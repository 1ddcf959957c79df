/** Numbers and days as a Vietnamese or English reader writes them. */
import { locale, type Lang } from '../../../../core/i18n/lang.ts';

/** 2021-05-23 → "23/05/2021" (vi) or "23 May 2021" (en); short drops the year. */
export function formatDay(day: string, lang: Lang, short = false): string {
  const d = new Date(`${day}T00:00:00Z`);
  const opts: Intl.DateTimeFormatOptions = lang === 'vi' ? { day: '2-digit', month: '2-digit', timeZone: 'UTC' } : { day: 'numeric', month: 'short', timeZone: 'UTC' };
  if (!short) opts.year = 'numeric';
  return d.toLocaleDateString(locale(lang), opts);
}

export function formatNumber(v: number, lang: Lang, digits = 0): string {
  return v.toLocaleString(locale(lang), { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** A p-value as a reader expects: "< 0,001" rather than 1.2e-12. */
export function formatP(p: number, lang: Lang): string {
  if (p < 0.001) return `< ${formatNumber(0.001, lang, 3)}`;
  return formatNumber(p, lang, 3);
}

/** +25 %, −10 %, 0 %. */
export function formatChange(pct: number, lang: Lang): string {
  const r = Math.round(pct);
  return `${r > 0 ? '+' : r < 0 ? '−' : ''}${formatNumber(Math.abs(r), lang)} %`;
}

/** A fixed number of decimals (z-scores: 2.40, not 2.4), with the decimal comma in Vietnamese. */
export function formatFixed(v: number, digits: number, lang: Lang): string {
  const t = v.toFixed(digits).replace('-', '−');
  return lang === 'vi' ? t.replace('.', ',') : t;
}
