/**
 * The PMTiles writer, read back with the `pmtiles` package (the reader the map uses): header,
 * metadata, tiles by z/x/y, deduplicated and run-length encoded tiles, and leaf directories
 * when the root directory would not fit in the first 16 KiB.
 */
import { describe, expect, it } from 'vitest';
import { PMTiles, type RangeResponse, type Source } from 'pmtiles';
import { writePmtiles } from '../../server/tiles/pmtiles-writer.ts';

class BytesSource implements Source {
  requests = 0;
  constructor(private bytes: Uint8Array) {}
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    this.requests++;
    const slice = this.bytes.slice(offset, offset + length);
    return { data: slice.buffer as ArrayBuffer };
  }
  getKey() {
    return 'memory';
  }
}

const text = (s: string) => new TextEncoder().encode(s);
const read = async (p: PMTiles, z: number, x: number, y: number) => {
  const r = await p.getZxy(z, x, y);
  return r ? new TextDecoder().decode(r.data) : null;
};

describe('writePmtiles', () => {
  it('writes a header, metadata and tiles that the pmtiles reader finds by z/x/y', async () => {
    const bytes = writePmtiles({
      tiles: [
        { z: 0, x: 0, y: 0, data: text('world') },
        { z: 14, x: 13006, y: 7180, data: text('Cổ Nhuế') },
        { z: 14, x: 13007, y: 7180, data: text('Xuân Đỉnh') },
      ],
      metadata: { name: 'test', attribution: '© OpenStreetMap contributors' },
      bounds: [105.7, 20.9, 105.9, 21.1],
    });
    const p = new PMTiles(new BytesSource(bytes));
    const h = await p.getHeader();
    expect(h).toMatchObject({ specVersion: 3, minZoom: 0, maxZoom: 14, tileType: 1, numAddressedTiles: 3, numTileContents: 3, minLon: 105.7, maxLat: 21.1 });
    expect(await p.getMetadata()).toEqual({ name: 'test', attribution: '© OpenStreetMap contributors' });
    expect(await read(p, 14, 13006, 7180)).toBe('Cổ Nhuế');
    expect(await read(p, 14, 13007, 7180)).toBe('Xuân Đỉnh');
    expect(await read(p, 0, 0, 0)).toBe('world');
    expect(await read(p, 14, 13008, 7180)).toBeNull();
  });

  it('stores identical tiles once and still finds each of them', async () => {
    const same = text('empty sea');
    const tiles = [0, 1, 2, 3].map((i) => ({ z: 2, x: i, y: 1, data: same }));
    const p = new PMTiles(new BytesSource(writePmtiles({ tiles, metadata: {}, bounds: [-180, -85, 180, 85] })));
    expect(await p.getHeader()).toMatchObject({ numAddressedTiles: 4, numTileContents: 1 });
    for (let x = 0; x < 4; x++) expect(await read(p, 2, x, 1)).toBe('empty sea');
  });

  it('moves the directory into leaves when it is too big for the root, and every tile is still found', async () => {
    // 256 × 256 scattered tiles at zoom 12, each one of 60 contents of different sizes picked at
    // random: 65,536 directory entries whose offsets and lengths do not compress away
    const pool = Array.from({ length: 60 }, (_, i) => text(`tile ${i} ` + 'x'.repeat(i * 37)));
    let seed = 1;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const tiles: { z: number; x: number; y: number; data: Uint8Array }[] = [];
    const pick = new Map<string, number>();
    for (let x = 0; x < 256; x++)
      for (let y = 0; y < 256; y++) {
        const i = Math.floor(rnd() * pool.length);
        pick.set(`${x}/${y}`, i);
        tiles.push({ z: 12, x: 200 + x * 3, y: 100 + y * 5, data: pool[i] });
      }
    const bytes = writePmtiles({ tiles, metadata: {}, bounds: [0, 0, 10, 10] });
    const p = new PMTiles(new BytesSource(bytes));
    const h = await p.getHeader();
    expect(h.leafDirectoryLength).toBeGreaterThan(0);
    expect(h.rootDirectoryLength + 127).toBeLessThanOrEqual(16384);
    expect(h).toMatchObject({ numAddressedTiles: 65536, numTileContents: 60 });
    for (const [x, y] of [[0, 0], [255, 255], [64, 3], [5, 199], [130, 77]]) expect(await read(p, 12, 200 + x * 3, 100 + y * 5)).toBe(new TextDecoder().decode(pool[pick.get(`${x}/${y}`)!]));
    expect(await read(p, 12, 201, 100)).toBeNull();
  });
});
