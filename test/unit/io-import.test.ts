/**
 * Whole imports into a real (temporary) database: the report, the one-transaction rule
 * (one bad feature → nothing written, the error names it), round trips export → import
 * for every format, the real Hanoi wards, and the two command-line tools.
 */
import { describe, expect, it, beforeEach, afterEach, vi } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { openSqliteStore, type SqliteStore } from '../../server/db/sqlite/store.ts';
import { StoreError } from '../../server/db/store.ts';
import { listFeatures } from '../../server/db/rows.ts';
import { openDatabase } from '../../server/db/open.ts';
import { countFeatures } from '../../server/db/sqlite/feature-queries.ts';
import { importFile } from '../../server/io/import.ts';
import { ReadAhead } from '../../server/io/read-ahead.ts';
import { exportLayer } from '../../server/io/export.ts';
import { EXPORT_FORMATS } from '../../server/io/format.ts';
import { IoError } from '../../server/io/errors.ts';
import { LAYERS, type LayerId } from '../../core/layers.ts';
import { hasSharedData, hasTools, SHARED_DATA } from '../support/tools.ts';

const FIXTURES = new URL('../fixtures/io/', import.meta.url).pathname;
const ROOT = new URL('../../', import.meta.url).pathname;
const actor = { name: 'test', address: null };
const enc = (s: string) => new TextEncoder().encode(s);

let dir: string;
let db: SqliteStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'opsmap-import-'));
  db = openSqliteStore(join(dir, 'test.sqlite'));
});
afterEach(() => db.close());

/** What a layer holds, without ids, versions and derived properties: what an import should reproduce. */
async function content(d: SqliteStore, layer: LayerId) {
  return (await listFeatures(d, layer, { limit: 1e9 })).features.map((f) => {
    const p = { ...f.properties };
    for (const k of LAYERS[layer].derived) delete p[k];
    return { geometry: f.geometry, properties: p };
  });
}

describe('importFile', () => {
  it('imports the GeoJSON fixture and reports what it read, imported and left out', async () => {
    const r = await importFile(db, 'checkpoints', readFileSync(FIXTURES + 'checkpoints.geojson'), { filename: 'checkpoints.geojson', actor });
    expect(r).toEqual({
      layer: 'checkpoints',
      format: 'geojson',
      read: 3,
      imported: 3,
      replaced: 0,
      left_out_properties: { ghi_chu: 1 },
      mapping: {},
      warnings: [],
      batch: 1,
      first_id: 1,
      last_id: 3,
    });
    expect((await content(db, 'checkpoints'))[1]).toEqual({
      geometry: { type: 'Point', coordinates: [105.7623, 21.0721] },
      properties: { name: 'Chốt Đông Ngạc', kind: 'security', status: 'planned', staff: 4 },
    });
  });

  it('imports the CSV fixture with text typed by the contract (staff "6" → 6, "Epidemic" → epidemic, "" → default)', async () => {
    const r = await importFile(db, 'checkpoints', readFileSync(FIXTURES + 'checkpoints.csv'), { filename: 'checkpoints.csv', actor });
    expect(r.imported).toBe(3);
    expect(r.left_out_properties).toEqual({ ghi_chu: 1 });
    expect((await content(db, 'checkpoints')).map((f) => f.properties)).toEqual([
      { name: 'Chốt Cầu Diễn', kind: 'epidemic', status: 'active', staff: 6, hours: '24/7' },
      { name: 'Chốt Đông Ngạc; cổng 2', kind: 'security', status: 'planned', staff: 4 },
      { name: 'Chốt Xuân Đỉnh', kind: 'traffic', status: 'planned', staff: 0, hours: '06:00–22:00' },
    ]);
  });

  it('imports the KML fixture of zones; the KML description is left out (zones have no such property)', async () => {
    const r = await importFile(db, 'quarantine-zones', readFileSync(FIXTURES + 'zones.kml'), { filename: 'zones.kml', actor });
    expect(r.imported).toBe(2);
    expect(r.left_out_properties).toEqual({ description: 1 });
    expect((await content(db, 'quarantine-zones'))[0].properties).toEqual({ name: 'Ngõ 12 Cổ Nhuế', level: 'lockdown', status: 'active', starts_on: '2021-05-12', people: 240 });
  });

  it('writes nothing when one feature is bad, and names it by feature number and row, with the reason', async () => {
    await importFile(db, 'checkpoints', readFileSync(FIXTURES + 'checkpoints.geojson'), { filename: 'c.geojson', actor });
    const before = await content(db, 'checkpoints');
    const csv = 'lon,lat,name,kind\n105.78,21.05,Chốt 1,epidemic\n105.79,21.06,Chốt 2,kiểm dịch\n105.80,21.07,Chốt 3,traffic\n';
    for (const replace of [false, true]) {
      const e = await importFile(db, 'checkpoints', enc(csv), { filename: 'bad.csv', actor, replace }).catch((x) => x);
      expect(e).toBeInstanceOf(StoreError);
      expect(e.message).toBe('Nothing was imported: 1 of 3 feature(s) are not valid for checkpoints.');
      expect(e.issues).toEqual([{ path: 'feature 2 (row 3): properties.kind', message: 'must be one of "epidemic", "security", "traffic"' }]);
      expect(await db.features.count('checkpoints')).toBe(3);
      expect(await content(db, 'checkpoints')).toEqual(before);
    }
  });

  it('names the file column when the bad property was mapped from a column of another name', async () => {
    const csv = 'lon,lat,ten_chot,loai\n105.78,21.05,Chốt 1,epidemic\n105.79,21.06,,security\n';
    const e = await importFile(db, 'checkpoints', enc(csv), { filename: 'c.csv', actor, map: 'name=ten_chot,kind=loai' }).catch((x) => x);
    expect(e.issues).toEqual([{ path: 'feature 2 (row 3): properties.name (column ten_chot)', message: 'is required' }]);
  });

  it('with replace, swaps the layer in one go and reports how many were replaced', async () => {
    await importFile(db, 'checkpoints', readFileSync(FIXTURES + 'checkpoints.geojson'), { filename: 'c.geojson', actor });
    const r = await importFile(db, 'checkpoints', enc('lon,lat,name,kind\n105.78,21.05,Chốt mới,security\n'), { filename: 'c.csv', actor, replace: true });
    expect([r.imported, r.replaced]).toEqual([1, 3]);
    expect((await content(db, 'checkpoints')).map((f) => f.properties.name)).toEqual(['Chốt mới']);
  });

  it('refuses an empty file (which with replace would have wiped the layer) and projected coordinates', async () => {
    await importFile(db, 'checkpoints', readFileSync(FIXTURES + 'checkpoints.geojson'), { filename: 'c.geojson', actor });
    await expect(importFile(db, 'checkpoints', enc('{"type":"FeatureCollection","features":[]}'), { filename: 'e.geojson', actor, replace: true })).rejects.toThrow(
      'The file holds no features; nothing was imported and the layer was left as it was.',
    );
    const utm = enc('x,y,name,kind\n580123.5,2326540.1,Chốt,traffic\n');
    const e = await importFile(db, 'checkpoints', utm, { filename: 'utm.csv', actor }).catch((x) => x);
    expect(e).toBeInstanceOf(IoError);
    expect(e.message).toMatch(/^Coordinates such as \(580123\.5, 2326540\.1\) are not longitude\/latitude.*ogr2ogr -t_srs EPSG:4326/);
    expect(await db.features.count('checkpoints')).toBe(3);
  });
});

describe('a large file read on a second thread (read ahead) imports as on one thread', () => {
  /** 2,500 incidents, three batches of the reading thread, with Vietnamese text, quotes and a mapped column. */
  const incidents = (bad?: number) =>
    'lon,lat,loai,occurred_at,severity,description\n' +
    Array.from({ length: 2500 }, (_, i) => `${105.7 + (i % 97) * 1e-3},${21 + (i % 89) * 1e-3},${i === bad ? 'xyz' : ['violation', 'traffic'][i % 2]},2021-05-0${1 + (i % 9)}T0${i % 10}:00:00+07:00,${1 + (i % 3)},"Vi phạm ""số"" ${i}"`).join('\n') +
    '\n';
  const both = async (run: (store: SqliteStore, readAhead: boolean) => Promise<unknown>) => {
    const other = openSqliteStore(join(dir, 'other.sqlite'));
    // The second run really reads ahead: import.ts falls back to one thread where it cannot, and
    // gives the same answers there, so equal results alone would not show it.
    const readAhead = vi.spyOn(ReadAhead.prototype, 'rows');
    try {
      const one = await run(db, false);
      expect(readAhead).not.toHaveBeenCalled();
      const two = await run(other, true);
      expect(readAhead).toHaveBeenCalled();
      return [one, two, other] as const;
    } catch (e) {
      other.close();
      throw e;
    } finally {
      readAhead.mockRestore();
    }
  };

  it('gives the same report and the same rows, in the same order', async () => {
    const [one, two, other] = await both((store, readAhead) => importFile(store, 'incidents', enc(incidents()), { filename: 'i.csv', actor, map: 'category=loai', readAhead }));
    try {
      expect(two).toEqual(one);
      expect((one as { imported: number }).imported).toBe(2500);
      expect(await content(other, 'incidents')).toEqual(await content(db, 'incidents'));
      // What a large write sets aside and fills at the end: the kept counts, the extent, the spatial and secondary indexes.
      const kept = (store: SqliteStore) => ({
        counts: store.db.sqlite.prepare('SELECT day, ward_code, category, n FROM incident_counts ORDER BY 1, 2, 3').all(),
        stats: store.db.sqlite.prepare("SELECT n, minx, miny, maxx, maxy, t0, t1 FROM layer_stats WHERE collection = 'incidents'").get(),
        rtree: store.db.sqlite.prepare('SELECT count(*) AS n FROM features_rtree_incidents').get(),
        indexes: store.db.sqlite.prepare("SELECT name FROM sqlite_master WHERE tbl_name = 'features' ORDER BY name").all(),
        check: store.db.sqlite.pragma('integrity_check'),
      });
      expect(kept(other)).toEqual(kept(db));
      expect(kept(other).rtree).toEqual({ n: 2500 });
      const [g1, g2] = await both((store, readAhead) => importFile(store, 'checkpoints', readFileSync(FIXTURES + 'checkpoints.geojson'), { filename: 'c.geojson', actor, readAhead }));
      expect(g2).toEqual(g1);
    } finally {
      other.close();
    }
  });

  it('writes nothing when a feature late in the file is bad, and names it as on one thread (row, mapped column)', async () => {
    const errors = await Promise.all(
      [false, true].map((readAhead) => importFile(db, 'incidents', enc(incidents(2400)), { filename: 'i.csv', actor, map: 'category=loai', readAhead }).catch((x) => x)),
    );
    for (const e of errors) {
      expect(e).toBeInstanceOf(StoreError);
      expect(e.message).toBe('Nothing was imported: 1 of 2500 feature(s) are not valid for incidents.');
      expect(e.issues).toEqual([{ path: 'feature 2401 (row 2402): properties.category (column loai)', message: expect.stringMatching(/^must be one of/) }]);
    }
    expect(await db.features.count('incidents')).toBe(0);
    expect(await db.history.batches()).toEqual([]);
  });

  it('writes nothing when the file is damaged near its end, or holds more features than the cap', async () => {
    const features = Array.from({ length: 2100 }, (_, i) => ({ type: 'Feature', properties: { category: 'traffic', occurred_at: '2021-05-02T08:00:00+07:00', severity: 1 }, geometry: { type: 'Point', coordinates: [105.8 + i * 1e-5, 21.02] } }));
    const text = JSON.stringify({ type: 'FeatureCollection', features });
    const damaged = `{"type":"FeatureCollection","features":[\n${features.map((f, i) => (i === 2096 ? '{"type":"Feature",}' : JSON.stringify(f))).join(',\n')}\n]}`;
    const e = await importFile(db, 'incidents', enc(damaged), { filename: 'i.geojson', actor, readAhead: true }).catch((x) => x);
    expect(e).toBeInstanceOf(IoError);
    expect(e.message).toBe('The file is not valid JSON: expected double-quoted property name in feature 2097 (line 2098, column 19).');
    const cap = await importFile(db, 'incidents', enc(text), { filename: 'i.geojson', actor, readAhead: true, limits: { maxFeatures: 2000 } }).catch((x) => x);
    expect(cap.message).toMatch(/at most 2000 can be imported/);
    expect(await db.features.count('incidents')).toBe(0);
    expect(await db.history.batches()).toEqual([]);
  });
});

describe('round trip: export, then import into an empty database, gives the same layer', () => {
  const seeds: Array<[LayerId, string]> = [
    ['checkpoints', 'checkpoints.geojson'],
    ['quarantine-zones', 'zones.kml'],
  ];
  for (const [layer, file] of seeds)
    for (const format of EXPORT_FORMATS)
      it(`${layer} as ${format}`, async () => {
        await importFile(db, layer, readFileSync(FIXTURES + file), { filename: file, actor });
        const out = await exportLayer(db, layer, format);
        expect(out.count).toBe(layer === 'checkpoints' ? 3 : 2);
        const other = openSqliteStore(join(dir, 'other.sqlite'));
        try {
          const r = await importFile(other, layer, enc(out.body), { filename: out.filename, actor });
          // KML's <name> is read back as "name": for these layers the label is the name property itself.
          expect(r.left_out_properties).toEqual({});
          expect(await content(other, layer)).toEqual(await content(db, layer));
        } finally {
          await other.close();
        }
      });
});

describe.skipIf(!hasSharedData('hanoi-wards.geojson'))('the real Hanoi wards (../shared/data)', () => {
  const file = SHARED_DATA + 'hanoi-wards.geojson';
  const source = () => JSON.parse(readFileSync(file, 'utf8')).features as Array<{ properties: Record<string, string> }>;

  it('imports all 103 wards with the README mapping, Vietnamese names intact', async () => {
    const r = await importFile(db, 'wards', readFileSync(file), { filename: 'hanoi-wards.geojson', actor, map: 'code=ward_code,name=ward_name,district=district_name,province=province_name' });
    expect(r.imported).toBe(103);
    expect(r.left_out_properties).toMatchObject({ name: 103, name_ascii: 103, gadm_gid3: 103 });
    const wards = (await listFeatures(db, 'wards', { limit: 1000 })).features;
    const byCode = Object.fromEntries(wards.map((w) => [w.properties!.code, w.properties!]));
    expect(byCode['00610']).toEqual({ code: '00610', name: 'Phường Xuân Đỉnh', district: 'Quận Bắc Từ Liêm', province: 'Thành phố Hà Nội' });
    expect(wards.map((w) => w.properties!.name).sort()).toEqual(source().map((f) => f.properties.ward_name).sort());
  });

  it('imports them without a mapping too: code, district and province are found automatically', async () => {
    const r = await importFile(db, 'wards', readFileSync(file), { filename: 'hanoi-wards.geojson', actor });
    expect(r.imported).toBe(103);
    expect(r.mapping).toEqual({ code: 'ward_code', district: 'district_name', province: 'province_name' });
    expect((await listFeatures(db, 'wards', { filters: { code: '00610' } })).features[0].properties!.name).toBe('Xuân Đỉnh');
  });

  it.skipIf(!hasTools('ogr2ogr'))('imports them from a zipped Shapefile written by GDAL (names cut to 10 characters, UTF-8 .cpg)', async () => {
    execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', '-lco', 'ENCODING=UTF-8', join(dir, 'wards.shp'), file]);
    const files = Object.fromEntries(readdirSync(dir).filter((f) => f.startsWith('wards.')).map((f) => [f, readFileSync(join(dir, f))]));
    const r = await importFile(db, 'wards', zipSync(files), { filename: 'wards.zip', actor, map: 'name=ward_name' });
    expect(r.imported).toBe(103);
    expect(r.mapping).toEqual({ code: 'ward_code', name: 'ward_name', district: 'district_n', province: 'province_n' });
    expect((await listFeatures(db, 'wards', { limit: 1000 })).features.map((w) => w.properties!.name).sort()).toEqual(source().map((f) => f.properties.ward_name).sort());
  });
});

describe('command-line tools', () => {
  // `npx tsx FILE`, without npx's package lookup.
  const tsx = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, OPSMAP_DB: join(dir, 'cli.sqlite') } });
  const cliCount = () => {
    const check = openDatabase(join(dir, 'cli.sqlite'));
    try {
      return countFeatures(check, 'checkpoints');
    } finally {
      check.sqlite.close();
    }
  };

  it('import prints the report as JSON, into the database named by OPSMAP_DB', () => {
    const ok = tsx('server/cli/import.ts', FIXTURES + 'checkpoints.csv', '--layer', 'checkpoints');
    // Progress and how to undo go to stderr; stdout is the report alone.
    expect(ok.stderr).toContain('imported 3 features');
    expect(ok.stderr).toContain('npm run import -- --undo 1');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ layer: 'checkpoints', format: 'csv', read: 3, imported: 3, replaced: 0, left_out_properties: { ghi_chu: 1 }, mapping: {}, warnings: [], batch: 1, first_id: 1, last_id: 3 });
    expect(cliCount()).toBe(3);
  });

  it('import of a file with a bad feature exits 1 naming the feature, and writes nothing', () => {
    writeFileSync(join(dir, 'bad.csv'), 'lon,lat,name,kind,staff\n105.78,21.05,Chốt 1,epidemic,3\n105.79,21.06,Chốt 2,security,-4\n');
    const bad = tsx('server/cli/import.ts', join(dir, 'bad.csv'), '--layer', 'checkpoints');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('Nothing was imported: 1 of 2 feature(s) are not valid for checkpoints.\n  - feature 2 (row 3): properties.staff: must not be negative');
    expect(cliCount()).toBe(0);
    const wrong = tsx('server/cli/import.ts', FIXTURES + 'checkpoints.csv', '--layer', 'schools');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('--layer must be one of wards, checkpoints, quarantine-zones, polling-stations, incidents, facilities, not "schools"');
  });

  it.skipIf(!hasTools('ogrinfo'))('export writes a file GDAL reads with every feature', () => {
    expect(tsx('server/cli/import.ts', FIXTURES + 'zones.kml', '--layer', 'quarantine-zones', '--db', join(dir, 'x.sqlite')).status).toBe(0);
    const out = join(dir, 'zones.kml');
    const ex = tsx('server/cli/export.ts', '--layer', 'quarantine-zones', '--format', 'kml', '--out', out, '--db', join(dir, 'x.sqlite'));
    expect(ex.stderr).toBe('Wrote 2 quarantine-zones feature(s) to ' + out + ' (kml).\n');
    expect(ex.status).toBe(0);
    expect(execFileSync('ogrinfo', ['-ro', '-al', '-so', out], { encoding: 'utf8' })).toMatch(/Feature Count: 2/);
  });
});
