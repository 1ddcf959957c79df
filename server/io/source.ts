/**
 * What every reader produces: features as they stand in the file, before their
 * properties are mapped onto a layer's contract, each with its place in the file so
 * an error can point at it ("row 13", "record 5", "placemark 2 “Chốt Cầu Diễn”").
 */
import { invalid, tooLarge } from './errors.ts';
import type { ImportFormat } from './format.ts';
import type { IoLimits } from './limits.ts';

export interface SourceFeature {
  geometry: unknown;
  properties: Record<string, unknown>;
  where?: string;
}

export interface ReadResult {
  format: ImportFormat;
  features: SourceFeature[];
  warnings: string[];
}

/** Text of a file that must be UTF-8; a byte-order mark is dropped. */
export function decodeUtf8(data: Uint8Array, what: string): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw invalid(`The ${what} is not UTF-8 text. Save it as UTF-8 (in Excel: "CSV UTF-8"; in QGIS: encoding UTF-8) and import it again.`);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** `n` features counted so far (`atLeast`: reading stopped early, there may be more). */
export function checkFeatureCount(n: number, limits: IoLimits, atLeast = false): void {
  if (n > limits.maxFeatures) throw tooLarge(`The file holds ${atLeast ? 'more than ' + limits.maxFeatures : n} features; at most ${limits.maxFeatures} can be imported at once (the cap OPSMAP_IMPORT_MAX_FEATURES). Split it into smaller files, or ask the administrator to raise the cap.`);
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
