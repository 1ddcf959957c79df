/**
 * Finding features by name the way people type Vietnamese: with or without diacritics
 * ("co nhue" finds "Cổ Nhuế", "dong ngac" finds "Đông Ngạc"), and sorting names in
 * Vietnamese alphabetical order (a ă â b c d đ e ê …), where plain code-point order fails.
 */
import type { Feature, GeoJsonProperties, Geometry } from 'geojson';

/**
 * Fold a string for matching: NFD, drop combining marks (tones and vowel marks), đ → d,
 * lower case, collapse white space. "  Phường ĐÔNG  Ngạc " → "phuong dong ngac".
 */
export function foldVi(s: string): string {
  return String(s ?? '')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const collator = new Intl.Collator(Intl.Collator.supportedLocalesOf(['vi']).length ? 'vi' : undefined, { numeric: true, sensitivity: 'variant' });

/**
 * Compare two names in Vietnamese order, numbers by value:
 * "Phường Cổ Nhuế 1" < "Phường Cổ Nhuế 2" < "Phường Đông Ngạc" < "Phường Xuân Đỉnh", and
 * "Dương Nội" < "Đại Mỗ" (d before đ). Use as `names.sort(compareVi)`.
 */
export function compareVi(a: string, b: string): number {
  return collator.compare(String(a ?? ''), String(b ?? ''));
}

export interface SearchOptions {
  /** Properties to search, in order of preference (default ['name', 'code']). */
  fields?: readonly string[];
  /** At most this many hits (default 20). */
  limit?: number;
}

export interface SearchHit<F> {
  feature: F;
  /** Position of the feature in the input. */
  index: number;
  /** Higher is better: 100 exact, 90 starts with, 80 whole words in a row, 60 all words, 40 anywhere; +5 when the diacritics match too. */
  score: number;
  /** The property that matched. */
  field: string;
}

/**
 * Rank features whose name (or another field) matches the query, ignoring diacritics and case.
 * Ties go to the shorter name, then to Vietnamese alphabetical order.
 *
 * @param features any features with string-ish properties
 * @param query what the person typed; empty gives no hits
 * @param options fields, limit
 * @returns hits, best first
 */
export function searchFeatures<F extends Feature<Geometry | null, GeoJsonProperties>>(features: readonly F[], query: string, options: SearchOptions = {}): SearchHit<F>[] {
  const q = foldVi(query);
  if (q === '') return [];
  const exactQ = String(query).normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
  const qWords = q.split(' ');
  const fields = options.fields ?? ['name', 'code'];
  const hits: (SearchHit<F> & { text: string })[] = [];
  features.forEach((feature, index) => {
    let best: (SearchHit<F> & { text: string }) | null = null;
    for (const field of fields) {
      const raw = feature.properties?.[field];
      if (raw === undefined || raw === null || typeof raw === 'object') continue;
      const text = String(raw);
      let score = scoreText(foldVi(text), q, qWords);
      if (score === 0) continue;
      if (text.normalize('NFC').toLowerCase().includes(exactQ)) score += 5;
      if (!best || score > best.score) best = { feature, index, score, field, text };
    }
    if (best) hits.push(best);
  });
  hits.sort((a, b) => b.score - a.score || a.text.length - b.text.length || compareVi(a.text, b.text) || a.index - b.index);
  return hits.slice(0, options.limit ?? 20).map(({ text: _text, ...hit }) => hit);
}

function scoreText(t: string, q: string, qWords: string[]): number {
  if (t === q) return 100;
  if (t.startsWith(q)) return 90;
  const words = t.split(' ');
  // The query's words, the last one possibly unfinished, as consecutive words of the name.
  for (let i = 0; i + qWords.length <= words.length; i++) {
    if (qWords.every((w, k) => (k === qWords.length - 1 ? words[i + k].startsWith(w) : words[i + k] === w))) return 80;
  }
  if (qWords.every((w) => words.some((x) => x.startsWith(w)))) return 60;
  if (t.includes(q)) return 40;
  return 0;
}
