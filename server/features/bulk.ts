/**
 * Bulk writes through a Store: bodies prepared one by one as the store reads them (so a
 * generator or a streamed file is never held whole), written as one audited batch. A bad
 * feature does not stop the reading: the rest are still checked (and not written) so the error
 * lists up to a hundred problems, then the iterable throws and the store rolls everything back.
 */
import type { Feature } from 'geojson';
import type { Issue, LayerId } from '../../core/layers.ts';
import { StoreError } from '../db/errors.ts';
import type { Actor, BulkOptions, BulkResult, PreparedFeature, Store } from '../db/store.ts';
import { derivedFor } from '../db/ward-lookup.ts';
import { prepareFeature, type PrepareContext } from './prepare.ts';

const MAX_ISSUES = 100;

export interface BulkImportOptions extends BulkOptions {
  /** How a feature is named in error messages (default "feature 7"). */
  label?: (i: number) => string;
  /**
   * false: the features were checked where they were made (the generated scenarios, whose tests
   * check every feature against the contract), so only the derived properties are added.
   */
  validate?: boolean;
}

/** The bodies prepared one by one (see the module comment); also run on an import's reading thread (server/io/read-ahead-thread.ts). */
export function* prepareEach(layer: LayerId, bodies: Iterable<unknown>, ctx: PrepareContext, opts: Pick<BulkImportOptions, 'label' | 'validate'>): Generator<PreparedFeature> {
  const label = opts.label ?? ((i: number) => `feature ${i + 1}`);
  const issues: Issue[] = [];
  let bad = 0, i = 0;
  for (const body of bodies) {
    const n = i++;
    if (opts.validate === false) {
      const f = body as Feature;
      yield { properties: { ...f.properties, ...derivedFor(ctx.wards, layer, f.geometry, ctx.borderDistanceM) }, geometry: f.geometry };
      continue;
    }
    let p: PreparedFeature;
    try {
      p = prepareFeature(layer, body, ctx, ` (${label(n)})`);
    } catch (e) {
      if (!(e instanceof StoreError)) throw e;
      bad++;
      for (const x of e.issues) if (issues.length < MAX_ISSUES) issues.push({ path: `${label(n)}: ${x.path}`, message: x.message });
      continue;
    }
    if (!bad) yield p; // after the first bad one, keep checking but hand nothing more to the store
  }
  if (bad)
    throw new StoreError('invalid', `Nothing was imported: ${bad} of ${i} feature(s) are not valid for ${layer}${issues.length >= MAX_ISSUES ? ` (the first ${MAX_ISSUES} problems are listed)` : ''}.`, issues);
}

/** Writes `bodies` into `layer` as one batch (see the module comment). */
export async function bulkImport(store: Store, layer: LayerId, bodies: Iterable<unknown>, actor: Actor, opts: BulkImportOptions): Promise<BulkResult> {
  const ctx = { wards: await store.features.wards(), borderDistanceM: store.options.borderDistanceM };
  return store.writes.bulk(layer, prepareEach(layer, bodies, ctx, opts), actor, opts);
}
