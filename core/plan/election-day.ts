/**
 * Election day at a polling station: its status through the day, turnout reports and situation
 * reports, and the commander's summary of them. Reports are facts at a time; a station's state
 * is the fold of its reports in time order, so a late report is placed where it belongs.
 *
 * Statuses follow the day: not_open → open ⇄ paused → closed → counted → reported. Voting runs
 * 07:00–19:00 Hanoi time by law (it may open earlier or close later with the board's leave),
 * so times are checked against the day, not the hours.
 */
import { z } from 'zod';
import { INCIDENT_CATEGORIES, isoTimestamp } from '../layers.ts';
import { hanoiDay, hanoiTimestamp } from '../time/hanoi-day.ts';

export const DAY_STATUSES = ['not_open', 'open', 'paused', 'closed', 'counted', 'reported'] as const;
export type DayStatus = (typeof DAY_STATUSES)[number];

export const DAY_STATUS_WORDS: Record<DayStatus, { vi: string; en: string }> = {
  not_open: { vi: 'Chưa khai mạc', en: 'Not open' },
  open: { vi: 'Đang bỏ phiếu', en: 'Open' },
  paused: { vi: 'Tạm dừng', en: 'Paused' },
  closed: { vi: 'Đã kết thúc bỏ phiếu', en: 'Closed' },
  counted: { vi: 'Đã kiểm phiếu', en: 'Counted' },
  reported: { vi: 'Đã báo cáo kết quả', en: 'Reported' },
};

/** The statuses each status may move to. Reopening after a pause is normal; after closing it is not. */
export const NEXT_STATUS: Record<DayStatus, readonly DayStatus[]> = {
  not_open: ['open'],
  open: ['paused', 'closed'],
  paused: ['open', 'closed'],
  closed: ['counted'],
  counted: ['reported'],
  reported: [],
};

export const canMove = (from: DayStatus, to: DayStatus) => NEXT_STATUS[from].includes(to);

const note = z.string().trim().max(2000, 'must be at most 2000 characters');

/** A report as a client sends it; `at` defaults to now on the server. */
export const reportInput = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('status'), status: z.enum(DAY_STATUSES), at: isoTimestamp.optional(), note: note.optional() }),
  z.strictObject({ type: z.literal('turnout'), votes: z.number().int('must be a whole number').min(0, 'must not be negative'), at: isoTimestamp.optional(), note: note.optional() }),
  z.strictObject({
    type: z.literal('situation'),
    category: z.enum(INCIDENT_CATEGORIES).default('public_order'),
    severity: z.number().int().min(1, 'must be 1, 2 or 3').max(3, 'must be 1, 2 or 3').default(2),
    description: note.min(1, 'must not be empty'),
    at: isoTimestamp.optional(),
  }),
  z.strictObject({ type: z.literal('resolved'), incident_id: z.number().int().positive(), at: isoTimestamp.optional(), note: note.optional() }),
]);
export type ReportInput = z.output<typeof reportInput>;

/** A stored report. */
export interface Report {
  id: number;
  station_id: number;
  type: 'status' | 'turnout' | 'situation' | 'resolved';
  /** Hanoi wall-clock timestamp (+07:00). */
  at: string;
  status?: DayStatus;
  votes?: number;
  /** The incident recorded for a situation, or resolved by a `resolved` report. */
  incident_id?: number;
  category?: string;
  severity?: number;
  description?: string;
  note?: string;
  actor: string | null;
}

export interface StationDay {
  station_id: number;
  status: DayStatus;
  status_at: string | null;
  votes: number | null;
  votes_at: string | null;
  /** votes ÷ registered voters, 0…1; null without a turnout report or voters. */
  turnout: number | null;
  open_situations: number[];
}

/** The time a report carries, as a Hanoi timestamp. */
export const reportTime = (at: string | undefined, now: Date): string => hanoiTimestamp(at ? new Date(at) : now);

export class ReportError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

const byTime = (a: Report, b: Report) => Date.parse(a.at) - Date.parse(b.at) || a.id - b.id;

/** A station's state from its reports (any order). */
export function foldReports(stationId: number, reports: readonly Report[], voters: number): StationDay {
  const day: StationDay = { station_id: stationId, status: 'not_open', status_at: null, votes: null, votes_at: null, turnout: null, open_situations: [] };
  const open = new Set<number>();
  for (const r of [...reports].sort(byTime)) {
    if (r.type === 'status' && r.status) {
      day.status = r.status;
      day.status_at = r.at;
    } else if (r.type === 'turnout' && r.votes !== undefined) {
      day.votes = r.votes;
      day.votes_at = r.at;
    } else if (r.type === 'situation' && r.incident_id) open.add(r.incident_id);
    else if (r.type === 'resolved' && r.incident_id) open.delete(r.incident_id);
  }
  day.open_situations = [...open];
  day.turnout = day.votes !== null && voters > 0 ? Math.min(1, day.votes / voters) : null;
  return day;
}

/**
 * Check a new report against the station's reports so far; throws ReportError naming the
 * problem. A status must follow from the status in force at its time; turnout may not fall
 * below an earlier report nor exceed the registered voters; everything on the election day.
 */
export function checkReport(input: ReportInput, at: string, prior: readonly Report[], voters: number, electionDay: string): void {
  if (hanoiDay(at) !== electionDay) throw new ReportError(`Reports are for election day ${electionDay} (Hanoi time); this one is dated ${hanoiDay(at)}.`, 'at');
  const before = prior.filter((r) => Date.parse(r.at) <= Date.parse(at));
  const state = foldReports(0, before, voters);
  if (input.type === 'status') {
    if (!canMove(state.status, input.status))
      throw new ReportError(`A station that is ${state.status} cannot become ${input.status}; from ${state.status} it can become ${NEXT_STATUS[state.status].join(' or ') || 'nothing else'}.`, 'status');
    const later = prior.filter((r) => r.type === 'status' && Date.parse(r.at) > Date.parse(at));
    if (later.length) throw new ReportError(`A later status (${later[0].status} at ${later[0].at}) is already recorded; report statuses in time order.`, 'at');
  }
  if (input.type === 'turnout') {
    if (voters > 0 && input.votes > voters) throw new ReportError(`${input.votes} votes is more than the ${voters} registered voters.`, 'votes');
    if (state.votes !== null && input.votes < state.votes) throw new ReportError(`${input.votes} votes is fewer than the ${state.votes} reported at ${state.votes_at}; turnout only grows.`, 'votes');
    if (state.status === 'not_open') throw new ReportError('The station has not opened yet; report it open before reporting turnout.', 'type');
  }
}

export interface DaySummary {
  stations: number;
  by_status: Record<DayStatus, number>;
  with_open_situations: number;
  voters: number;
  votes: number;
  /** Votes ÷ voters over stations that reported turnout, and over all voters. */
  turnout_reported: number | null;
  turnout_all: number | null;
  by_ward: { ward_code: string; ward_name: string | null; stations: number; voters: number; votes: number; turnout: number | null; open: number; closed_or_later: number }[];
}

/** The commander's counts from the stations' states. */
export function summarizeDay(rows: readonly { day: StationDay; voters: number; ward_code: string | null; ward_name?: string | null }[]): DaySummary {
  const by_status = Object.fromEntries(DAY_STATUSES.map((s) => [s, 0])) as Record<DayStatus, number>;
  let voters = 0, votes = 0, reportedVoters = 0;
  const wards = new Map<string, DaySummary['by_ward'][number]>();
  for (const r of rows) {
    by_status[r.day.status]++;
    voters += r.voters;
    if (r.day.votes !== null) {
      votes += r.day.votes;
      reportedVoters += r.voters;
    }
    const code = r.ward_code ?? '';
    const w = wards.get(code) ?? { ward_code: code, ward_name: r.ward_name ?? null, stations: 0, voters: 0, votes: 0, turnout: null, open: 0, closed_or_later: 0 };
    w.stations++;
    w.voters += r.voters;
    w.votes += r.day.votes ?? 0;
    if (r.day.status === 'open') w.open++;
    if (['closed', 'counted', 'reported'].includes(r.day.status)) w.closed_or_later++;
    wards.set(code, w);
  }
  for (const w of wards.values()) w.turnout = w.voters > 0 ? w.votes / w.voters : null;
  return {
    stations: rows.length,
    by_status,
    with_open_situations: rows.filter((r) => r.day.open_situations.length > 0).length,
    voters,
    votes,
    turnout_reported: reportedVoters > 0 ? votes / reportedVoters : null,
    turnout_all: voters > 0 ? votes / voters : null,
    by_ward: [...wards.values()].sort((a, b) => (a.ward_name ?? a.ward_code).localeCompare(b.ward_name ?? b.ward_code, 'vi')),
  };
}
