import { describe, expect, it } from 'vitest';
import { tmForward, tmInverse, UTM48N, localTM } from '../../core/print/transverse-mercator.ts';
import { pageLayout, pageSize } from '../../core/print/paper.ts';
import { fitScale, formatScale, groundToPaperMm, scaleBar, zoomForScale } from '../../core/print/scale.ts';
import { createMapView, toLonLat, toPage } from '../../core/print/map-view.ts';
import { formatDMS, gridLines, gridTicks, mapReference, refGrid } from '../../core/print/grid.ts';

const RAD = Math.PI / 180;
// WGS84 radii of curvature at a latitude: independent of the projection code under test.
const a = 6378137;
const e2 = (1 / 298.257223563) * (2 - 1 / 298.257223563);
const N = (lat: number) => a / Math.sqrt(1 - e2 * Math.sin(lat * RAD) ** 2);
const M = (lat: number) => (a * (1 - e2)) / (1 - e2 * Math.sin(lat * RAD) ** 2) ** 1.5;
/** Longitude step for `m` metres east along the parallel, latitude step for `m` metres north. */
const dLonFor = (m: number, lat: number) => m / (N(lat) * Math.cos(lat * RAD)) / RAD;
const dLatFor = (m: number, lat: number) => m / M(lat) / RAD;

describe('transverse Mercator (UTM zone 48N)', () => {
  it('matches GDAL/PROJ for Hoan Kiem lake and the central meridian', () => {
    // Reference: `gdaltransform -s_srs EPSG:4326 -t_srs EPSG:32648` → 588761.58734026 2325539.2523541
    const p = tmForward(UTM48N, 105.8542, 21.0285);
    expect(p.x).toBeCloseTo(588761.587, 2);
    expect(p.y).toBeCloseTo(2325539.252, 2);
    // 105°E, 21°N → 499999.999999997 2322147.6383551
    const q = tmForward(UTM48N, 105, 21);
    expect(q.x).toBeCloseTo(500000, 3);
    expect(q.y).toBeCloseTo(2322147.638, 2);
  });

  it('inverts to GDAL’s answer: 588000 2325000 → 105.846843927484, 21.02366470926', () => {
    const [lon, lat] = tmInverse(UTM48N, 588000, 2325000);
    expect(lon).toBeCloseTo(105.846843927, 8);
    expect(lat).toBeCloseTo(21.023664709, 8);
  });

  it('gives the point scale factor and convergence GDAL implies at Hoan Kiem', () => {
    // From GDAL: 0.001° east (103.9507 m on the ground) is 103.9192 m on the grid → k = 0.999697;
    // 0.001° north moves the grid point −0.5922 m in x over 110.6824 m in y → γ = 0.3066°.
    const p = tmForward(UTM48N, 105.8542, 21.0285);
    expect(p.k).toBeCloseTo(0.999697, 6);
    expect(p.gamma / RAD).toBeCloseTo(0.3066, 3);
  });

  it('round-trips to better than a millimetre across Hanoi', () => {
    for (const [lon, lat] of [
      [105.3, 20.6],
      [105.85, 21.03],
      [106.02, 21.38],
    ]) {
      const p = tmForward(UTM48N, lon, lat);
      const [lon2, lat2] = tmInverse(UTM48N, p.x, p.y);
      expect(Math.abs(lon2 - lon) * N(lat) * Math.cos(lat * RAD) * RAD).toBeLessThan(0.001);
      expect(Math.abs(lat2 - lat) * M(lat) * RAD).toBeLessThan(0.001);
    }
  });

  it('is true to scale on its own central meridian when k0 = 1', () => {
    const tm = localTM(105.78);
    const p = tmForward(tm, 105.78, 21.05);
    expect(p.k).toBeCloseTo(1, 9);
    expect(p.x).toBeCloseTo(0, 6);
  });
});

describe('paper', () => {
  it('knows A4 and A3 in both orientations', () => {
    expect(pageSize('A4', 'portrait')).toEqual({ w: 210, h: 297 });
    expect(pageSize('A4', 'landscape')).toEqual({ w: 297, h: 210 });
    expect(pageSize('A3', 'landscape')).toEqual({ w: 420, h: 297 });
  });

  it('keeps the map frame inside the margins, clear of header, panel and footer', () => {
    for (const o of ['portrait', 'landscape'] as const) {
      const l = pageLayout('A4', o, 10);
      expect(l.map.x).toBe(10);
      expect(l.header.y + l.header.h).toBeLessThan(l.map.y);
      expect(l.map.y + l.map.h).toBeLessThan(l.footer.y);
      if (o === 'landscape') expect(l.map.x + l.map.w).toBeLessThan(l.panel.x);
      else expect(l.map.y + l.map.h).toBeLessThan(l.panel.y);
      expect(l.footer.y + l.footer.h).toBeCloseTo(l.page.h - 10, 9);
    }
  });
});

describe('scale', () => {
  it('puts 100 m on the ground at 10 mm on paper at 1:10 000', () => {
    expect(groundToPaperMm(100, 10000)).toBe(10);
    expect(groundToPaperMm(1000, 25000)).toBe(40);
  });

  it('fits an extent with the most detailed round scale that holds it', () => {
    // 2 km × 1.5 km into 200 × 150 mm with 4 % padding each side: exact 1:10 870 → 1:12 500.
    expect(fitScale(2000, 1500, 200, 150)).toBe(12500);
    expect(fitScale(500, 300, 200, 150)).toBe(3000);
  });

  it('draws a bar of round length within the room given', () => {
    const b = scaleBar(10000, 60);
    expect(b.metres).toBe(500);
    expect(b.mm).toBe(50);
    expect(b.labels).toEqual(['0', '', '', '', '', '500 m']);
    const c = scaleBar(25000, 60);
    expect(c.metres).toBe(1000);
    expect(c.labels[c.labels.length - 1]).toBe('1 km');
    expect(scaleBar(50000, 60).labels).toEqual(['0', '', '', '', '', '2.5 km']);
    expect(scaleBar(50000, 45).labels).toEqual(['0', '', '1', '', '2 km']);
  });

  it('names the MapLibre zoom that shows a scale (print.md: Hanoi 1:10 000 ≈ z14.75, 1:25 000 ≈ 13.43)', () => {
    expect(zoomForScale(10000, 21.03)).toBeCloseTo(14.75, 1);
    expect(zoomForScale(25000, 21.03)).toBeCloseTo(13.43, 1);
  });

  it('writes the scale with thin spaces between thousands', () => {
    expect(formatScale(10000)).toBe('1:10\u202f000');
  });
});

describe('map view', () => {
  const frame = { x: 10, y: 30, w: 200, h: 150 };
  const view = createMapView([105.78, 21.05], 10000, frame);

  it('puts the centre in the middle of the frame', () => {
    const [x, y] = toPage(view, 105.78, 21.05);
    expect(x).toBeCloseTo(110, 9);
    expect(y).toBeCloseTo(105, 9);
  });

  it('shows 1 km east and 1 km north as 100 mm at 1:10 000, within 0.01 %', () => {
    const [x0, y0] = toPage(view, 105.78, 21.05);
    const [xe] = toPage(view, 105.78 + dLonFor(1000, 21.05), 21.05);
    const [, yn] = toPage(view, 105.78, 21.05 + dLatFor(1000, 21.05));
    expect(Math.abs(xe - x0 - 100)).toBeLessThan(0.01);
    expect(Math.abs(y0 - yn - 100)).toBeLessThan(0.01);
  });

  it('inverts page positions (to a tenth of a micrometre)', () => {
    const [lon, lat] = toLonLat(view, 30, 50);
    const [x, y] = toPage(view, lon, lat);
    expect(x).toBeCloseTo(30, 4);
    expect(y).toBeCloseTo(50, 4);
  });
});

describe('grids', () => {
  const view = createMapView([105.78, 21.05], 10000, { x: 10, y: 30, w: 200, h: 150 });

  it('writes degrees, minutes and seconds', () => {
    expect(formatDMS(21.05, 30)).toBe('21°03′00″');
    expect(formatDMS(105.775, 60)).toBe('105°46′30″');
    expect(formatDMS(105.75, 60)).toBe('105°45′');
  });

  it('draws a UTM kilometre grid of round values, labelled where lines leave the frame', () => {
    // 2 km × 1.5 km of ground: at most 7 lines each way → 500 m spacing.
    const lines = gridLines(view, 'utm');
    const eastings = lines.filter((l) => l.axis === 'x').map((l) => l.value);
    expect(eastings.every((e) => e % 500 === 0)).toBe(true);
    expect(eastings.length).toBeGreaterThanOrEqual(4);
    const ticks = gridTicks(view, lines);
    expect(ticks.filter((t) => t.edge === 'top').length).toBe(eastings.length);
    // A UTM easting line crosses the frame where GDAL's coordinates say: check one.
    const e = eastings[1];
    const top = ticks.find((t) => t.edge === 'top' && t.label === String(e / 1000))!;
    const [lon, lat] = toLonLat(view, top.at, 30);
    expect(tmForward(UTM48N, lon, lat).x).toBeCloseTo(e, 0);
  });

  it('gives a lat/lon graticule whose meridians are near-vertical on the page', () => {
    const lines = gridLines(view, 'latlon').filter((l) => l.axis === 'x');
    for (const l of lines) {
      const dx = l.points[l.points.length - 1][0] - l.points[0][0];
      expect(Math.abs(dx)).toBeLessThan(0.5);
    }
  });

  it('gives lettered columns and numbered rows for the table', () => {
    const g = refGrid(view);
    expect([g.cols, g.rows]).toEqual([5, 4]);
    expect(mapReference(view, g, 105.78, 21.05)).toBe('C3');
    const [lon, lat] = toLonLat(view, 11, 31);
    expect(mapReference(view, g, lon, lat)).toBe('A1');
    expect(mapReference(view, g, 106.5, 21.05)).toBeNull();
  });
});
