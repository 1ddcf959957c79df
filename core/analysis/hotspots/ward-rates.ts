/**
 * Incidents per ward and per 1,000 residents, for the ward choropleth. Incidents carry their
 * ward (the server derives `ward_code` from the geometry), so this is a count, not geometry.
 */

export interface WardInfo {
  code: string;
  name: string;
  population?: number | null;
}

export interface WardRate {
  code: string;
  name: string;
  count: number;
  population: number | null;
  /** incidents per 1,000 residents; null where the population is unknown or zero */
  rate_per_1000: number | null;
}

/** Every ward appears, with zero where nothing happened; incidents outside every ward are counted apart. */
export function wardRates(wardCodes: readonly (string | null | undefined)[], wards: readonly WardInfo[]): { wards: WardRate[]; outside: number } {
  const counts = new Map<string, number>();
  for (const c of wardCodes) if (c) counts.set(c, (counts.get(c) ?? 0) + 1);
  let inWards = 0;
  const rows = wards.map((w) => {
    const count = counts.get(w.code) ?? 0;
    inWards += count;
    const population = w.population ?? null;
    return { code: w.code, name: w.name, count, population, rate_per_1000: population ? (count * 1000) / population : null };
  });
  return { wards: rows, outside: wardCodes.length - inWards };
}
