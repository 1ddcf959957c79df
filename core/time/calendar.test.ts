import { describe, expect, it } from 'vitest';
import { addDays, dayNumber, daysFrom } from './calendar.ts';

describe('calendar days', () => {
  it('counts days since 1970-01-01', () => {
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('2021-05-23')).toBe(18770);
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2021-05-31', 1)).toBe('2021-06-01');
    expect(addDays('2021-01-01', -1)).toBe('2020-12-31');
    expect(addDays('2020-02-28', 1)).toBe('2020-02-29');
  });

  it('lists every day, both ends included', () => {
    expect(daysFrom('2021-05-30', '2021-06-02')).toEqual(['2021-05-30', '2021-05-31', '2021-06-01', '2021-06-02']);
    expect(daysFrom('2021-05-02', '2021-05-01')).toEqual([]);
  });
});
