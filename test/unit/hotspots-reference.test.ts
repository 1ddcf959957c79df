/**
 * Gi* and Moran's I against an independent implementation: R's spdep (`localG` with
 * `include.self`, `moran.test`), on the very grid cells and distance bands our analysis used.
 * The grid centres (local metres), counts and bands are written to a temporary directory,
 * Rscript computes its statistics, and every z-score must agree within 1e-6.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hotspots, type HotspotResult } from '../../core/analysis/hotspots/hotspots.ts';
import { bandCutoffs } from '../../core/analysis/hotspots/distance-band.ts';
import { incrementalMoran } from '../../core/analysis/hotspots/incremental-moran.ts';
import { tessellation } from '../../core/analysis/hotspots/tessellation.ts';
import { boxPolygon, HANOI_WEST, plantedCluster, uniform } from '../fixtures/hotspots/synthetic.ts';
import { hasTools } from '../support/tools.ts';

const R_SCRIPT = `
suppressPackageStartupMessages(library(spdep))
args <- commandArgs(trailingOnly = TRUE)
cells <- read.csv(args[1])
band <- as.numeric(args[2])
cutoffs <- as.numeric(strsplit(args[3], ",")[[1]])
coords <- cbind(cells$x, cells$y)
tol <- 1 + 1e-9  # the same inclusive-band rule as ours: d <= band within 1e-9
nb <- include.self(dnearneigh(coords, 0, band * tol))
g <- as.numeric(localG(cells$v, nb2listw(nb, style = "B")))
write.csv(data.frame(z = sprintf("%.17g", g), p = sprintf("%.17g", 2 * pnorm(-abs(g)))), args[4], row.names = FALSE)
m <- t(sapply(cutoffs, function(d) {
  lw <- nb2listw(dnearneigh(coords, 0, d * tol), style = "W", zero.policy = TRUE)
  r <- moran.test(cells$v, lw, randomisation = TRUE, zero.policy = TRUE)
  c(r$estimate[1], r$estimate[2], r$estimate[3], r$statistic)
}))
write.csv(data.frame(I = sprintf("%.17g", m[, 1]), E = sprintf("%.17g", m[, 2]), V = sprintf("%.17g", m[, 3]), z = sprintf("%.17g", m[, 4])), args[5], row.names = FALSE)
`;

interface Reference {
  z: number[];
  p: number[];
  moran: { I: number; E: number; V: number; z: number }[];
}

function centres(result: HotspotResult) {
  const { grid, cell_size_m } = result.parameters;
  const tess = tessellation(grid, cell_size_m);
  const xs = new Float64Array(result.features.length);
  const ys = new Float64Array(result.features.length);
  const v = new Float64Array(result.features.length);
  result.features.forEach((f, i) => {
    const [a, b] = String(f.id).split(':').map(Number);
    [xs[i], ys[i]] = tess.centre(tess.key(a, b));
    v[i] = f.properties.count;
  });
  return { xs, ys, v };
}

const readCsv = (file: string) =>
  readFileSync(file, 'utf8').trim().split('\n').slice(1).map((line) => line.split(',').map((s) => Number(s.replaceAll('"', ''))));

describe.skipIf(!hasTools('Rscript'))('Gi* and Moran’s I equal R spdep on the same grid and weights', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'opsmap-spdep-'));
    writeFileSync(join(dir, 'ref.R'), R_SCRIPT);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function spdep(name: string, xs: Float64Array, ys: Float64Array, v: Float64Array, band: number, cutoffs: number[]): Reference {
    const rows = Array.from(xs, (x, i) => `${x.toPrecision(17)},${ys[i].toPrecision(17)},${v[i]}`);
    writeFileSync(join(dir, `${name}.csv`), 'x,y,v\n' + rows.join('\n') + '\n');
    execFileSync('Rscript', [join(dir, 'ref.R'), join(dir, `${name}.csv`), String(band), cutoffs.join(','), join(dir, `${name}-g.csv`), join(dir, `${name}-m.csv`)], { stdio: ['ignore', 'ignore', 'pipe'] });
    const g = readCsv(join(dir, `${name}-g.csv`));
    return { z: g.map((r) => r[0]), p: g.map((r) => r[1]), moran: readCsv(join(dir, `${name}-m.csv`)).map(([I, E, V, z]) => ({ I, E, V, z })) };
  }

  function expectSameGi(result: HotspotResult, ref: Reference) {
    expect(ref.z).toHaveLength(result.features.length);
    let worst = 0;
    result.features.forEach((f, i) => {
      worst = Math.max(worst, Math.abs(f.properties.gi_z! - ref.z[i]));
      expect(Math.abs(f.properties.gi_p! - ref.p[i])).toBeLessThanOrEqual(1e-12 + 1e-9 * ref.p[i]);
    });
    expect(worst).toBeLessThan(1e-6);
  }

  it('(a) a planted cluster: every z equal, and the cluster’s cell is a 99 % hot spot', { timeout: 60_000 }, () => {
    const centre: [number, number] = [105.77, 21.04];
    const result = hotspots(plantedCluster(400, 150, centre, 0.002));
    expect(result.parameters).toMatchObject({ gi_status: 'ok', fdr: true, cell_size_source: 'auto', cells: 'with-incidents' });
    expect(result.features.every((f) => f.properties.count > 0)).toBe(true);
    const { xs, ys, v } = centres(result);
    const band = result.parameters.distance_band_m!;
    const cuts = bandCutoffs(xs, ys).slice(0, 3);
    const ref = spdep('cluster', xs, ys, v, band, cuts);
    expectSameGi(result, ref);

    const tess = tessellation('hexagon', result.parameters.cell_size_m);
    const [ox, oy] = result.parameters.origin;
    const hot = result.features.find((f) => f.properties.count === Math.max(...result.features.map((g) => g.properties.count)))!;
    expect(hot.properties.gi_bin).toBe(3);
    const [hx, hy] = tess.centre(tess.key(...(String(hot.id).split(':').map(Number) as [number, number])));
    expect(Math.hypot(hx, hy)).toBeLessThan(2000); // the densest cell is at the planted centre, near the origin
    expect([ox, oy]).toEqual([105.77, 21.04]);
    expect(result.parameters.bin_counts['3']).toBeGreaterThan(0);
    expect(result.parameters.bin_counts['-3'] + result.parameters.bin_counts['-2']).toBe(0);
  });

  it('(b) uniform noise inside a boundary (zero cells included): every z equal, Moran’s I equal, almost nothing significant after FDR', { timeout: 60_000 }, () => {
    const result = hotspots(uniform(3000, HANOI_WEST, 11), { boundary: [boxPolygon(HANOI_WEST)], cellSize: 500 });
    expect(result.parameters).toMatchObject({ gi_status: 'ok', cells: 'boundary', cell_size_source: 'user', fdr: true });
    expect(result.features.some((f) => f.properties.count === 0)).toBe(true);
    const { xs, ys, v } = centres(result);
    const cuts = bandCutoffs(xs, ys).slice(0, 5);
    const ref = spdep('uniform', xs, ys, v, result.parameters.distance_band_m!, cuts);
    expectSameGi(result, ref);

    // Every cell of a full lattice has neighbours in every band, so ArcGIS's and spdep's Moran's I coincide.
    const ours = incrementalMoran(xs, ys, v, cuts);
    ours.forEach((b, i) => {
      expect(b.n).toBe(xs.length);
      expect(Math.abs(b.I - ref.moran[i].I)).toBeLessThan(1e-9);
      expect(Math.abs(b.variance - ref.moran[i].V)).toBeLessThan(1e-12);
      expect(Math.abs(b.z - ref.moran[i].z)).toBeLessThan(1e-6);
    });

    const significant = result.features.filter((f) => f.properties.gi_bin !== 0).length;
    expect(significant / result.features.length).toBeLessThan(0.01);
    const unadjusted = result.features.filter((f) => f.properties.gi_p! <= 0.1).length;
    expect(unadjusted).toBeGreaterThan(significant); // FDR removed the chance hits at 90 %
  });

  it('(c) a fishnet with a user band: every z equal', { timeout: 60_000 }, () => {
    const result = hotspots(plantedCluster(500, 80, [105.75, 21.0], 0.004, HANOI_WEST, 3), { grid: 'fishnet', cellSize: 400, distanceBand: 1000, fdr: false });
    expect(result.parameters).toMatchObject({ grid: 'fishnet', distance_band_m: 1000, distance_band_source: 'user', fdr: false });
    const { xs, ys, v } = centres(result);
    expectSameGi(result, spdep('fishnet', xs, ys, v, 1000, [1000]));
  });
});
