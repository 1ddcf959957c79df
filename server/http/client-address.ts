/**
 * Whose address a request comes from, for per-address throttling, sign-in delays and the audit
 * trail. Behind a reverse proxy every request arrives from the proxy, so all users shared one
 * address (one office's failures slowed everyone); but X-Forwarded-For is written by whoever sends
 * the request, so it may be believed only for hops the operator trusts: OPSMAP_TRUST_PROXY.
 *  - unset, `false` or `0`: the socket's peer; X-Forwarded-For is ignored;
 *  - a hop count N: the proxies in front are N deep, and the client is the address the N-th
 *    proxy (counted from this server) saw: the N-th X-Forwarded-For entry from the right;
 *  - addresses and CIDR ranges (`127.0.0.1,10.0.0.0/8,::1`, `loopback` for 127.0.0.0/8 and ::1):
 *    from the peer leftwards through X-Forwarded-For, the first address that is not trusted.
 * Only entries the trusted proxies appended are read (those to their left are the client's to
 * write); an entry that is not an IP address stops the walk at the last good one.
 */
import { BlockList, isIP } from 'node:net';
import type { MiddlewareHandler } from 'hono';

export type TrustProxy = { hops: number } | { addresses: BlockList; text: string } | null;

/** `::ffff:10.0.0.1` (an IPv4 client of a dual-stack socket) → `10.0.0.1`; ports and brackets off. */
function plain(address: string): string {
  let a = address.trim();
  const v6port = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (v6port) a = v6port[1];
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(':'));
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  return mapped ? mapped[1] : a;
}

export function loadTrustProxy(raw: string | undefined): TrustProxy {
  const text = (raw ?? '').trim();
  if (text === '' || text === 'false' || text === '0') return null;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 32) throw new Error(`OPSMAP_TRUST_PROXY: ${hops} proxies in front is not plausible; give the hop count (1 for one proxy) or their addresses`);
    return { hops };
  }
  const addresses = new BlockList();
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (item === 'loopback') {
      addresses.addSubnet('127.0.0.0', 8, 'ipv4');
      addresses.addAddress('::1', 'ipv6');
      continue;
    }
    const [addr, bits, extra] = item.split('/');
    const type = isIP(addr);
    const max = type === 4 ? 32 : 128;
    if (!type || extra !== undefined || (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= max)))
      throw new Error(`OPSMAP_TRUST_PROXY: "${item}" is not an IP address, a CIDR range (10.0.0.0/8) or "loopback"; or give a hop count (1 for one proxy)`);
    if (bits === undefined) addresses.addAddress(addr, type === 4 ? 'ipv4' : 'ipv6');
    else addresses.addSubnet(addr, Number(bits), type === 4 ? 'ipv4' : 'ipv6');
  }
  return { addresses, text };
}

const trusted = (list: BlockList, a: string) => {
  const type = isIP(a);
  return type !== 0 && list.check(a, type === 4 ? 'ipv4' : 'ipv6');
};

/**
 * The client's address: `peer` is the socket's (null when there is no socket: a request built in
 * a test, whose X-Forwarded-For, leftmost entry, stands for it).
 */
export function clientAddress(peer: string | null, forwardedFor: string | undefined, trust: TrustProxy): string | null {
  const forwarded = (forwardedFor ?? '').split(',').map(plain).filter(Boolean);
  if (peer === null) return forwarded[0] ?? null;
  if (!trust || !forwarded.length) return peer;
  // Nearest first: the peer, then the entries the proxies appended, right to left.
  const hops = [plain(peer), ...forwarded.reverse()];
  let i = 0;
  if ('hops' in trust) i = Math.min(trust.hops, hops.length - 1);
  else while (i < hops.length - 1 && trusted(trust.addresses, hops[i])) i++;
  // An entry that is not an address (garbage a client wrote, or a proxy's "unknown"): the last good hop.
  while (i > 0 && !isIP(hops[i])) i--;
  return i === 0 ? peer : hops[i];
}

/** Sets `clientAddress` on every request (read by actorOf). */
export function clientAddresses(trust: TrustProxy): MiddlewareHandler {
  return async (c, next) => {
    const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
    (c.set as (k: string, v: unknown) => void)('clientAddress', clientAddress(incoming?.socket?.remoteAddress ?? null, c.req.header('x-forwarded-for'), trust));
    return next();
  };
}
