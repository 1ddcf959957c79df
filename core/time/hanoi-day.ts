/**
 * A date as a Hanoi day. Plans and incidents are made in Hanoi, so a date written without a time
 * (`2021-05-23`) means that whole calendar day in Hanoi time (UTC+7, no daylight saving), and the
 * day of a timestamp is the day on a Hanoi wall clock, whatever offset it was written with. This
 * file is the only place that knows the offset.
 */

/** Hanoi's offset from UTC as RFC 3339 writes it; Vietnam has kept UTC+7 without daylight saving since 1975. */
export const HANOI_OFFSET = '+07:00';
const OFFSET_MS = 7 * 3_600_000;
/** The IANA zone, for Intl formatting of Hanoi wall-clock time. */
export const HANOI_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Is this a calendar date without a time, `YYYY-MM-DD`? (Shape only; see dayStart for a real date.) */
export const isDate = (s: string): boolean => DATE.test(s);

/**
 * The Hanoi calendar day (YYYY-MM-DD) of a date or a timestamp with any offset; null when it is
 * not a string or does not parse. A bare date is its own day.
 *
 * @example hanoiDay('2021-05-23T17:00:00Z') // '2021-05-24' (midnight in Hanoi)
 */
export function hanoiDay(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (DATE.test(value)) return Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ? null : value;
  const t = Date.parse(value);
  if (Number.isNaN(t)) return null;
  return new Date(t + OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * An instant as a timestamp on a Hanoi wall clock, to the second: what a planner there reads.
 *
 * @example hanoiTimestamp(new Date('2021-05-20T03:00:00Z')) // '2021-05-20T10:00:00+07:00'
 */
export function hanoiTimestamp(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 19) + HANOI_OFFSET;
}

/** The first millisecond of a Hanoi day, as epoch milliseconds; NaN when `day` is not a date. */
export function dayStartMs(day: string): number {
  return DATE.test(day) ? Date.parse(`${day}T00:00:00.000${HANOI_OFFSET}`) : NaN;
}

/** The last millisecond of a Hanoi day, as epoch milliseconds; NaN when `day` is not a date. */
export function dayEndMs(day: string): number {
  return DATE.test(day) ? Date.parse(`${day}T23:59:59.999${HANOI_OFFSET}`) : NaN;
}

const iso = (t: number): string | null => (Number.isNaN(t) ? null : new Date(t).toISOString());

/** The first instant of a Hanoi day in UTC (`2021-05-23` → `2021-05-22T17:00:00.000Z`); null when not a date. */
export const dayStart = (day: string): string | null => iso(dayStartMs(day));

/** The last instant of a Hanoi day in UTC (`2021-05-23` → `2021-05-23T16:59:59.999Z`); null when not a date. */
export const dayEnd = (day: string): string | null => iso(dayEndMs(day));
