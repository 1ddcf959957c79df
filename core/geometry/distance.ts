/**
 * Distances as a planner types them: "500 m", "1,5 km", "0.5km", "500" (metres).
 *
 * Both "," and "." are read as the decimal mark, because Vietnamese writes "1,5 km" and English
 * "1.5 km". A number such as "1.500" or "1,500" means 1500 to one reader and 1.5 to the other, so
 * it is refused with a message that says how to write it instead of being guessed.
 */

export class DistanceError extends Error {
  constructor(
    message: string,
    readonly input: string,
  ) {
    super(message);
    this.name = 'DistanceError';
  }
}

const UNITS: Record<string, number> = {
  m: 1,
  meter: 1,
  meters: 1,
  metre: 1,
  metres: 1,
  'mét': 1,
  met: 1,
  km: 1000,
  kilometer: 1000,
  kilometers: 1000,
  kilometre: 1000,
  kilometres: 1000,
  'ki-lô-mét': 1000,
  'kilômét': 1000,
};

const PATTERN = /^([+-]?)(\d*)(?:([.,])(\d*))?\s*([^\d\s.,+-].*)?$/u;

/**
 * Parse one distance into metres.
 *
 * @param text e.g. "500 m", "1,5 km", "0.5km", "500" (a bare number is metres)
 * @param defaultUnit unit of a bare number, "m" unless given
 * @returns metres, a finite number greater than 0
 * @throws DistanceError with a sentence that names the problem
 */
export function parseDistance(text: string, defaultUnit = 'm'): number {
  const input = String(text ?? '');
  const s = input.trim().toLowerCase().normalize('NFC');
  if (s === '') throw new DistanceError('Enter a distance, for example "500 m" or "1,5 km".', input);
  const m = PATTERN.exec(s);
  if (!m || (m[2] === '' && (m[4] ?? '') === '')) throw new DistanceError(`"${input}" is not a distance; write a number and a unit, for example "500 m" or "1,5 km".`, input);
  const [, sign, whole, sep, frac = '', unitRaw] = m;
  const unit = (unitRaw ?? defaultUnit).trim();
  const factor = UNITS[unit];
  if (factor === undefined) throw new DistanceError(`Unknown unit "${unit}" in "${input}"; use m or km.`, input);
  if (sep && frac.length === 3 && whole !== '' && Number(whole) !== 0) {
    throw new DistanceError(`"${input}" is ambiguous: write ${whole}${frac} for ${whole}${frac} or ${whole}.${frac.replace(/0+$/, '') || '0'} for a decimal.`, input);
  }
  const value = Number(`${whole || '0'}.${frac || '0'}`) * factor;
  if (sign === '-' || value <= 0) throw new DistanceError(`A distance must be greater than 0 (got "${input}").`, input);
  if (!Number.isFinite(value)) throw new DistanceError(`"${input}" is not a distance.`, input);
  return value;
}

/**
 * Parse a list of distances for buffer rings: "100 m; 500 m", "100, 500 m" or "0.1, 0.5 km".
 * Items are separated by ";" or by a comma followed by a space (so "1,5 km" stays one number).
 * A bare number takes the unit of the next item that has one ("0.1, 0.5 km" is 100 m and 500 m).
 *
 * @returns metres, ascending, without duplicates
 * @throws DistanceError naming the first item that is not a distance
 */
export function parseDistances(text: string): number[] {
  const items = String(text ?? '')
    .split(/;|,\s+/)
    .map((x) => x.trim())
    .filter((x) => x !== '');
  if (items.length === 0) throw new DistanceError('Enter at least one distance, for example "100 m; 500 m".', String(text ?? ''));
  const units = items.map((x) => /[^\d\s.,+-][^]*$/u.exec(x)?.[0].trim().toLowerCase());
  const out = items.map((x, i) => {
    const later = units.slice(i).find((u) => u !== undefined) ?? 'm';
    return parseDistance(x, later);
  });
  return [...new Set(out)].sort((a, b) => a - b);
}
