import { describe, expect, it } from 'vitest';
import { IntervalError, parseInstant, parseInterval } from './interval.ts';

describe('parseInterval', () => {
  it('reads a bare date as the whole Hanoi day', () => {
    expect(parseInterval('2021-05-23')).toEqual({ start: '2021-05-22T17:00:00.000Z', end: '2021-05-23T16:59:59.999Z' });
  });

  it('reads an instant as a zero-length interval in UTC', () => {
    expect(parseInterval('2021-05-23T08:00:00+07:00')).toEqual({ start: '2021-05-23T01:00:00.000Z', end: '2021-05-23T01:00:00.000Z' });
  });

  it('reads intervals with open ends', () => {
    expect(parseInterval('2021-05-10/..')).toEqual({ start: '2021-05-09T17:00:00.000Z' });
    expect(parseInterval('/2021-05-10')).toEqual({ end: '2021-05-10T16:59:59.999Z' });
    expect(parseInterval('2021-05-10/2021-05-11T00:00:00Z')).toEqual({ start: '2021-05-09T17:00:00.000Z', end: '2021-05-11T00:00:00.000Z' });
  });

  it('refuses what it cannot read, saying why', () => {
    expect(() => parseInterval('../..')).toThrow('datetime interval must have at least one end');
    expect(() => parseInterval('a/b/c')).toThrow('must be an instant or an interval "start/end"');
    expect(() => parseInterval('2021-05-12/2021-05-10')).toThrow('ends before it starts');
    expect(() => parseInterval('2021-05-12T08:00')).toThrow(IntervalError); // no offset: whose 08:00?
    expect(() => parseInstant('yesterday', 'start')).toThrow('datetime "yesterday" is not an RFC 3339 date-time');
  });
});
