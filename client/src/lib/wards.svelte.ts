/**
 * The city's wards as the client knows them: every ward's code, name, district, box and label
 * point (GET /api/wards, core/wards/directory.ts), loaded once at start and again when the wards
 * layer changed — never only the wards in view. Whatever resolves a ward by code (details, the
 * commander's summary, print, planner tools, the ward labels on the map) asks here.
 */
import type { WardEntry, WardList } from '../../../core/wards/directory.ts';
import { paths, request } from './api.ts';

export type { WardEntry };

class Wards {
  /** Every ward, in Vietnamese order of district and name (the server's order). */
  list = $state.raw<WardEntry[]>([]);
  /** False until the first list arrived (panels say "loading" rather than "no wards"). */
  loaded = $state.raw(false);
  error = $state.raw<string | null>(null);
  private byCode = new Map<string, WardEntry>();

  set(list: WardEntry[]) {
    this.list = list;
    this.byCode = new Map(list.map((w) => [w.code, w]));
    this.loaded = true;
  }

  get(code: unknown): WardEntry | undefined {
    void this.list; // a reactive read: callers in $derived follow a reload
    return code === null || code === undefined ? undefined : this.byCode.get(String(code));
  }

  /** "Name (code)" for a ward code; the code alone when no ward has it. */
  label(code: unknown): string {
    const w = this.get(code);
    return w ? `${w.name} (${w.code})` : String(code ?? '—');
  }

  /** The name for a code, or the code itself. */
  name(code: string): string {
    return this.get(code)?.name ?? code;
  }
}

export const wards = new Wards();

let inFlight: AbortController | null = null;

/** Load (or reload) the ward list; a newer call aborts an older one. Failure leaves the last list and says why. */
export async function loadWards(): Promise<void> {
  inFlight?.abort();
  const ctl = new AbortController();
  inFlight = ctl;
  try {
    const { body } = await request<WardList>('GET', paths.wards, { signal: ctl.signal });
    if (!ctl.signal.aborted) {
      wards.set(body.wards);
      wards.error = null;
    }
  } catch (e) {
    if (!ctl.signal.aborted) wards.error = e instanceof Error ? e.message : String(e);
  }
}
