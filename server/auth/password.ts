/**
 * Password hashing with scrypt (memory-hard, in node:crypto). The parameters are stored
 * with each hash, so they can be raised later without invalidating existing passwords:
 * `scrypt$N$r$p$salt$hash` (salt and hash base64url).
 */
import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import type { WorkPool } from '../workers/pool.ts';
import type { Strength } from './password-strength.ts';

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** 2^15 × 8 × 128 bytes = 32 MiB per hash: about 0.1–0.5 s on a small server. */
export const DEFAULT_COST: ScryptCost = { N: 2 ** 15, r: 8, p: 1 };
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, { ...cost, maxmem: maxmem(cost) }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

const maxmem = (cost: ScryptCost) => 256 * cost.N * cost.r + 1024 * 1024;
const encode = (cost: ScryptCost, salt: Buffer, key: Buffer) => ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');

export async function hashPassword(password: string, cost: ScryptCost = DEFAULT_COST): Promise<string> {
  const salt = randomBytes(16);
  return encode(cost, salt, await derive(password, salt, cost));
}

/** For the command line, where nothing else waits on the event loop. */
export function hashPasswordSync(password: string, cost: ScryptCost = DEFAULT_COST): string {
  const salt = randomBytes(16);
  return encode(cost, salt, scryptSync(password.normalize('NFC'), salt, KEY_BYTES, { ...cost, maxmem: maxmem(cost) }));
}

/** True when `password` matches `stored`; compares in constant time. A malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0)) return false;
  const expected = Buffer.from(parts[5], 'base64url');
  const key = await derive(password, Buffer.from(parts[4], 'base64url'), { N, r, p });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Spends the same time as a real check, so "no such user" cannot be told from "wrong password" by timing. */
let dummy: Promise<string> | null = null;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummy ??= hashPassword('opsmap-dummy-password');
  await verifyPassword(password, await dummy);
}

/** A random password for the first admin or a reset: 18 bytes = 24 URL-safe characters. */
export const generatePassword = () => randomBytes(18).toString('base64url');

export const MIN_PASSWORD_LENGTH = 10;
/** zxcvbn's 3: "safely unguessable", ~10^10 guesses, what a stolen database's slow hashes must withstand. */
export const MIN_PASSWORD_SCORE = 3;

/**
 * Why a password is refused, or null. Length alone let `aaaaaaaaaa`, `1234567890` and the user's
 * own name through (issue 15 #8); now common and breached passwords, keyboard walks and the name
 * are refused too, offline. `strength` is computed by the caller: on a worker thread for routes
 * (checkNewPassword), on this thread for the first start and the command line (passwordProblemHere).
 */
export function passwordProblem(password: string, userName: string, strength: (input: { password: string; userInputs: string[] }) => Strength): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > 1024) return 'A password may have at most 1024 characters.';
  const name = userName.normalize('NFC').toLowerCase();
  if (name.length >= 3 && password.normalize('NFC').toLowerCase().includes(name)) return 'A password may not contain the user name.';
  const s = strength({ password, userInputs: name ? [name, 'opsmap'] : ['opsmap'] });
  if (s.score < MIN_PASSWORD_SCORE) return `This password is too easy to guess${s.warning ? ` (${s.warning.replace(/\.$/, '')})` : ''}. ${s.suggestions.join(' ') || 'Use a longer phrase of unrelated words.'}`.trim();
  return null;
}

/**
 * The same with the estimate computed on this thread. The dictionaries are loaded here, on first
 * use, not with this module: they are ~23 MB of heap (~55 MB RSS) that the server's request thread
 * held for a check it makes at most once, at first start.
 */
export async function passwordProblemHere(password: string, userName: string): Promise<string | null> {
  const { passwordStrength } = await import('./password-strength.ts');
  return passwordProblem(password, userName, passwordStrength);
}

/** The same for a route: the strength estimate (20–200 ms) runs on a worker thread. */
export async function checkNewPassword(pool: WorkPool, password: string, userName: string): Promise<string | null> {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > 1024) return passwordProblem(password, userName, () => ({ score: 4, warning: null, suggestions: [] }));
  const s = await pool.run('passwordStrength', { password, userInputs: userName ? [userName.toLowerCase(), 'opsmap'] : ['opsmap'] });
  return passwordProblem(password, userName, () => s);
}
