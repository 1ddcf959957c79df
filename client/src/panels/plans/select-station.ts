/**
 * A board's row picked: the map flies to the station and its details open. The feature comes from
 * the loaded layer when the client holds it, else from the API (a layer loaded by viewport may not).
 */
import { app } from '../../lib/app-state.svelte.ts';
import { getItem } from '../../lib/api.ts';
import type { OpsMap } from '../../map/opsmap.ts';

export async function selectStation(map: OpsMap | null, id: number, coordinates: readonly number[], stillWanted: () => boolean = () => true): Promise<void> {
  map?.flyTo({ type: 'Point', coordinates: [...coordinates] });
  const loaded = app.feature('polling-stations', id);
  if (loaded) {
    app.selection = { layer: 'polling-stations', feature: loaded };
    return;
  }
  try {
    const { body } = await getItem('polling-stations', id);
    if (stillWanted()) app.selection = { layer: 'polling-stations', feature: body };
  } catch {
    /* still flown to */
  }
}
