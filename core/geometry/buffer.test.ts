import { describe, expect, it } from 'vitest';
import { area, booleanPointInPolygon, booleanValid, destination, distance, featureCollection, lineString, point, pointToLineDistance, polygon, union } from '@turf/turf';
import type { Feature, Polygon, MultiPolygon, Position } from 'geojson';
import { bufferFeatures, bufferGeometry } from './buffer.ts';
import { vincentyDistance, monteCarloShare } from '../../test/fixtures/geometry/vincenty.ts';

const HANOI: Position = [105.78, 21.05];
const ring0 = (g: Polygon | MultiPolygon) => (g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0][0]);
const within = (actual: number, expected: number, rel: number) => expect(Math.abs(actual - expected) / expected).toBeLessThan(rel);

/** A square of side `sideM` metres with its south-west corner at `sw`. */
function square(sw: Position, sideM: number): Feature<Polygon> {
  const se = destination(sw, sideM / 1000, 90).geometry.coordinates;
  const nw = destination(sw, sideM / 1000, 0).geometry.coordinates;
  const ne = [se[0], nw[1]];
  return polygon([[sw, se, ne, nw, sw]]);
}

describe('point buffers', () => {
  const [disc] = bufferFeatures([point(HANOI)], { distances: 500 }).features;

  it('has the area of a 500 m circle, π r² = 785,398 m², within 1 %', () => {
    within(area(disc), Math.PI * 500 ** 2, 0.01);
  });

  it('puts every vertex 500 m from the centre on the WGS84 ellipsoid, within 1 %', () => {
    for (const v of ring0(disc.geometry)) within(vincentyDistance(HANOI, v), 500, 0.01);
  });

  it('puts every vertex 500 m from the centre on Turf’s sphere, within the 1 cm grid of the union', () => {
    for (const v of ring0(disc.geometry)) expect(Math.abs(distance(HANOI, v, { units: 'meters' }) - 500)).toBeLessThan(0.01);
  });

  it('labels the ring', () => {
    expect(disc.properties).toEqual({ distance_m: 500, inner_m: 0, ring: 1 });
  });
});

describe('line and polygon buffers', () => {
  const start = HANOI;
  const end = destination(HANOI, 2, 90).geometry.coordinates; // 2 km due east
  const line = lineString([start, end]);
  const [band] = bufferFeatures([line], { distances: 200 }).features;

  it('keeps every edge vertex 200 m from the line, measured geodesically, within 1 %', () => {
    const d = ring0(band.geometry).map((v) => pointToLineDistance(v, line, { units: 'meters', method: 'geodesic' }));
    expect(Math.min(...d)).toBeGreaterThan(198);
    expect(Math.max(...d)).toBeLessThan(202);
  });

  it('has the area of a 2 km × 400 m band with two half-discs: 800,000 + π·200² m², within 1 %', () => {
    within(area(band), 2000 * 400 + Math.PI * 200 ** 2, 0.01);
  });

  it('grows a 1 km square by 100 m: 1e6 + 4·1000·100 + π·100² m², within 1 %', () => {
    const [grown] = bufferFeatures([square(HANOI, 1000)], { distances: 100 }).features;
    within(area(grown), 1e6 + 4 * 1000 * 100 + Math.PI * 100 ** 2, 0.01);
  });

  it('gives nothing for a null geometry or an empty line', () => {
    expect(bufferGeometry(null, 100)).toEqual([]);
    expect(bufferGeometry({ type: 'LineString', coordinates: [] }, 100)).toEqual([]);
    expect(bufferFeatures([{ type: 'Feature', properties: {}, geometry: null }], { distances: 100 }).features).toEqual([]);
  });
});

describe('rings', () => {
  it('returns full discs per distance, smallest first', () => {
    const out = bufferFeatures([point(HANOI)], { distances: [500, 100] }).features;
    expect(out.map((f) => f.properties)).toEqual([
      { distance_m: 100, inner_m: 0, ring: 1 },
      { distance_m: 500, inner_m: 0, ring: 2 },
    ]);
    within(area(out[1]), Math.PI * 500 ** 2, 0.01);
  });

  it('returns annuli when asked: ring 2 is π(500² − 100²) m² and has a hole', () => {
    const out = bufferFeatures([point(HANOI)], { distances: [100, 500], annuli: true }).features;
    expect(out[1].properties).toEqual({ distance_m: 500, inner_m: 100, ring: 2 });
    within(area(out[0]), Math.PI * 100 ** 2, 0.01);
    within(area(out[1]), Math.PI * (500 ** 2 - 100 ** 2), 0.01);
    expect(out[1].geometry.type === 'Polygon' && out[1].geometry.coordinates.length).toBe(2);
  });

  it('makes annuli of overlapping discs: ring 2 area = area of the 500 m union − area of the 100 m union', () => {
    let s = 11;
    const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const pts = Array.from({ length: 60 }, () => point([105.75 + rnd() * 0.03, 21.03 + rnd() * 0.03]));
    const [inner, outer] = bufferFeatures(pts, { distances: [100, 500] }).features;
    const rings = bufferFeatures(pts, { distances: [100, 500], annuli: true }).features;
    within(area(rings[1]), area(outer) - area(inner), 0.001);
    expect(booleanValid(rings[1].geometry)).toBe(true);
    // A point of a 100 m disc is not in ring 2; a point 300 m from a lone checkpoint is.
    const lone = bufferFeatures([point(HANOI)], { distances: [100, 500], annuli: true }).features[1];
    expect(booleanPointInPolygon(HANOI, lone)).toBe(false);
    expect(booleanPointInPolygon(destination(HANOI, 0.3, 45), lone)).toBe(true);
  });

  it('cuts close rings (100 m and 100.5 m) with a real difference', () => {
    const out = bufferFeatures([point(HANOI)], { distances: [100, 100.5], annuli: true }).features;
    within(area(out[1]), Math.PI * (100.5 ** 2 - 100 ** 2), 0.05);
  });

  it('refuses a distance that is not a positive number', () => {
    expect(() => bufferFeatures([point(HANOI)], { distances: [0] })).toThrow(/positive/);
    expect(() => bufferFeatures([point(HANOI)], { distances: [] })).toThrow(/at least one/);
  });
});

describe('dissolve', () => {
  const b = destination(HANOI, 0.6, 90).geometry.coordinates; // 600 m east
  // Union of two discs of radius r at distance d: 2πr² minus the lens 2r²·acos(d/2r) − (d/2)·√(4r² − d²).
  const r = 500, d = 600;
  const lens = 2 * r * r * Math.acos(d / (2 * r)) - (d / 2) * Math.sqrt(4 * r * r - d * d);

  it('merges two overlapping discs into one polygon with the area of the exact union', () => {
    const out = bufferFeatures([point(HANOI), point(b)], { distances: r }).features;
    expect(out).toHaveLength(1);
    expect(out[0].geometry.type).toBe('Polygon');
    within(area(out[0]), 2 * Math.PI * r * r - lens, 0.01);
  });

  it('keeps one buffer per feature, with its source id, when not dissolving', () => {
    const out = bufferFeatures([{ ...point(HANOI), id: 'cp-1' }, point(b)], { distances: r, dissolve: false }).features;
    expect(out.map((f) => f.properties.source_id)).toEqual(['cp-1', 1]);
    within(area(out[0]) + area(out[1]), 2 * Math.PI * r * r, 0.01);
  });

  it('keeps apart discs that do not touch, as one MultiPolygon', () => {
    const far = destination(HANOI, 3, 0).geometry.coordinates;
    const [out] = bufferFeatures([point(HANOI), point(far)], { distances: r }).features;
    expect(out.geometry.type).toBe('MultiPolygon');
    within(area(out), 2 * Math.PI * r * r, 0.01);
  });

  describe('200 random checkpoints over Bắc Từ Liêm at 500 m', () => {
    let s = 7;
    const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const bbox: [number, number, number, number] = [105.7, 21.02, 105.82, 21.11];
    const pts = Array.from({ length: 200 }, () => point([bbox[0] + rnd() * (bbox[2] - bbox[0]), bbox[1] + rnd() * (bbox[3] - bbox[1])]));
    const [out] = bufferFeatures(pts, { distances: 500 }).features;

    it('is a valid (Multi)Polygon', () => {
      expect(booleanValid(out.geometry)).toBe(true);
    });

    it('has the area of Turf’s own union of the same circles, within 0.1 %', () => {
      const circles = pts.map((p) => ({ type: 'Feature' as const, properties: {}, geometry: bufferGeometry(p.geometry, 500)[0] as Polygon }));
      const reference = union(featureCollection(circles));
      within(area(out), area(reference!), 0.001);
    });

    it('covers the share of the box that lies within 500 m of a checkpoint (Monte Carlo, 20,000 samples), within 3 %', () => {
      const boxArea = area(polygon([[[bbox[0], bbox[1]], [bbox[2], bbox[1]], [bbox[2], bbox[3]], [bbox[0], bbox[3]], [bbox[0], bbox[1]]]]));
      // Discs reach beyond the box; count only their part inside it by sampling a grown box.
      const grown: [number, number, number, number] = [bbox[0] - 0.006, bbox[1] - 0.006, bbox[2] + 0.006, bbox[3] + 0.006];
      const grownArea = area(polygon([[[grown[0], grown[1]], [grown[2], grown[1]], [grown[2], grown[3]], [grown[0], grown[3]], [grown[0], grown[1]]]]));
      const share = monteCarloShare(grown, (p) => pts.some((c) => distance(p, c, { units: 'meters' }) <= 500));
      expect(boxArea).toBeGreaterThan(0);
      within(area(out), share * grownArea, 0.03);
    });
  });
});
