/** Figure p (0–1) of a run's figures, nearest rank from below, leaving the array as it was. */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
}

/** The median of a run's figures (the upper one of an even count). */
export const median = (xs: number[]): number => percentile(xs, 0.5);
