/** Load every operational layer from the API into the app state. */
import { LAYER_IDS } from '../../../core/layers.ts';
import { listItems } from './api.ts';
import { app } from './app-state.svelte.ts';

export async function loadAllLayers(): Promise<void> {
  app.loading = true;
  app.error = null;
  try {
    await Promise.all(LAYER_IDS.map(async (id) => app.setLayerData(id, await listItems(id))));
  } catch (e) {
    app.error = e instanceof Error ? e.message : String(e);
  } finally {
    performance.mark('opsmap:data-loaded');
    app.loading = false;
  }
}
