import { describe, expect, it } from 'vitest';
import { dayRange, type IncidentCounts } from './incident-counts.ts';

const counts = (...days: string[]): IncidentCounts => ({ total: days.length, days: days.map((day) => ({ day, total: 1, counts: { traffic: 1 } })), wards: [] });

describe('dayRange (the span of the commander\'s chart and time slider)', () => {
  it('runs from the first to the last day with incidents', () => {
    expect(dayRange(counts('2021-05-03', '2021-05-01', '2021-05-31'))).toEqual({ first: '2021-05-01', last: '2021-05-31' });
    expect(dayRange(counts())).toBeNull();
    expect(dayRange(null)).toBeNull();
  });

  it('leaves out incidents without a time (day \'\'), which the whole period counts but no day holds', () => {
    expect(dayRange(counts('', '2021-05-02', '2021-05-09'))).toEqual({ first: '2021-05-02', last: '2021-05-09' });
    expect(dayRange(counts(''))).toBeNull();
  });
});
