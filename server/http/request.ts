/** Reading requests at the edge: JSON bodies with clear errors, and who is asking. */
import type { Context } from 'hono';
import type { Actor } from '../db/store.ts';
import { clientAddress } from './client-address.ts';
import { HttpProblem } from './problem.ts';

const JSON_TYPES = ['application/json', 'application/geo+json'];

/** Deepest nesting accepted in a JSON body; GeoJSON needs 6 (MultiPolygon coordinates). */
export const MAX_JSON_DEPTH = 32;

function depthOf(text: string): number {
  let depth = 0, max = 0, inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92) i++; // backslash: skip the escaped character
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 91 || ch === 123) max = Math.max(max, ++depth);
    else if (ch === 93 || ch === 125) depth--;
  }
  return max;
}

export async function readJson(c: Context, extraTypes: string[] = []): Promise<unknown> {
  const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (![...JSON_TYPES, ...extraTypes].includes(type))
    throw new HttpProblem(415, `Send the body as ${[...JSON_TYPES, ...extraTypes].join(' or ')} (Content-Type was "${type || 'missing'}").`);
  const text = await c.req.text();
  if (!text.trim()) throw new HttpProblem(400, 'The request body is empty; send a GeoJSON Feature.');
  if (depthOf(text) > MAX_JSON_DEPTH) throw new HttpProblem(400, `The JSON body is nested more than ${MAX_JSON_DEPTH} levels deep.`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new HttpProblem(400, `The body is not valid JSON: ${(e as Error).message}`);
  }
}

/** Who made a change and from where, for the audit trail and the per-address limits (address: ./client-address.ts). */
export function actorOf(c: Context): Actor {
  const user = (c.get as (k: string) => { name?: string } | undefined)('user');
  const address = (c.get as (k: string) => string | null | undefined)('clientAddress');
  if (address !== undefined) return { name: user?.name ?? null, address };
  // A context the app's middleware did not see: the socket's peer, as with no trusted proxy.
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return { name: user?.name ?? null, address: clientAddress(incoming?.socket?.remoteAddress ?? null, c.req.header('x-forwarded-for'), null) };
}
