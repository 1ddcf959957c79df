/**
 * What the planner's tools are doing: the active tool, a new feature being drafted, the feature
 * whose form is open, a conflict waiting for the planner's choice, the undo stack and the last
 * message. Every write goes through `perform`, so conflicts, errors and undo are handled once.
 */
import { t } from '../../lib/i18n/index.ts';
import type { Geometry } from 'geojson';
import type { LayerId } from '../../../../core/layers.ts';
import { ApiError, type StoredFeature } from '../../lib/api.ts';
import { app } from '../../lib/app-state.svelte.ts';
import { ConflictError, type EditResult, type Undo } from '../../lib/edits.ts';
import { session } from '../../lib/auth.svelte.ts';

export type Tool = { kind: 'place'; layer: LayerId } | { kind: 'draw' } | { kind: 'reshape'; feature: StoredFeature };

export interface Draft {
  layer: LayerId;
  geometry: Geometry;
}

export interface Toast {
  text: string;
  undo?: Undo;
  error?: boolean;
}

class EditorState {
  tool = $state.raw<Tool | null>(null);
  draft = $state.raw<Draft | null>(null);
  /** The feature whose form is open, as it was when editing began (its version is the one sent in If-Match). */
  editing = $state.raw<{ layer: LayerId; base: StoredFeature } | null>(null);
  conflict = $state.raw<ConflictError | null>(null);
  /** Field messages from the server's 400 answer. */
  serverErrors = $state.raw<Record<string, string>>({});
  undos = $state.raw<Undo[]>([]);
  toast = $state.raw<Toast | null>(null);
  snap = $state(false);
  busy = $state(false);
  /** Resolves the pending `perform` when the planner answers a conflict. */
  private settle: ((r: EditResult | null) => void) | null = null;

  canEdit(layer: LayerId): boolean {
    return session.can(`edit:${layer}`);
  }

  /**
   * Run one write. A conflict opens the dialog and the returned promise waits for the planner's
   * choice: keep mine (the change is sent again over the newer version) or take theirs (null).
   */
  async perform(op: () => Promise<EditResult>, text: string): Promise<EditResult | null> {
    this.busy = true;
    this.serverErrors = {};
    this.toast = null;
    try {
      const r = await op();
      this.done(r, text);
      return r;
    } catch (e) {
      if (e instanceof ConflictError) {
        this.conflict = e;
        return new Promise((resolve) => (this.settle = resolve));
      }
      this.fail(e);
      return null;
    } finally {
      this.busy = false;
    }
  }

  /** The planner's answer to the conflict dialog. */
  async resolveConflict(choice: 'mine' | 'theirs', takeTheirs: (c: ConflictError) => void, texts: { saved: string }) {
    const c = this.conflict;
    const settle = this.settle;
    this.conflict = null;
    this.settle = null;
    if (!c) return;
    if (choice === 'theirs' || !c.current) {
      takeTheirs(c);
      settle?.(null);
      return;
    }
    settle?.(await this.perform(() => c.retry(c.current!.version ?? 1), texts.saved));
  }

  private done(r: EditResult, text: string) {
    this.undos = [...this.undos.slice(-19), r.undo];
    this.toast = { text, undo: r.undo };
  }

  fail(e: unknown) {
    if (e instanceof ApiError && e.problem.issues?.length) {
      const errs: Record<string, string> = {};
      for (const i of e.problem.issues) {
        const k = i.path.replace(/^properties\.?/, '') || '_';
        errs[k] = errs[k] ? `${errs[k]}; ${i.message}` : i.message;
      }
      this.serverErrors = errs;
    }
    this.toast = { text: `${t('editFailed')}: ${e instanceof Error ? e.message : String(e)}`, error: true };
  }

  /** Undo a change: the undo is itself an edit, and is undone in turn by the edit it returns. */
  async undo(u: Undo) {
    this.undos = this.undos.filter((x) => x !== u);
    const r = await this.perform(() => u.run(), t('undone'));
    // The undo's own undo replaces it on the stack; an undo of an undo is a redo, not offered here.
    if (r) this.undos = this.undos.filter((x) => x !== r.undo);
    if (r) this.toast = { text: t('undone') };
  }

  cancelTool() {
    this.tool = null;
    this.draft = null;
  }
}

export const editor = new EditorState();
