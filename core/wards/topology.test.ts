/**
 * Golden fixtures for ward topology (test/in → test/out; REGEN=1 rewrites the outputs): the
 * shared edges with the wards on their two sides, and for each probe point the ward it is in and
 * its distance to the nearest border — one picture of edges.ts, locate.ts and border-distance.ts
 * to open in a GIS.
 */
import { describe } from 'vitest';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { cm, goldenFixtures } from '../../test/support/golden.ts';
import { buildBorderEdges } from './edges.ts';
import { wardLocator } from './locate.ts';
import { borderDistanceM, nearBorder } from './border-distance.ts';

type Ward = Feature<Polygon | MultiPolygon, { code: string }>;

function topology(input: FeatureCollection): FeatureCollection {
  const wards = input.features.filter((f): f is Ward => f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon');
  const probes = input.features.filter((f): f is Feature<Point> => f.geometry.type === 'Point');
  const edges = buildBorderEdges(wards);
  const code = (i: number) => (i < 0 ? null : wards[i].properties.code);
  const locate = wardLocator(wards);
  return {
    type: 'FeatureCollection',
    features: [
      ...Array.from({ length: edges.count }, (_, e): Feature => ({
        type: 'Feature',
        properties: { left: code(edges.left[e]), right: code(edges.right[e]) },
        geometry: { type: 'LineString', coordinates: [[edges.coords[e * 4], edges.coords[e * 4 + 1]], [edges.coords[e * 4 + 2], edges.coords[e * 4 + 3]]] },
      })),
      ...probes.map((p): Feature => {
        const [x, y] = p.geometry.coordinates;
        return { ...p, properties: { ...p.properties, ward_code: code(locate(x, y)), border_m: cm(borderDistanceM([x, y], wards)), on_border_20m: nearBorder([x, y], wards, 20) } };
      }),
    ],
  };
}

describe('ward topology fixtures', () => {
  goldenFixtures(new URL('./test', import.meta.url).pathname, topology);
});
