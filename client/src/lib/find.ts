/**
 * What the search box finds, asked of the server (GET /api/search: wards, checkpoints and polling
 * stations by name or code, with or without diacritics), since the client holds only what is in
 * view. Asks once typing has paused and aborts a superseded request, so only the answer to the
 * latest text is delivered.
 */
import { searchNames, type SearchHit } from './api.ts';

export type { SearchHit };

export interface Found {
  hits: SearchHit[];
  /** How many matched in all (more than hits: the list says so). */
  numberMatched: number;
}

export class NameFinder {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: AbortController | null = null;

  constructor(
    private readonly deliver: (found: Found, text: string) => void,
    private readonly opts: { delayMs?: number; limit?: number; search?: typeof searchNames } = {},
  ) {}

  ask(text: string) {
    this.cancel();
    if (!text.trim()) return this.deliver({ hits: [], numberMatched: 0 }, text);
    this.timer = setTimeout(() => {
      this.timer = null;
      const ctl = new AbortController();
      this.inFlight = ctl;
      (this.opts.search ?? searchNames)(text.trim(), this.opts.limit ?? 8, ctl.signal).then(
        (r) => {
          if (ctl.signal.aborted) return;
          this.inFlight = null;
          this.deliver({ hits: r.hits, numberMatched: r.numberMatched }, text);
        },
        () => {
          if (!ctl.signal.aborted) this.inFlight = null;
        },
      );
    }, this.opts.delayMs ?? 120);
  }

  cancel() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.inFlight?.abort();
    this.inFlight = null;
  }
}
