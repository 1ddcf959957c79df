/** `npm run user`: managing accounts from the shell, and the accounts then working over HTTP. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findUserByName } from '../../server/auth/accounts.ts';
import { run } from '../../server/cli/user.ts';
import { storeLocation } from '../../server/config.ts';
import { openStore } from '../../server/db/connect.ts';
import { makeTestApp, type TestApp, onSqlite } from '../support/app.ts';
import { ROOT } from '../support/server.ts';

let t: TestApp;
afterEach(() => t?.close());

const login = (name: string, password: string) => t.req('/api/auth/login', { method: 'POST', as: 'anonymous', json: { name, password } });

describe('npm run user', () => {
  it('adds a user with a generated password, who can then sign in', async () => {
    t = makeTestApp();
    const out = await run(t.store, ['add', 'nguyen.van.a', '--role', 'commander']);
    const password = /^Created nguyen\.van\.a \(commander\)\. Password: (\S{24})$/.exec(out)![1];
    expect((await login('nguyen.van.a', password)).status).toBe(200);
    await expect(run(t.store, ['add', 'nguyen.van.a', '--role', 'viewer'])).rejects.toThrow('There is already a user named nguyen.van.a.');
    await expect(run(t.store, ['add', 'x', '--role', 'chief'])).rejects.toThrow('--role is one of admin, planner, commander, viewer, team.');
    await expect(run(t.store, ['add', 'y', '--role', 'viewer', '--password', 'short'])).rejects.toThrow('A password needs at least 10 characters.');
  });

  it('resets a password, changes a role, disables, enables and unlocks', async () => {
    t = makeTestApp();
    expect(await run(t.store, ['reset', 'planner', '--password', 'fresh-password-1'])).toBe('New password for planner set. Their sessions have ended.');
    expect((await login('planner', 'planner-password-1')).status).toBe(401);
    expect((await login('planner', 'fresh-password-1')).status).toBe(200);

    expect(await run(t.store, ['role', 'planner', 'viewer'])).toBe('planner is now viewer.');
    // The reset revoked planner's API tokens (issue 15 #8); a new one carries the new role.
    const token = /^opsmap_\S+$/m.exec(await run(t.store, ['token', 'planner']))![0];
    expect((await t.req('/api/collections/checkpoints/items', { method: 'POST', as: 'anonymous', headers: { authorization: `Bearer ${token}` }, json: {} })).status).toBe(403);

    await run(t.store, ['disable', 'viewer']);
    expect((await login('viewer', 'viewer-password-1')).status).toBe(403);
    await run(t.store, ['enable', 'viewer']);
    expect((await login('viewer', 'viewer-password-1')).status).toBe(200);

    for (let i = 0; i < 5; i++) await login('commander', 'wrong-password');
    expect((await login('commander', 'commander-password-1')).status).toBe(423);
    expect(await run(t.store, ['unlock', 'commander'])).toBe('commander is unlocked.');
    expect((await login('commander', 'commander-password-1')).status).toBe(200);
  });

  it('unlocks from another process: a running server forgets the delays too', async () => {
    t = makeTestApp();
    // Signed in from here before: this pair is slowed by growing delays rather than locked out.
    expect((await login('commander', 'commander-password-1')).status).toBe(200);
    for (let i = 0; i < 6; i++) await login('commander', 'wrong-password');
    expect((await login('commander', 'commander-password-1')).status).toBe(429);
    // `npm run user` is a process of its own with its own connection to the database, not the server's store.
    const cli = await openStore(storeLocation(t.config), { borderDistanceM: t.config.borderDistanceM });
    try {
      expect(await run(cli, ['unlock', 'commander'])).toBe('commander is unlocked.');
    } finally {
      await cli.close();
    }
    // The server's delay for the pair is gone too: it is in the database, not the server's memory.
    expect((await login('commander', 'commander-password-1')).status).toBe(200);
  });

  it('prints a new API token that works as a bearer token', async () => {
    t = makeTestApp();
    const out = await run(t.store, ['token', 'viewer', '--label', 'QGIS']);
    const token = /^opsmap_\S+$/m.exec(out)![0];
    const res = await t.req('/api/auth/me', { as: 'anonymous', headers: { authorization: `Bearer ${token}` } });
    expect(await res.json()).toMatchObject({ user: { name: 'viewer' }, via: 'token' });
  });

  it('lists the users from the command line', async () => {
    t = makeTestApp();
    await run(t.store, ['add', 'tran.thi.b', '--role', 'planner', '--password', 'long-enough-1']);
    await run(t.store, ['disable', 'viewer']);
    expect(await run(t.store, ['stations', 'team', '12,13'])).toBe('team reports for stations 12, 13.');
    if (onSqlite) t.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    // The command opens what the server's settings name: the SQLite file, or the PostgreSQL URL.
    const where = t.config.databaseUrl ? { OPSMAP_DATABASE_URL: t.config.databaseUrl } : { OPSMAP_DB: t.config.dbFile };
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'server/cli/user.ts'), 'list'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...where } });
    expect(out.trimEnd().split('\n')).toEqual([
      'admin                admin      active',
      'commander            commander  active',
      'planner              planner    active',
      'team                 team       active {"stations":[12,13]}',
      'tran.thi.b           planner    active',
      'viewer               viewer     disabled',
    ]);
    expect((await findUserByName(t.store, 'tran.thi.b'))!.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
  });
});
