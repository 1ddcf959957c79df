import { describe, expect, it } from 'vitest';
import { emptyPlan, writtenPlanInput } from '../../../../core/plan/written.ts';
import { customScenario, defaultScenario, sameForm, toForm, toInput } from './plan-form.ts';

describe('the plan form', () => {
  it('sends what the server accepts: an empty or fractional headcount becomes a whole number', () => {
    const form = toForm(emptyPlan());
    form.forces.push({ unit: 'Công an phường', kind: 'police', leader: 'Nguyễn Văn Đức', phone: '0912 345 678', headcount: null as unknown as number, shift: '' });
    form.forces.push({ unit: 'Dân quân', kind: 'militia', leader: '', phone: '', headcount: 2.6, shift: '' });
    const body = toInput(form, 'approved');
    expect(body.forces!.map((f) => f.headcount)).toEqual([0, 3]);
    expect(writtenPlanInput.safeParse(body).success).toBe(true);
  });

  it('is a copy: editing the form leaves the plan it came from unchanged, and tells when it differs', () => {
    const plan = emptyPlan();
    const form = toForm(plan);
    form.scenarios[0].response = 'Khác';
    expect(plan.scenarios[0].response).not.toBe('Khác');
    expect(sameForm(form, toForm(plan))).toBe(false);
    expect(sameForm(toForm(plan), toForm(plan))).toBe(true);
  });

  it('gives a catalogue scenario its defaults in either language, and a planner’s own a free id', () => {
    expect(defaultScenario('fever_at_door', 'vi')!.title).toBe('Cử tri sốt, ho tại cửa khu vực bỏ phiếu');
    expect(defaultScenario('fever_at_door', 'en')!.title).toBe('Voter with fever or cough at the door');
    expect(defaultScenario('custom-1', 'vi')).toBeNull();
    const own = customScenario([{ id: 'custom-7', title: '', response: '', who_acts: '', whom_to_call: '' }]);
    expect(own.id).toBe('custom-2');
    expect(customScenario([{ ...own }, { ...own, id: 'custom-3' }]).id).toBe('custom-4');
  });
});
