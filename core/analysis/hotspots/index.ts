export { hotspots, type HotspotOptions, type HotspotParameters, type HotspotResult, type CellProperties, type GiStatus } from './hotspots.ts';
export { giStar } from './gi-star.ts';
export { normalCdf, twoSidedP } from './normal.ts';
export { confidenceBins, fdrCutoffs, ALPHA_LEVELS } from './significance.ts';
export { tessellation, type GridKind } from './tessellation.ts';
export { wardRates, type WardRate, type WardInfo } from './ward-rates.ts';
