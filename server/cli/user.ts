/**
 * Managing accounts from the server's shell (works while the server runs).
 *
 *   npm run user -- add NAME --role ROLE [--password P]
 *   npm run user -- reset NAME [--password P]     new password (generated and printed if not given), unlocks
 *   npm run user -- role NAME ROLE
 *   npm run user -- stations NAME 12,13      the polling stations a team account reports for ("" for none)
 *   npm run user -- disable NAME | enable NAME | unlock NAME
 *   npm run user -- token NAME [--label TEXT] [--days N]   prints a new API token, once
 *   npm run user -- list
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AccountError, createToken, createUser, findUserByName, listUsers, publicUser, updateUser } from '../auth/accounts.ts';
import { liftDelays } from '../auth/authenticate.ts';
import { generatePassword, hashPassword, passwordProblemHere } from '../auth/password.ts';
import { isRole, ROLES } from '../auth/roles.ts';
import { loadConfig, storeLocation } from '../config.ts';
import { openStore } from '../db/connect.ts';
import type { Store } from '../db/store.ts';

const USAGE = `usage: npm run user -- add NAME --role ${ROLES.join('|')} [--password P]
       npm run user -- reset NAME [--password P]
       npm run user -- role NAME ROLE
       npm run user -- stations NAME ID,ID…
       npm run user -- disable NAME | enable NAME | unlock NAME
       npm run user -- token NAME [--label TEXT] [--days N]
       npm run user -- list`;

class UsageError extends Error {}

function parse(args: string[]) {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith('--')) {
      const v = args[i + 1];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${args[i]} needs a value.`);
      options[args[i].slice(2)] = v;
      i++;
    } else positional.push(args[i]);
  }
  return { positional, options };
}

async function passwordFrom(options: Record<string, string>, name: string): Promise<{ password: string; generated: boolean }> {
  const given = options.password;
  if (given !== undefined) {
    const why = await passwordProblemHere(given, name);
    if (why) throw new UsageError(why);
    return { password: given, generated: false };
  }
  return { password: generatePassword(), generated: true };
}

/** Runs one command and returns what to print. */
export async function run(store: Store, args: string[]): Promise<string> {
  const { positional, options } = parse(args);
  const [command, name, extra] = positional;
  const user = async () => {
    if (!name) throw new UsageError(`${command} needs a user name.`);
    const u = await findUserByName(store, name);
    if (!u) throw new UsageError(`There is no user ${name}.`);
    return u;
  };
  switch (command) {
    case 'add': {
      if (!name) throw new UsageError('add needs a user name.');
      if (!isRole(options.role)) throw new UsageError(`--role is one of ${ROLES.join(', ')}.`);
      const { password, generated } = await passwordFrom(options, name);
      await createUser(store, { name, role: options.role, password });
      return `Created ${name} (${options.role}).${generated ? ` Password: ${password}` : ''}`;
    }
    case 'reset': {
      const u = await user();
      const { password, generated } = await passwordFrom(options, name);
      await updateUser(store, u.id, { passwordHash: await hashPassword(password), failedLogins: 0, lockedUntil: null });
      await liftDelays(store, name);
      return `New password for ${name}${generated ? `: ${password}` : ' set.'} Their sessions have ended.`;
    }
    case 'role': {
      const u = await user();
      if (!isRole(extra)) throw new UsageError(`The role is one of ${ROLES.join(', ')}.`);
      await updateUser(store, u.id, { role: extra });
      return `${name} is now ${extra}.`;
    }
    case 'stations': {
      const u = await user();
      const ids = (extra ?? '').split(',').map((x) => x.trim()).filter(Boolean).map(Number);
      if (ids.some((x) => !Number.isInteger(x) || x <= 0)) throw new UsageError('Give polling-station ids separated by commas, e.g. 12,13.');
      await updateUser(store, u.id, { scope: ids.length ? JSON.stringify({ stations: [...new Set(ids)] }) : null });
      return ids.length ? `${name} reports for stations ${[...new Set(ids)].join(', ')}.` : `${name} reports for no station.`;
    }
    case 'disable':
      await updateUser(store, (await user()).id, { disabled: true });
      return `${name} is disabled; their sessions have ended (their API tokens are refused while disabled).`;
    case 'enable':
      await updateUser(store, (await user()).id, { disabled: false });
      return `${name} is enabled.`;
    case 'unlock':
      await updateUser(store, (await user()).id, { failedLogins: 0, lockedUntil: null });
      // The delays are in the database: this reaches every running server, on either backend.
      await liftDelays(store, name);
      return `${name} is unlocked.`;
    case 'token': {
      const u = await user();
      const days = options.days === undefined ? null : Number(options.days);
      if (days !== null && !(Number.isInteger(days) && days > 0)) throw new UsageError('--days is a whole number of days.');
      const t = await createToken(store, u.id, options.label ?? 'command line', days);
      return `API token for ${name}${t.expiresAt ? ` (until ${t.expiresAt})` : ''}, shown once:\n${t.token}\nUse it as the header "Authorization: Bearer ${t.token}".`;
    }
    case 'list':
      return (await listUsers(store))
        .map((u) => publicUser(u))
        .map((u) => [u.name.padEnd(20), u.role.padEnd(10), u.disabled ? 'disabled' : u.lockedUntil ? `locked until ${u.lockedUntil}` : 'active', u.scope ? JSON.stringify(u.scope) : ''].join(' ').trimEnd())
        .join('\n');
    default:
      throw new UsageError(command ? `Unknown command ${command}.` : 'Say what to do.');
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const config = loadConfig();
  const store = await openStore(storeLocation(config), { borderDistanceM: config.borderDistanceM });
  try {
    console.log(await run(store, process.argv.slice(2)));
  } catch (e) {
    if (e instanceof UsageError || e instanceof AccountError) {
      console.error(`user: ${e.message}\n${USAGE}`);
      process.exitCode = 2;
    } else throw e;
  } finally {
    await store.close();
  }
}
