import { describe, expect, it } from 'vitest';
import { formatViewHash, parseViewHash } from '../../client/src/lib/view-hash.ts';

describe('the view in the URL hash', () => {
  it('writes zoom, latitude, longitude and the visible layers in the contract order', () => {
    expect(formatViewHash({ center: [105.7751234, 21.0623456], zoom: 15.5, layers: ['wards', 'checkpoints'] })).toBe('#map=15.5/21.06235/105.77512&layers=wards,checkpoints');
    expect(formatViewHash({ center: [105.78, 21.07], zoom: 14, layers: [] })).toBe('#map=14/21.07000/105.78000&layers=');
    expect(formatViewHash({ center: [0, 0], zoom: 0, layers: [] })).toBe('#map=0/0.00000/0.00000&layers=');
    expect(formatViewHash({ center: [105.78, 21.07], zoom: 20, layers: [] })).toBe('#map=20/21.07000/105.78000&layers=');
    expect(formatViewHash({ center: [105.78, 21.07], zoom: 10.2, layers: ['incidents'] })).toBe('#map=10.2/21.07000/105.78000&layers=incidents');
  });

  it('reads back what it wrote', () => {
    expect(parseViewHash('#map=15.5/21.06235/105.77512&layers=checkpoints,wards')).toEqual({ zoom: 15.5, center: [105.77512, 21.06235], layers: ['checkpoints', 'wards'] });
  });

  it('keeps no layer list when the hash names none, and an empty one when it names an empty list', () => {
    expect(parseViewHash('#map=12/21/105')).toEqual({ zoom: 12, center: [105, 21] });
    expect(parseViewHash('#map=12/21/105&layers=')).toEqual({ zoom: 12, center: [105, 21], layers: [] });
  });

  it('drops unknown layers and views off the globe', () => {
    expect(parseViewHash('#layers=wards,roads,incidents')).toEqual({ layers: ['wards', 'incidents'] });
    expect(parseViewHash('#map=12/95/105')).toEqual({});
    expect(parseViewHash('#map=12/21/200')).toEqual({});
    expect(parseViewHash('#map=abc')).toEqual({});
    expect(parseViewHash('')).toEqual({});
  });
});
