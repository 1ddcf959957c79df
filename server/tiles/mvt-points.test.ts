import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { describe, expect, it } from 'vitest';
import { encodePoints, type PointFeature } from './mvt-points.ts';
import { encodeTile } from './vector-tiles.ts';

/** Every feature of the tile's one layer as a plain object: what a map reads from it. */
function decode(bytes: Uint8Array, name: string) {
  const layer = new VectorTile(new PbfReader(bytes)).layers[name];
  if (!layer) return { extent: null, features: [] };
  return { extent: layer.extent, version: layer.version, features: Array.from({ length: layer.length }, (_, i) => layer.feature(i)).map((f) => ({ id: f.id, type: f.type, geometry: f.loadGeometry(), properties: f.properties })) };
}

describe('point tiles written directly', () => {
  it('decode to what vt-pbf writes for the same features', () => {
    let seed = 3;
    const r = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    const features: PointFeature[] = Array.from({ length: 3000 }, (_, i) => ({
      ...(i % 7 === 0 ? {} : { id: i % 5 === 0 ? 2 ** 40 + i : i + 1 }),
      type: 1,
      // inside the tile and in its buffer on every side
      // some with many points or many properties: lengths of 128 bytes and more take two bytes
      geometry:
        i % 97 === 0
          ? Array.from({ length: 70 }, () => [Math.round(r() * 4096), Math.round(r() * 4096)])
          : i % 11 === 0
            ? [[Math.round(r() * 4224) - 64, Math.round(r() * 4224) - 64], [5, 4000]]
            : [[Math.round(r() * 4224) - 64, Math.round(r() * 4224) - 64]],
      tags: {
        count: 1 + Math.floor(r() * 40000),
        category: ['traffic', 'violation', 'epidemic_case', ''][i % 4],
        ...(i % 3 ? { day: `2021-05-${String(1 + (i % 31)).padStart(2, '0')}` } : {}),
        severity: i % 2 ? -3 : 2.5,
        on_border: i % 2 === 0,
        staff: null,
        name: 'Chốt số ' + (i % 50),
        ...(i % 89 === 0 ? Object.fromEntries(Array.from({ length: 70 }, (_, k) => [`p${k}`, k * 1000 + i])) : {}),
      },
    }));
    const direct = decode(encodePoints('incidents', features, 4096), 'incidents');
    expect(direct).toEqual(decode(encodeTile({ incidents: { features } }), 'incidents'));
    expect(direct.features.length).toBe(3000);
    expect(decode(encodePoints('incidents', [], 4096), 'incidents')).toEqual(decode(encodeTile({ incidents: { features: [] } }), 'incidents'));
  });
});
