import { describe, expect, it } from 'vitest';
import { DistanceError, parseDistance, parseDistances } from './distance.ts';

describe('parseDistance', () => {
  it.each([
    ['500 m', 500],
    ['500m', 500],
    ['500', 500],
    [' 500 M ', 500],
    ['1,5 km', 1500],
    ['1.5 km', 1500],
    ['0.5km', 500],
    ['0,25 km', 250],
    ['.5 km', 500],
    ['2 kilometres', 2000],
    ['100 mét', 100],
    ['0.500 km', 500],
    ['12.5 m', 12.5],
  ])('reads %j as %d m', (text, metres) => {
    expect(parseDistance(text)).toBe(metres);
  });

  it('reads a bare number in the unit it is given', () => {
    expect(parseDistance('2', 'km')).toBe(2000);
  });

  it.each([
    ['', /Enter a distance/],
    ['abc', /not a distance/],
    ['5 miles', /Unknown unit "miles"/],
    ['-5 m', /greater than 0/],
    ['0 m', /greater than 0/],
    ['1.500 m', /ambiguous: write 1500 for 1500 or 1.5 for a decimal/],
    ['1,500', /ambiguous/],
  ])('refuses %j with a clear message', (text, message) => {
    expect(() => parseDistance(text)).toThrow(DistanceError);
    expect(() => parseDistance(text)).toThrow(message);
  });
});

describe('parseDistances', () => {
  it('reads rings separated by ";" or ", ", sorted and without duplicates', () => {
    expect(parseDistances('500 m; 100 m')).toEqual([100, 500]);
    expect(parseDistances('100, 500 m')).toEqual([100, 500]);
    expect(parseDistances('100 m, 100 m, 1,5 km')).toEqual([100, 1500]);
  });

  it('gives a bare number the unit of the next item that has one', () => {
    expect(parseDistances('0.1, 0.5 km')).toEqual([100, 500]);
  });

  it('names the item that is not a distance', () => {
    expect(() => parseDistances('100 m; lots')).toThrow(/"lots" is not a distance/);
    expect(() => parseDistances(' ; ')).toThrow(/at least one distance/);
  });
});
