import { readFileSync } from 'node:fs';
import type { Feature, LineString, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { haversineM } from '../geometry/measure.ts';
import { SHARED_DATA, hasSharedData } from '../../test/support/tools.ts';
import { RoadNetwork } from './road-network.ts';
import { referenceRoute } from '../../test/support/reference-route.ts';

const line = (...coords: Position[]): Feature<LineString> => ({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: coords } });

describe('RoadNetwork', () => {
  // An L of two roads sharing a corner, and a separate road far away.
  const roads = [line([105.78, 21.0], [105.79, 21.0]), line([105.79, 21.0], [105.79, 21.01]), line([105.9, 21.2], [105.91, 21.2])];
  const net = new RoadNetwork(roads);

  it('routes round the corner: off-road legs plus the road between the feet', () => {
    const a: Position = [105.785, 20.9995]; // ~55 m south of the first road
    const b: Position = [105.7905, 21.005]; // ~52 m east of the second
    const r = net.route(a, b)!;
    const expected = haversineM(a, [105.785, 21.0]) + haversineM([105.785, 21.0], [105.79, 21.0]) + haversineM([105.79, 21.0], [105.79, 21.005]) + haversineM([105.79, 21.005], b);
    expect(r.distanceM).toBeCloseTo(expected, 0);
    expect(r.path[0]).toEqual(a);
    expect(r.path.at(-1)).toEqual(b);
    expect(r.distanceM).toBeGreaterThan(haversineM(a, b));
  });

  it('goes straight along a segment when both points snap to it', () => {
    const r = net.route([105.781, 21.0001], [105.782, 21.0001])!;
    expect(r.distanceM).toBeCloseTo(haversineM([105.781, 21.0], [105.782, 21.0]) + 2 * haversineM([105.781, 21.0], [105.781, 21.0001]), 0);
  });

  it('says there is no route between separate networks, and leaves no temporary nodes behind', () => {
    const order = net.graph.order;
    expect(net.route([105.785, 21.0], [105.905, 21.2])).toBeNull();
    expect(net.graph.order).toBe(order);
  });

  it.runIf(hasSharedData('hanoi-roads.geojson'))('equals an independent shortest path on the real Hanoi roads', () => {
    const real = (JSON.parse(readFileSync(SHARED_DATA + 'hanoi-roads.geojson', 'utf8')).features as Feature<LineString>[]).filter((f) => f.geometry?.type === 'LineString');
    const big = new RoadNetwork(real);
    const pairs: [Position, Position][] = [
      [[105.7765, 21.0645], [105.7802, 21.0478]],
      [[105.765, 21.04], [105.77, 21.035]],
      [[105.752, 21.028], [105.7455, 21.0075]],
    ];
    let routed = 0;
    for (const [a, b] of pairs) {
      const mine = big.route(a, b);
      const ref = referenceRoute(real, a, b);
      if (ref === null) expect(mine).toBeNull();
      else expect(mine!.distanceM).toBeCloseTo(ref, 0);
      if (ref !== null) routed++;
    }
    expect(routed).toBeGreaterThan(1);
  }, 60_000);
});
