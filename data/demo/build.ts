/** Small builders shared by the scenario generators (demo and city): GeoJSON pieces and May 2021 dates. */
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';
import { snap, type Pt } from './geometry.ts';
import { positionsBbox } from '../../core/geometry/bbox.ts';

export type Props = Record<string, unknown>;
export const feature = (geometry: Geometry, properties: Props): Feature => ({ type: 'Feature', properties, geometry });
/** A point rounded to 6 decimals (~10 cm). */
export const point = (p: Pt): Point => ({ type: 'Point', coordinates: snap(p, 6) });
export const collection = (features: Feature[]): FeatureCollection => ({ type: 'FeatureCollection', features });
export const pad = (n: number, w = 2) => String(n).padStart(w, '0');
export const mayDate = (day: number) => `2021-05-${pad(day)}`;

export type BBox = [number, number, number, number];

export const bboxOf = (points: readonly Pt[]): BBox => positionsBbox(points) as BBox;
