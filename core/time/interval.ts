/**
 * The `datetime` parameter of OGC API – Features (17-069r4 §7.15.4): an RFC 3339 instant, or an
 * interval `start/end` with `..` or nothing for an open end. A bare date means that whole Hanoi
 * day, so `2021-05-23` is the interval from its first to its last millisecond in Hanoi.
 */
import { dayEndMs, dayStartMs, isDate } from './hanoi-day.ts';

/** UTC ISO instants; a missing end is open. */
export interface TimeRange {
  start?: string;
  end?: string;
}

/** The input is not a datetime this server accepts; the message says why, in words for the caller. */
export class IntervalError extends Error {}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

/** One end of an interval as a UTC instant; a date is its first or last millisecond in Hanoi. */
export function parseInstant(s: string, edge: 'start' | 'end'): string {
  const t = isDate(s) ? (edge === 'start' ? dayStartMs(s) : dayEndMs(s)) : TIMESTAMP.test(s) ? Date.parse(s) : NaN;
  if (Number.isNaN(t)) throw new IntervalError(`datetime "${s}" is not an RFC 3339 date-time (e.g. 2021-05-12T08:00:00Z) or date (2021-05-12)`);
  return new Date(t).toISOString();
}

/**
 * An instant or interval as UTC instants.
 *
 * @example parseInterval('2021-05-10/..') // { start: '2021-05-09T17:00:00.000Z' }
 */
export function parseInterval(raw: string): TimeRange {
  const parts = raw.split('/');
  if (parts.length > 2) throw new IntervalError(`datetime "${raw}" must be an instant or an interval "start/end"`);
  if (parts.length === 1) {
    if (isDate(raw)) return { start: parseInstant(raw, 'start'), end: parseInstant(raw, 'end') };
    const t = parseInstant(raw, 'start');
    return { start: t, end: t };
  }
  const open = (s: string) => s === '' || s === '..';
  const r: TimeRange = {};
  if (!open(parts[0])) r.start = parseInstant(parts[0], 'start');
  if (!open(parts[1])) r.end = parseInstant(parts[1], 'end');
  if (open(parts[0]) && open(parts[1])) throw new IntervalError('datetime interval must have at least one end');
  if (r.start && r.end && r.start > r.end) throw new IntervalError(`datetime interval "${raw}" ends before it starts`);
  return r;
}
