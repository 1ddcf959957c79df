/** The bounding box of a GeoJSON geometry, for fitting the map to a feature: core/geometry/bbox.ts. */
export { geometryBbox as geometryBounds, type Bbox as Bounds } from '../../../core/geometry/bbox.ts';
