/**
 * A real GIS client reads opsmap unchanged: GDAL's OGC API – Features driver (what QGIS
 * uses too) lists the five layers and reads every feature, following `next` links.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTools } from '../support/tools.ts';
import { startServer, type RunningServer } from '../support/server.ts';

describe.skipIf(!hasTools('ogrinfo', 'ogr2ogr'))("GDAL's OAPIF driver", () => {
  let srv: RunningServer;
  beforeAll(async () => {
    srv = await startServer();
  });
  afterAll(() => srv?.stop());

  const gdal = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...gdalAuthEnv(srv) } });

  it('lists the six layers with their geometry types', () => {
    const out = gdal('ogrinfo', ['-ro', `OAPIF:${srv.url}/api`]);
    expect(out).toMatch(/wards.*(Polygon|Multi Polygon)/);
    expect(out).toMatch(/checkpoints.*Point/);
    expect(out).toMatch(/quarantine-zones/);
    expect(out).toMatch(/polling-stations.*Point/);
    expect(out).toMatch(/incidents.*Point/);
    expect(out).toMatch(/facilities.*Point/);
  });

  it('reads every feature of a layer across pages, with Vietnamese names intact', () => {
    const out = join(srv.dir, 'checkpoints.geojson');
    gdal('ogr2ogr', ['-f', 'GeoJSON', out, `OAPIF:${srv.url}/api`, 'checkpoints', '-oo', 'PAGE_SIZE=10']);
    const fc = JSON.parse(readFileSync(out, 'utf8'));
    const api = JSON.parse(execFileSync('curl', ['-s', ...curlAuth(srv), `${srv.url}/api/collections/checkpoints/items?limit=1`], { encoding: 'utf8' }));
    expect(fc.features.length).toBe(api.numberMatched);
    expect(fc.features.length).toBeGreaterThan(10); // more than one page was followed
    expect(fc.features.some((f: { properties: { name: string } }) => /^Chốt .*[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/.test(f.properties.name))).toBe(true);
  });

  it('reads with a spatial filter', () => {
    const out = gdal('ogrinfo', ['-ro', '-so', `OAPIF:${srv.url}/api`, 'wards']);
    expect(out).toMatch(/Feature Count: 23/);
    const some = gdal('ogrinfo', ['-ro', '-q', `OAPIF:${srv.url}/api`, 'polling-stations', '-spat', '105.76', '21.03', '105.78', '21.05']);
    expect(some).toMatch(/OGRFeature\(polling-stations\)/);
  });
});

/** Credentials for GDAL once the server requires sign-in (set by the auth harness). */
function gdalAuthEnv(srv: RunningServer): Record<string, string> {
  const creds = (srv as RunningServer & { credentials?: { name: string; password: string } }).credentials;
  return creds ? { GDAL_HTTP_AUTH: 'BASIC', GDAL_HTTP_USERPWD: `${creds.name}:${creds.password}` } : {};
}
function curlAuth(srv: RunningServer): string[] {
  const creds = (srv as RunningServer & { credentials?: { name: string; password: string } }).credentials;
  return creds ? ['-u', `${creds.name}:${creds.password}`] : [];
}
