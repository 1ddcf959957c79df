/**
 * The written part of a polling station's plan: what planners type (forces, site notes,
 * scenarios with their responses) and its approval. Checked by zod at the API edge and in the
 * form, so a rule is written once.
 *
 * The derived part (zones, facilities, distances) is computed, never stored: see derive.ts.
 */
import { z } from 'zod';
import { SCENARIOS, type Bilingual } from './scenarios.ts';

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);

export const FORCE_KINDS = ['police', 'militia', 'army', 'medical', 'election_team', 'volunteer', 'other'] as const;
/** The kinds' names, for the editor and the printed plan. */
export const FORCE_KIND_WORDS: Record<(typeof FORCE_KINDS)[number], { vi: string; en: string }> = {
  police: { vi: 'Công an', en: 'Police' },
  militia: { vi: 'Dân quân tự vệ', en: 'Militia' },
  army: { vi: 'Quân đội', en: 'Army' },
  medical: { vi: 'Y tế', en: 'Medical' },
  election_team: { vi: 'Tổ bầu cử', en: 'Election team' },
  volunteer: { vi: 'Tình nguyện viên', en: 'Volunteers' },
  other: { vi: 'Khác', en: 'Other' },
};
export const PLAN_STATUSES = ['draft', 'approved'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** One unit assigned to the station (an ICS 204 assignment line). */
export const forceSchema = z.strictObject({
  unit: text(200).min(1, 'must not be empty'),
  kind: z.enum(FORCE_KINDS).default('police'),
  leader: text(200).default(''),
  phone: text(50).default(''),
  headcount: z.number().int('must be a whole number').min(0, 'must not be negative').max(10_000),
  /** Free text such as "06:00–14:00" or "cả ngày"; shifts vary too much to force a format. */
  shift: text(100).default(''),
});
export type Force = z.output<typeof forceSchema>;

export const scenarioSchema = z.strictObject({
  /** A catalogue id, or a planner's own (`custom-…`). */
  id: text(60).min(1, 'must not be empty'),
  /** Needed for a planner's own scenario; a catalogue scenario's title comes from the catalogue when empty. */
  title: text(300).default(''),
  response: text(3000).default(''),
  who_acts: text(500).default(''),
  whom_to_call: text(500).default(''),
});
export type ScenarioEntry = z.output<typeof scenarioSchema>;

/** What a client sends: approval fields are set by the server from the session, never typed. */
export const writtenPlanInput = z.strictObject({
  forces: z.array(forceSchema).max(100, 'at most 100 units').default([]),
  entrances: text(2000).default(''),
  isolation_booth: text(2000).default(''),
  waiting_area: text(2000).default(''),
  mobile_box: text(2000).default(''),
  notes: text(4000).default(''),
  scenarios: z.array(scenarioSchema).max(50, 'at most 50 scenarios').optional(),
  status: z.enum(PLAN_STATUSES).default('draft'),
});
export type WrittenPlanInput = z.input<typeof writtenPlanInput>;

export interface WrittenPlan extends Omit<z.output<typeof writtenPlanInput>, 'scenarios'> {
  scenarios: ScenarioEntry[];
  approved_by: string | null;
  approved_at: string | null;
}

/** The catalogue's defaults in one language, as a plan's scenarios. */
export function defaultScenarios(lang: keyof Bilingual = 'vi'): ScenarioEntry[] {
  return SCENARIOS.map((s) => ({ id: s.id, title: s.title[lang], response: s.response[lang], who_acts: s.who_acts[lang], whom_to_call: s.whom_to_call[lang] }));
}

/** A new station's plan: no forces, no notes, every catalogue scenario with its default response, draft. */
export function emptyPlan(lang: keyof Bilingual = 'vi'): WrittenPlan {
  return { forces: [], entrances: '', isolation_booth: '', waiting_area: '', mobile_box: '', notes: '', scenarios: defaultScenarios(lang), status: 'draft', approved_by: null, approved_at: null };
}

/** Everything but the approval, to tell whether a save changed the plan's content. */
const content = (p: Omit<WrittenPlan, 'approved_by' | 'approved_at' | 'status'>) =>
  JSON.stringify([p.forces, p.entrances, p.isolation_booth, p.waiting_area, p.mobile_box, p.notes, p.scenarios]);

/**
 * The plan after a save. Approval is a person's act at a time: approving (or changing an approved
 * plan and keeping it approved) records who and when; keeping an approved plan unchanged keeps
 * its approver; setting it back to draft clears the approval. Scenarios left out keep the
 * previous ones (a client that edits only forces does not wipe them).
 */
export function applyWrite(prev: WrittenPlan, input: z.output<typeof writtenPlanInput>, actor: string, at: string): WrittenPlan {
  const next = { ...input, scenarios: input.scenarios ?? prev.scenarios };
  if (next.status === 'draft') return { ...next, approved_by: null, approved_at: null };
  if (prev.status === 'approved' && content(prev) === content(next) && prev.approved_by) return { ...next, approved_by: prev.approved_by, approved_at: prev.approved_at };
  return { ...next, approved_by: actor, approved_at: at };
}

/** A stored plan read back (older rows may lack fields added later). */
export function readStoredPlan(raw: unknown): WrittenPlan {
  const base = emptyPlan();
  if (!raw || typeof raw !== 'object') return base;
  const { approved_by, approved_at, ...rest } = raw as Partial<WrittenPlan>;
  const parsed = writtenPlanInput.safeParse(rest);
  if (!parsed.success) return base;
  return { ...parsed.data, scenarios: parsed.data.scenarios ?? base.scenarios, approved_by: approved_by ?? null, approved_at: approved_at ?? null };
}

export const totalHeadcount = (p: Pick<WrittenPlan, 'forces'>) => p.forces.reduce((s, f) => s + f.headcount, 0);
