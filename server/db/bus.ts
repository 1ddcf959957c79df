/** Announces committed feature changes to whoever listens (live updates, caches), in this process. */
import { EventEmitter } from 'node:events';
import type { Change } from './store.ts';

export type { Change };

export class ChangeBus {
  private emitter = new EventEmitter();
  constructor() {
    this.emitter.setMaxListeners(0); // one listener per open map; bounded by connections
  }
  publish(changes: Change[]): void {
    if (changes.length) this.emitter.emit('changes', changes);
  }
  subscribe(fn: (changes: Change[]) => void): () => void {
    this.emitter.on('changes', fn);
    return () => this.emitter.off('changes', fn);
  }
}
