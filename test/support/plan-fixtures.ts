/** For plan tests: small geometries and a feature created through the API (201 expected, its id returned). */
import type { Position } from 'geojson';
import { expect } from 'vitest';
import type { TestApp } from './app.ts';

export const pt = (c: Position) => ({ type: 'Point', coordinates: c });
export const square = (c: Position, half: number) => ({ type: 'Polygon', coordinates: [[[c[0] - half, c[1] - half], [c[0] + half, c[1] - half], [c[0] + half, c[1] + half], [c[0] - half, c[1] + half], [c[0] - half, c[1] - half]]] });

export async function postFeature(t: TestApp, layer: string, feature: object): Promise<number> {
  const r = await t.req(`/api/collections/${layer}/items`, { method: 'POST', json: feature });
  expect(r.status, await r.clone().text()).toBe(201);
  return ((await r.json()) as { id: number }).id;
}
