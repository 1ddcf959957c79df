/**
 * Who is signed in, for the client: the session (kept by the browser as an HttpOnly cookie
 * the page cannot read), the CSRF token sent with every write, and the role's permissions so
 * the interface offers only what the server will allow. The server decides; this only avoids
 * showing buttons that would be refused.
 */
import { addHeaders, ApiError, onUnauthorized, paths, request } from './api.ts';

export interface Me {
  user: { id: number; name: string; role: 'admin' | 'planner' | 'commander' | 'viewer' | 'team'; scope: unknown };
  via: 'session' | 'token' | 'basic';
  /** e.g. 'read', 'print', 'edit:checkpoints'; ['*'] for an admin. */
  permissions: string[];
  csrfToken?: string;
  expiresAt?: string;
}

class Session {
  /** null: not signed in (or not known yet, see `checked`). */
  me = $state.raw<Me | null>(null);
  checked = $state(false);
  /** Why the last session ended, shown on the sign-in screen. */
  ended = $state<string | null>(null);

  can(permission: string): boolean {
    const p = this.me?.permissions ?? [];
    return p.includes('*') || p.includes(permission);
  }
}

export const session = new Session();

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
addHeaders((method) => (session.me?.csrfToken && !SAFE.has(method.toUpperCase()) ? { 'X-CSRF-Token': session.me.csrfToken } : undefined));

// A request refused with 401 means the session expired or was ended elsewhere: back to the sign-in screen.
onUnauthorized((detail) => {
  if (!session.me) return;
  session.me = null;
  session.ended = detail ?? null;
});

/** Asks the server who we are; on 401, nobody. */
export async function checkSession(): Promise<Me | null> {
  try {
    session.me = (await request<Me>('GET', paths.me)).body;
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) throw e;
    session.me = null;
  } finally {
    session.checked = true;
  }
  return session.me;
}

/** Signs in; throws ApiError with the server's reason (wrong password, locked until…, too many attempts). */
export async function signIn(name: string, password: string): Promise<Me> {
  await request('POST', paths.login, { body: { name, password } });
  session.ended = null;
  const me = await checkSession();
  if (!me) throw new ApiError({ status: 401, detail: 'The session cookie was not accepted (are cookies blocked?).' });
  return me;
}
