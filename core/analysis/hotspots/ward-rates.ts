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

/** Incidents per ward code (incidents without one are not counted). */
export function countByWard(wardCodes: Iterable<string | null | undefined>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of wardCodes) if (c) counts.set(c, (counts.get(c) ?? 0) + 1);
  return counts;
}

/** Every ward appears, with zero where nothing happened; incidents outside every ward are counted apart. */
export function wardRates(wardCodes: readonly (string | null | undefined)[], wards: readonly WardInfo[]): { wards: WardRate[]; outside: number } {
  return wardRatesFromCounts(countByWard(wardCodes), wardCodes.length, wards);
}

/**
 * The same from counts per ward code already taken (a million incidents are counted where they are
 * read, and only the counts travel): `total` incidents, of which those not in `counts` under one
 * of the wards' codes are outside.
 */
export function wardRatesFromCounts(counts: ReadonlyMap<string, number>, total: number, wards: readonly WardInfo[]): { wards: WardRate[]; outside: number } {
  let inWards = 0;
  const rows = wards.map((w) => {
    const count = counts.get(w.code) ?? 0;
    inWards += count;
    const population = w.population ?? null;
    return { code: w.code, name: w.name, count, population, rate_per_1000: population ? (count * 1000) / population : null };
  });
  return { wards: rows, outside: total - inWards };
}
