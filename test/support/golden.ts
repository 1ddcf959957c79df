/**
 * Golden GeoJSON fixtures in Turf's manner: `<dir>/in/<name>.geojson` is run through the function
 * under test and compared with `<dir>/out/<name>.geojson`. Both are plain GeoJSON a person can open
 * in a GIS. `REGEN=1 npx vitest run <file>` rewrites the outputs; review the diff before committing.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';

/** One test per input fixture under `dir/in`, comparing `run(input)` with `dir/out`. */
export function goldenFixtures(dir: string, run: (input: FeatureCollection, name: string) => FeatureCollection): void {
  const names = readdirSync(join(dir, 'in')).filter((f) => f.endsWith('.geojson')).sort();
  if (names.length === 0) throw new Error(`no fixtures in ${join(dir, 'in')}`);
  for (const file of names) {
    it(`fixture ${file}`, () => {
      const input = JSON.parse(readFileSync(join(dir, 'in', file), 'utf8')) as FeatureCollection;
      const actual = JSON.parse(JSON.stringify(run(input, file.replace(/\.geojson$/, ''))));
      const outFile = join(dir, 'out', file);
      if (process.env.REGEN === '1') {
        mkdirSync(join(dir, 'out'), { recursive: true });
        writeFileSync(outFile, JSON.stringify(actual, null, 2) + '\n');
      }
      if (!existsSync(outFile)) throw new Error(`${outFile} is missing: run with REGEN=1 and review it`);
      expect(actual).toEqual(JSON.parse(readFileSync(outFile, 'utf8')));
    });
  }
}

/** Round to centimetres so golden files do not churn on the last bits of a float. */
export const cm = (m: number): number => Math.round(m * 100) / 100;
