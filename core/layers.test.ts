import { describe, expect, it } from 'vitest';
import { LAYERS, isLayerId, isoDate, outputPropertyNames, parseProps } from './layers.ts';

describe('parseProps', () => {
  it('fills in the contract’s defaults', () => {
    expect(parseProps('checkpoints', { name: 'Chốt A', kind: 'traffic' })).toEqual({ ok: true, value: { name: 'Chốt A', kind: 'traffic', status: 'planned', staff: 0 } });
    expect(parseProps('polling-stations', { code: 'KV01', name: 'Khu vực 1' })).toEqual({ ok: true, value: { code: 'KV01', name: 'Khu vực 1', voters: 0, election_date: '2021-05-23' } });
  });

  it('drops derived properties: the server computes them', () => {
    expect(parseProps('checkpoints', { name: 'Chốt A', kind: 'traffic', ward_code: '00611', on_border: true })).toEqual({ ok: true, value: { name: 'Chốt A', kind: 'traffic', status: 'planned', staff: 0 } });
  });

  it('names each problem by its property', () => {
    expect(parseProps('checkpoints', { name: 'Chốt A', kind: 'tank', extra: 1 })).toEqual({
      ok: false,
      issues: [
        { path: 'properties.kind', message: 'must be one of "epidemic", "security", "traffic"' },
        { path: 'properties', message: 'unknown property "extra"' },
      ],
    });
    expect(parseProps('incidents', null)).toEqual({ ok: false, issues: [{ path: 'properties', message: 'must be an object' }] });
  });
});

describe('contract', () => {
  it('checks that a date is a real day', () => {
    expect(isoDate.safeParse('2021-05-23').success).toBe(true);
    expect(isoDate.safeParse('2021-02-29').success).toBe(false); // 2021 is not a leap year
    expect(isoDate.safeParse('23/05/2021').success).toBe(false);
  });

  it('knows its layers and what they output', () => {
    expect(isLayerId('checkpoints')).toBe(true);
    expect(isLayerId('roads')).toBe(false);
    expect(outputPropertyNames('checkpoints')).toEqual(['name', 'kind', 'status', 'staff', 'hours', 'notes', 'active_from', 'active_to', 'ward_code', 'on_border']);
    expect(LAYERS.incidents.temporal).toEqual({ start: 'occurred_at' });
  });
});
