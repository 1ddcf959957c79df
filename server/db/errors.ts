/** Why a store refused a write; app.ts turns these into problem details. Shared by every backend. */
import type { Issue } from '../../core/layers.ts';
import type { StoredFeature } from './store.ts';

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
