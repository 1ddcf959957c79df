/** On first start (no users at all), creates `admin` so that someone can sign in and create the others. */
import type { Db } from '../db/open.ts';
import { countUsers, createUserSync } from './accounts.ts';
import { generatePassword, passwordProblem } from './password.ts';
import type { AuthSettings } from './settings.ts';

/** Returns the message to print, or null when users exist already. A generated password is printed once and never stored in clear. */
export function ensureAdmin(db: Db, settings: AuthSettings): string | null {
  if (countUsers(db) > 0) return null;
  const given = settings.adminPassword;
  if (given) {
    const why = passwordProblem(given, 'admin');
    if (why) throw new Error(`OPSMAP_ADMIN_PASSWORD: ${why}`);
  }
  const password = given ?? generatePassword();
  createUserSync(db, { name: 'admin', role: 'admin', password });
  return given
    ? 'opsmap: created user "admin" with the password from OPSMAP_ADMIN_PASSWORD.'
    : `opsmap: created user "admin" with password ${password}\n        (shown only this once: sign in and change it, or set another with \`npm run user -- reset admin\`)`;
}
