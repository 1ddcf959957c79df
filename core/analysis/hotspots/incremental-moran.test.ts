import { describe, expect, it } from 'vitest';
import { peaks } from './incremental-moran.ts';

describe('peaks of the Moran z-score curve (ArcGIS returnPeakIndices, level 1.65)', () => {
  it('finds the first peak and the highest peak', () => {
    expect(peaks([1, 2, 3, 2, 4, 5, 3])).toEqual({ first: 2, max: 5 });
  });
  it('ignores peaks not above 1.65', () => {
    expect(peaks([1, 1.5, 1.6, 1.2, 2, 1.9])).toEqual({ first: 4, max: 4 });
  });
  it('needs the curve to have risen first: a falling start is no peak', () => {
    expect(peaks([5, 4, 3, 2])).toEqual({ first: null, max: null });
  });
  it('does not take the last band as a peak (no fall after it)', () => {
    expect(peaks([1, 2, 3, 4, 5])).toEqual({ first: null, max: null });
  });
});
