/**
 * Arithmetic on calendar days (YYYY-MM-DD). A calendar day has no time zone of its own, so this
 * counts in UTC, where every day is 24 hours long; which instants a day covers is hanoi-day.ts's job.
 */
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a calendar day: a number a map filter can compare. */
export function dayNumber(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

/** The day `n` days after `day` (before it when n < 0). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Every day from first to last, both included. */
export function daysFrom(first: string, last: string): string[] {
  const out: string[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) out.push(d);
  return out;
}
