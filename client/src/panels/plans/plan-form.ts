/** The editor's copy of a written plan, and what it sends back. */
import type { Lang } from '../../../../core/i18n/lang.ts';
import { scenarioDefault } from '../../../../core/plan/scenarios.ts';
import type { Force, PlanStatus, ScenarioEntry, WrittenPlan, WrittenPlanInput } from '../../../../core/plan/written.ts';

export interface PlanForm {
  forces: Force[];
  entrances: string;
  isolation_booth: string;
  waiting_area: string;
  mobile_box: string;
  notes: string;
  scenarios: ScenarioEntry[];
}

export function toForm(w: WrittenPlan): PlanForm {
  return structuredClone({ forces: w.forces, entrances: w.entrances, isolation_booth: w.isolation_booth, waiting_area: w.waiting_area, mobile_box: w.mobile_box, notes: w.notes, scenarios: w.scenarios });
}

/** The body of a save; an empty headcount field counts as 0. */
export function toInput(f: PlanForm, status: PlanStatus): WrittenPlanInput {
  return {
    forces: f.forces.map((x) => ({ ...x, headcount: Math.max(0, Math.round(Number(x.headcount) || 0)) })),
    entrances: f.entrances,
    isolation_booth: f.isolation_booth,
    waiting_area: f.waiting_area,
    mobile_box: f.mobile_box,
    notes: f.notes,
    scenarios: f.scenarios.map((s) => ({ ...s })),
    status,
  };
}

export const sameForm = (a: PlanForm, b: PlanForm) => JSON.stringify(toInput(a, 'draft')) === JSON.stringify(toInput(b, 'draft'));

/** A catalogue scenario as its defaults give it in `lang`; a planner's own one as blank. */
export function defaultScenario(id: string, lang: Lang): ScenarioEntry | null {
  const d = scenarioDefault(id);
  return d ? { id, title: d.title[lang], response: d.response[lang], who_acts: d.who_acts[lang], whom_to_call: d.whom_to_call[lang] } : null;
}

export function customScenario(existing: readonly ScenarioEntry[]): ScenarioEntry {
  let n = existing.length + 1;
  while (existing.some((s) => s.id === `custom-${n}`)) n++;
  return { id: `custom-${n}`, title: '', response: '', who_acts: '', whom_to_call: '' };
}
