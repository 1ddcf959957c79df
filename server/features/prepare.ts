/**
 * Preparing a feature for the store, in one step: checked against its layer's contract,
 * rings rewound to RFC 7946 order, derived properties (ward_code, on_border) computed from the
 * wards. Every write passes here before it reaches a Store, whichever the backend.
 */
import type { Geometry } from 'geojson';
import rewind from '@turf/rewind';
import { LAYERS, type LayerId } from '../../core/layers.ts';
import { parseFeatureInput } from '../../core/feature-input.ts';
import { StoreError } from '../db/errors.ts';
import type { PreparedFeature, WardLookup } from '../db/store.ts';
import { derivedFor } from '../db/ward-lookup.ts';

export interface PrepareContext {
  wards: WardLookup;
  borderDistanceM: number;
}

/** The feature as the store will keep it, or StoreError('invalid') listing what is wrong (`where` names it in the message). */
export function prepareFeature(layer: LayerId, body: unknown, ctx: PrepareContext, where = ''): PreparedFeature {
  const r = parseFeatureInput(layer, body);
  if (!r.ok) throw new StoreError('invalid', `The feature${where} is not valid for ${layer}.`, r.issues);
  // RFC 7946: exterior rings counter-clockwise, holes clockwise, whatever the client sent.
  const geometry = r.value.geometry.type === 'Point' ? r.value.geometry : (rewind(r.value.geometry as never) as Geometry);
  return { properties: { ...r.value.properties, ...derivedFor(ctx.wards, layer, geometry, ctx.borderDistanceM) }, geometry };
}

/** A recorded state without its derived properties, to be prepared again (they may have changed since). */
export function stripDerived(layer: LayerId, p: Record<string, unknown>): Record<string, unknown> {
  const out = { ...p };
  for (const k of LAYERS[layer].derived) delete out[k];
  return out;
}
