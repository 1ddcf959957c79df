/**
 * What the search box finds: wards, checkpoints and polling stations by name (or code), with or
 * without diacritics, ranked by core/text/search; among equal matches a ward comes first.
 */
import { searchFeatures } from '../../../core/text/search.ts';
import type { LayerId } from '../../../core/layers.ts';
import type { StoredCollection, StoredFeature } from './api.ts';

export const SEARCHED: LayerId[] = ['wards', 'checkpoints', 'polling-stations'];

export interface Found {
  layer: LayerId;
  feature: StoredFeature;
  score: number;
}

export function findByName(data: Record<LayerId, StoredCollection>, query: string, limit = 8): Found[] {
  const all: Found[] = [];
  for (const layer of SEARCHED) for (const h of searchFeatures(data[layer].features, query, { limit })) all.push({ layer, feature: h.feature, score: h.score });
  // Stable sort: within a score, the order of SEARCHED and then search's own order.
  return all.sort((a, b) => b.score - a.score).slice(0, limit);
}
