/** Why a store refused a write; app.ts turns these into problem details. Shared by every backend. */
import type { Issue } from '../../core/layers.ts';
import { rowToFeature } from './rows.ts';
import type { FeatureRow, StoredFeature } from './store.ts';

export class StoreError extends Error {
  constructor(
    readonly kind: 'invalid' | 'not_found' | 'conflict',
    message: string,
    readonly issues: Issue[] = [],
    /** With `conflict`: the feature as it is now, so the client can show what changed. */
    readonly current?: StoredFeature,
  ) {
    super(message);
  }
}

/** The row a versioned write may change: StoreError 'not_found' without one, 'conflict' when it moved past `ifMatch`. */
export function checkVersion(row: FeatureRow | null, layer: string, id: number, ifMatch: number): FeatureRow {
  if (!row) throw new StoreError('not_found', `There is no feature ${id} in ${layer}.`);
  if (row.version !== ifMatch)
    throw new StoreError('conflict', `Feature ${id} was changed by someone else (it is now at version ${row.version}, you edited version ${ifMatch}). Review the current version and apply your change to it.`, [], rowToFeature(row));
  return row;
}
