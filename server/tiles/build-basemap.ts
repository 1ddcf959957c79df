/**
 * Builds a PMTiles basemap from the reference layers in the database (roads and places), so a
 * deployment can ship one precomputed file instead of cutting tiles at run time, or carry the
 * street map to another machine:
 *   npx tsx server/tiles/build-basemap.ts [--out data/basemap.pmtiles] [--maxzoom 14] [--db PATH]
 * A Protomaps extract (see the README) is richer (water, land use, buildings); this one needs
 * nothing but the data already imported.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig, storeLocation } from '../config.ts';
import { openStore } from '../db/connect.ts';
import type { Store } from '../db/store.ts';
import { OSM_ATTRIBUTION, referenceLayers, REFERENCE_LAYERS } from '../io/reference.ts';
import { writePmtiles } from './pmtiles-writer.ts';
import { encodeTile, layerIndex, TILE_MAX_ZOOM } from './vector-tiles.ts';

function tileRange(lon0: number, lat0: number, lon1: number, lat1: number, z: number) {
  const n = 2 ** z;
  const x = (lon: number) => Math.min(n - 1, Math.max(0, Math.floor(((lon + 180) / 360) * n)));
  const y = (lat: number) => {
    const r = (lat * Math.PI) / 180;
    return Math.min(n - 1, Math.max(0, Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)));
  };
  return { x0: x(lon0), x1: x(lon1), y0: y(lat1), y1: y(lat0) };
}

export async function buildBasemap(store: Store, maxZoom = TILE_MAX_ZOOM): Promise<{ bytes: Uint8Array; tiles: number }> {
  const info = (await referenceLayers(store)).filter((l) => l.count > 0);
  if (info.length === 0) throw new Error('There are no reference layers to build a basemap from: import roads or places first (npm run import -- FILE --layer roads).');
  const bbox = info.reduce((b, l) => [Math.min(b[0], l.bbox![0]), Math.min(b[1], l.bbox![1]), Math.max(b[2], l.bbox![2]), Math.max(b[3], l.bbox![3])], [180, 90, -180, -90]) as [number, number, number, number];
  const indexes = Object.fromEntries(await Promise.all(info.map(async (l) => [l.id, await layerIndex(store, l.id, maxZoom)] as const)));
  const tiles: { z: number; x: number; y: number; data: Uint8Array }[] = [];
  for (let z = 0; z <= maxZoom; z++) {
    const r = tileRange(bbox[0], bbox[1], bbox[2], bbox[3], z);
    for (let x = r.x0; x <= r.x1; x++)
      for (let y = r.y0; y <= r.y1; y++) {
        const layers = Object.fromEntries(Object.entries(indexes).map(([id, ix]) => [id, ix.getTile(z, x, y)]));
        if (Object.values(layers).some((t) => t && t.features.length)) tiles.push({ z, x, y, data: encodeTile(layers) });
      }
  }
  const metadata = {
    name: 'opsmap reference map',
    attribution: OSM_ATTRIBUTION,
    vector_layers: info.map((l) => ({ id: l.id, fields: l.id === 'roads' ? { class: 'String', name: 'String', ref: 'String' } : { category: 'String', name: 'String' }, minzoom: 0, maxzoom: maxZoom })),
  };
  return { bytes: writePmtiles({ tiles, metadata, bounds: bbox }), tiles: tiles.length };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, maxzoom: { type: 'string' }, db: { type: 'string' } } });
  const config = loadConfig();
  const out = values.out ?? fileURLToPath(new URL('../../data/basemap.pmtiles', import.meta.url));
  const store = await openStore(values.db ?? storeLocation(config));
  try {
    const { bytes, tiles } = await buildBasemap(store, values.maxzoom ? Number(values.maxzoom) : TILE_MAX_ZOOM);
    writeFileSync(out, bytes);
    console.log(`${out}: ${tiles} tiles, ${(bytes.length / 1024 / 1024).toFixed(2)} MiB (${REFERENCE_LAYERS.join(' + ')})`);
  } finally {
    await store.close();
  }
}
