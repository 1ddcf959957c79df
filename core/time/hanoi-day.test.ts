import { describe, expect, it } from 'vitest';
import { dayEnd, dayEndMs, dayStart, dayStartMs, hanoiDay, hanoiTimestamp, isDate } from './hanoi-day.ts';

describe('hanoiDay', () => {
  it('is the day on a Hanoi wall clock, whatever the offset written', () => {
    expect(hanoiDay('2021-05-23T16:59:59Z')).toBe('2021-05-23'); // 23:59:59 in Hanoi
    expect(hanoiDay('2021-05-23T17:00:00Z')).toBe('2021-05-24'); // midnight in Hanoi
    expect(hanoiDay('2021-05-24T00:30:00+08:00')).toBe('2021-05-23'); // 23:30 in Hanoi
    expect(hanoiDay('2021-05-23T23:30:00+07:00')).toBe('2021-05-23');
  });

  it('takes a bare date as its own day', () => {
    expect(hanoiDay('2021-05-23')).toBe('2021-05-23');
  });

  it('is null for what is not a time', () => {
    expect(hanoiDay(null)).toBeNull();
    expect(hanoiDay(20210523)).toBeNull();
    expect(hanoiDay('23/05/2021')).toBeNull();
    expect(hanoiDay('2021-13-01')).toBeNull();
  });
});

describe('day bounds', () => {
  it('runs from 17:00 UTC the day before to 16:59:59.999 UTC', () => {
    expect(dayStart('2021-05-23')).toBe('2021-05-22T17:00:00.000Z');
    expect(dayEnd('2021-05-23')).toBe('2021-05-23T16:59:59.999Z');
    expect(dayEndMs('2021-05-23') - dayStartMs('2021-05-23')).toBe(86_399_999); // 24 h less 1 ms: Hanoi has no daylight saving
  });

  it('is null (NaN in milliseconds) for what is not a date', () => {
    expect(dayStart('2021-05-23T08:00:00Z')).toBeNull();
    expect(dayEnd('May 23')).toBeNull();
    expect(dayStartMs('2021-5-23')).toBeNaN();
  });

  it('recognises the date shape', () => {
    expect(isDate('2021-05-23')).toBe(true);
    expect(isDate('2021-05-23T00:00:00Z')).toBe(false);
  });
});

describe('hanoiTimestamp', () => {
  it('writes an instant on the Hanoi clock, to the second', () => {
    expect(hanoiTimestamp(new Date('2021-05-20T03:00:00.600Z'))).toBe('2021-05-20T10:00:00+07:00');
    expect(hanoiTimestamp(new Date('2021-05-20T18:30:00Z'))).toBe('2021-05-21T01:30:00+07:00');
  });
});
