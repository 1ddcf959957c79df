import { describe, expect, it } from 'vitest';
import { COMMON } from '../../../../core/i18n/common.ts';
import { translate, WORDS, type WordKey } from './translate.ts';

describe('translate', () => {
  it('says a plain word in each language', () => {
    expect(translate('vi', 'close')).toBe('Đóng');
    expect(translate('en', 'close')).toBe('Close');
  });

  it('fills in the figures of a word that takes them', () => {
    expect(translate('vi', 'commander.days', 1)).toBe('1 ngày');
    expect(translate('vi', 'commander.days', 7)).toBe('7 ngày');
    expect(translate('en', 'commander.days', 7)).toBe('7 days');
    expect(translate('en', 'crossings.more', 12)).toBe('and 12 more');
    // a layer the client holds only part of says so, with figures as each reader writes them
    expect(translate('vi', 'layers.showing', 10_000, 1_000_000)).toBe('đang hiển thị 10.000 / 1.000.000');
    expect(translate('en', 'layers.showing', 10_000, 1_000_000)).toBe('showing 10,000 of 1,000,000');
  });

  it('says the words shared with the printed map as core/i18n/common.ts does', () => {
    for (const lang of ['vi', 'en'] as const) for (const k of Object.keys(COMMON[lang]) as (keyof typeof COMMON.vi)[]) expect(translate(lang, k)).toBe(COMMON[lang][k]);
  });

  it('has every word in both languages, of the same kind and never empty', () => {
    expect(Object.keys(WORDS.en).sort()).toEqual(Object.keys(WORDS.vi).sort());
    for (const k of Object.keys(WORDS.vi) as WordKey[]) {
      expect(typeof WORDS.en[k], k).toBe(typeof WORDS.vi[k]);
      if (typeof WORDS.vi[k] === 'string') expect(WORDS.vi[k], k).not.toBe('');
    }
  });
});
