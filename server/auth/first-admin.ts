/** On first start (no users at all), creates `admin` so that someone can sign in and create the others. */
import type { Store } from '../db/store.ts';
import { countUsers, createUser } from './accounts.ts';
import { generatePassword, passwordProblemHere } from './password.ts';
import type { AuthSettings } from './settings.ts';

/** Returns the message to print, or null when users exist already. A generated password is printed once and never stored in clear. */
export async function ensureAdmin(store: Store, settings: AuthSettings): Promise<string | null> {
  if ((await countUsers(store)) > 0) return null;
  const given = settings.adminPassword;
  if (given) {
    const why = await passwordProblemHere(given, 'admin');
    if (why) throw new Error(`OPSMAP_ADMIN_PASSWORD: ${why}`);
  }
  const password = given ?? generatePassword();
  await createUser(store, { name: 'admin', role: 'admin', password });
  return given
    ? 'opsmap: created user "admin" with the password from OPSMAP_ADMIN_PASSWORD.'
    : `opsmap: created user "admin" with password ${password}\n        (shown only this once: sign in and change it, or set another with \`npm run user -- reset admin\`)`;
}
