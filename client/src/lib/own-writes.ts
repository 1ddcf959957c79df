/**
 * The changes this browser made itself. The server announces every committed change on the live
 * stream, ours too, and our write's answer already carried the new feature (which edits.ts put
 * into the app state); fetching it again would cost a request per edit and redraw the layer for
 * nothing. So each write's answer is noted here, and the live stream skips the event of that
 * same feature and version.
 *
 * The event may arrive before our write's answer does (the server publishes on commit, then
 * answers), so the live stream asks `settled()` before it decides.
 */
import type { Change } from '../../../core/api/types.ts';

/** One change as both sides can name it: a deleted feature keeps its last version. */
export interface OwnChange {
  collection: string;
  id: number;
  version: number;
  deleted: boolean;
}

/** Notes kept at most, oldest dropped first: a note whose event never came (the stream was down) must not stay forever. */
const MAX_NOTES = 500;
/** How long the live stream waits for writes in flight before it goes ahead without them. */
const SETTLE_WAIT_MS = 5000;

const keyOf = (c: OwnChange) => `${c.collection}/${c.id}/${c.version}/${c.deleted ? 'd' : 'w'}`;

export class OwnWrites {
  private notes = new Set<string>();
  private inFlight = new Set<Promise<unknown>>();

  /** Note a change this browser made. */
  note(c: OwnChange) {
    this.notes.add(keyOf(c));
    if (this.notes.size > MAX_NOTES) this.notes.delete(this.notes.values().next().value!);
  }

  /** Note the change a write made once it succeeds (`what` names it from the answer); the write's own result is returned unchanged. */
  track<T>(write: Promise<T>, what: (answer: T) => OwnChange): Promise<T> {
    const noted = write.then((answer) => {
      this.note(what(answer));
      return answer;
    });
    const done: Promise<unknown> = noted.then(
      () => this.inFlight.delete(done),
      () => this.inFlight.delete(done),
    );
    this.inFlight.add(done);
    return noted;
  }

  /** Is this announced change one of ours? Each note answers once. */
  take(c: Change): boolean {
    return this.notes.delete(keyOf({ collection: c.collection, id: c.id, version: c.version, deleted: c.action === 'delete' }));
  }

  /** Resolves when the writes now in flight have been answered (or after a few seconds, whichever is first). */
  settled(): Promise<void> {
    if (!this.inFlight.size) return Promise.resolve();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const wait = new Promise<void>((resolve) => (timer = setTimeout(resolve, SETTLE_WAIT_MS)));
    return Promise.race([Promise.allSettled([...this.inFlight]).then(() => undefined), wait]).finally(() => clearTimeout(timer));
  }
}

/** This browser's writes (api.ts notes them, live.ts reads them). */
export const ownWrites = new OwnWrites();
