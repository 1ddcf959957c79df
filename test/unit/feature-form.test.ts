/**
 * The attribute form read from the shared contract (client/src/panels/editor/fields.ts): which
 * input each property gets, what a new feature starts with, and the contract's messages keyed
 * by the field that caused them.
 */
import { describe, expect, it } from 'vitest';
import { checkForm, fieldsOf, fromFormValues, newFormValues, toFormValues } from '../../client/src/panels/editor/fields.ts';

describe('the feature form', () => {
  it('gives each checkpoint property its input, with the choices and defaults of the contract', () => {
    expect(fieldsOf('checkpoints').map((f) => [f.key, f.kind, f.required])).toEqual([
      ['name', 'text', true],
      ['kind', 'enum', true],
      ['status', 'enum', false],
      ['staff', 'int', false],
      ['hours', 'text', false],
      ['notes', 'longtext', false],
      ['active_from', 'date', false],
      ['active_to', 'date', false],
    ]);
    expect(fieldsOf('checkpoints').find((f) => f.key === 'kind')!.options).toEqual(['epidemic', 'security', 'traffic']);
    expect(fieldsOf('incidents').find((f) => f.key === 'occurred_at')!.kind).toBe('timestamp');
  });

  it('starts a new feature from the defaults, the first choice and today', () => {
    const now = new Date('2021-05-20T03:00:00Z');
    expect(newFormValues('checkpoints', now)).toEqual({ name: '', kind: 'epidemic', status: 'planned', staff: '0', hours: '', notes: '', active_from: '', active_to: '' });
    expect(newFormValues('quarantine-zones', now)).toMatchObject({ level: 'lockdown', status: 'planned', starts_on: '2021-05-20' });
    expect(newFormValues('incidents', now)).toMatchObject({ occurred_at: '2021-05-20T10:00:00+07:00', severity: '1' });
  });

  it('names the field of every problem, in the contract’s words', () => {
    const r = checkForm('checkpoints', { ...newFormValues('checkpoints'), name: '  ', staff: '-3', active_from: '2021-02-30' });
    expect(r).toEqual({ ok: false, errors: { name: 'must not be empty', staff: 'must not be negative', active_from: 'is not a real calendar date' } });
    expect(checkForm('checkpoints', { ...newFormValues('checkpoints'), name: 'Chốt A', staff: '2,5' })).toEqual({ ok: false, errors: { staff: 'must be a number' } });
  });

  it('leaves empty optional fields out and reads numbers with thousands separators', () => {
    expect(fromFormValues('polling-stations', { code: 'KV-1', name: 'Nhà văn hóa', address: '', voters: '1.250', election_date: '2021-05-23' })).toEqual({
      code: 'KV-1',
      name: 'Nhà văn hóa',
      voters: 1250,
      election_date: '2021-05-23',
    });
    const r = checkForm('checkpoints', toFormValues('checkpoints', { name: 'Chốt B', kind: 'traffic', status: 'active', staff: 12, notes: null, ward_code: '00598' }));
    expect(r).toEqual({ ok: true, properties: { name: 'Chốt B', kind: 'traffic', status: 'active', staff: 12 } });
  });
});
