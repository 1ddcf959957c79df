import { describe, expect, it } from 'vitest';
import type { Store } from '../db/store.ts';
import { NameSearch } from './name-search.ts';

const row = (id: number, name: string) => ({ id, properties: JSON.stringify({ name }), geometry: JSON.stringify({ type: 'Point', coordinates: [105.78, 21.06] }) });

describe('NameSearch', () => {
  it('does not keep a layer read while a change came (the read may be from before it)', async () => {
    const subscribers: Array<(c: { collection: string }[]) => void> = [];
    let checkpoints = [row(1, 'Chốt cũ')];
    let midRead: (() => void) | null = null;
    const store = {
      changes: { stamp: async () => '1', subscribe: (fn: (c: { collection: string }[]) => void) => (subscribers.push(fn), () => {}) },
      features: {
        list: async (layer: string) => {
          if (layer !== 'checkpoints') return { rows: [] };
          const rows = checkpoints;
          midRead?.();
          return { rows };
        },
      },
    } as unknown as Store;
    const search = new NameSearch(store);
    // The checkpoint is renamed and announced while the search reads the layer.
    midRead = () => {
      midRead = null;
      checkpoints = [row(1, 'Chốt mới')];
      for (const fn of subscribers) fn([{ collection: 'checkpoints' }]);
    };
    expect((await search.find('chot', 10)).hits.map((h) => h.name)).toEqual(['Chốt cũ']);
    expect((await search.find('chot', 10)).hits.map((h) => h.name)).toEqual(['Chốt mới']);
  });
});
