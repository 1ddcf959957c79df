/** The two languages of opsmap, Vietnamese first, and the locale each writes numbers and dates in. */
export type Lang = 'vi' | 'en';

export const LANGS: readonly Lang[] = ['vi', 'en'];

/** The BCP 47 locale for Intl and toLocaleString: "1.234,5" in Vietnamese, "1,234.5" in English. */
export const locale = (lang: Lang): string => (lang === 'vi' ? 'vi-VN' : 'en-GB');
