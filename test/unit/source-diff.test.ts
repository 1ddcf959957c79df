import { describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection } from 'geojson';
import { sourceDiff } from '../../client/src/map/source-diff.ts';

const pt = (id: number, name = `p${id}`): Feature => ({ type: 'Feature', id, properties: { name }, geometry: { type: 'Point', coordinates: [105.7 + id / 1000, 21] } });
const fc = (features: Feature[]): FeatureCollection => ({ type: 'FeatureCollection', features });

describe('the change sent to the map when a layer changes', () => {
  const base = Array.from({ length: 200 }, (_, i) => pt(i + 1));

  it('replaces the whole layer the first time', () => {
    expect(sourceDiff(undefined, fc(base))).toBeNull();
  });

  it('sends only an added, a changed and a deleted feature', () => {
    const moved = pt(7, 'moved');
    const next = [...base.filter((f) => f.id !== 9).map((f) => (f.id === 7 ? moved : f)), pt(201)];
    expect(sourceDiff(fc(base), fc(next))).toEqual({ remove: [7, 9], add: [moved, pt(201)] });
  });

  it('sends nothing for an unchanged layer', () => {
    expect(sourceDiff(fc(base), fc([...base]))).toEqual({ remove: [], add: [] });
  });

  it('replaces the layer when much of it changed, or when a feature has no id', () => {
    expect(sourceDiff(fc(base), fc(base.map((f) => pt(Number(f.id), 'renamed'))))).toBeNull();
    const noId: Feature = { ...pt(300), id: undefined };
    expect(sourceDiff(fc(base), fc([...base, noId]))).toBeNull();
  });
});
