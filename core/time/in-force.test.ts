import { describe, expect, it } from 'vitest';
import { activeOn, meetsDays, timeSpan } from './in-force.ts';

const cp = (active_from: string | null, active_to: string | null) => ({ properties: { active_from, active_to } });

describe('activeOn', () => {
  it('holds a checkpoint in force from its first to its last day, both included', () => {
    expect(activeOn(cp('2021-05-20', '2021-05-23'), 'checkpoints', '2021-05-20')).toBe(true);
    expect(activeOn(cp('2021-05-20', '2021-05-23'), 'checkpoints', '2021-05-23')).toBe(true);
    expect(activeOn(cp('2021-05-20', '2021-05-23'), 'checkpoints', '2021-05-24')).toBe(false);
    expect(activeOn(cp(null, null), 'checkpoints', '1999-01-01')).toBe(true);
  });

  it('counts an incident from its Hanoi day on, whatever offset it was written in', () => {
    const inc = { properties: { occurred_at: '2021-05-12T00:30:00+08:00' } }; // 2021-05-11 23:30 in Hanoi
    expect(activeOn(inc, 'incidents', '2021-05-10')).toBe(false);
    expect(activeOn(inc, 'incidents', '2021-05-11')).toBe(true);
  });

  it('always shows wards and polling stations', () => {
    expect(activeOn({ properties: { election_date: '2021-05-23' } }, 'polling-stations', '2021-05-01')).toBe(true);
    expect(activeOn({ properties: null }, 'wards', '2000-01-01')).toBe(true);
  });
});

describe('meetsDays', () => {
  const w = { start: '2021-05-17', end: '2021-05-23' };
  it('meets a window when the intervals share a day', () => {
    expect(meetsDays('2021-05-23', null, w)).toBe(true);
    expect(meetsDays(null, '2021-05-17', w)).toBe(true);
    expect(meetsDays('2021-05-24', null, w)).toBe(false);
    expect(meetsDays(null, '2021-05-16', w)).toBe(false);
  });
});

describe('timeSpan (what the server filters on)', () => {
  it('spans whole Hanoi days for dated plans', () => {
    expect(timeSpan('checkpoints', { active_from: '2021-05-20', active_to: '2021-05-23' })).toEqual({ tStart: '2021-05-19T17:00:00.000Z', tEnd: '2021-05-23T16:59:59.999Z' });
    expect(timeSpan('quarantine-zones', { starts_on: '2021-05-20' })).toEqual({ tStart: '2021-05-19T17:00:00.000Z', tEnd: null });
    expect(timeSpan('polling-stations', { election_date: '2021-05-23' })).toEqual({ tStart: '2021-05-22T17:00:00.000Z', tEnd: '2021-05-23T16:59:59.999Z' });
  });

  it('is an instant for an event, and unbounded without time', () => {
    expect(timeSpan('incidents', { occurred_at: '2021-05-12T08:00:00+07:00' })).toEqual({ tStart: '2021-05-12T01:00:00.000Z', tEnd: '2021-05-12T01:00:00.000Z' });
    expect(timeSpan('wards', { name: 'Cổ Nhuế 1' })).toEqual({ tStart: null, tEnd: null });
    expect(timeSpan('checkpoints', {})).toEqual({ tStart: null, tEnd: null });
  });

  it('agrees with activeOn on a dated plan: a day filter finds what is in force that day', () => {
    const p = { active_from: '2021-05-20', active_to: '2021-05-23' };
    const { tStart, tEnd } = timeSpan('checkpoints', p);
    for (const [day, start, end] of [['2021-05-19', '2021-05-18T17:00:00.000Z', '2021-05-19T16:59:59.999Z'], ['2021-05-23', '2021-05-22T17:00:00.000Z', '2021-05-23T16:59:59.999Z']])
      expect(tStart! <= end && tEnd! >= start).toBe(activeOn({ properties: p }, 'checkpoints', day));
  });
});
