import { describe, expect, it } from 'vitest';
import { clientAddress, loadTrustProxy } from '../../server/http/client-address.ts';

const trust = (s: string) => loadTrustProxy(s);

describe('client address behind proxies (OPSMAP_TRUST_PROXY)', () => {
  it('without a trusted proxy is the socket peer, whatever X-Forwarded-For says', () => {
    for (const t of [undefined, '', 'false', '0']) expect(clientAddress('10.0.0.5', '203.0.113.7', loadTrustProxy(t))).toBe('10.0.0.5');
  });

  it('with a hop count reads the entry the nearest N proxies appended, never one the client wrote', () => {
    // The client wrote "1.1.1.1"; the outer proxy appended the client's real address, the inner one the outer's.
    const xff = '1.1.1.1, 203.0.113.7, 10.0.0.9';
    expect(clientAddress('10.0.0.5', xff, trust('1'))).toBe('10.0.0.9');
    expect(clientAddress('10.0.0.5', xff, trust('2'))).toBe('203.0.113.7');
    // More hops than entries: the leftmost there is.
    expect(clientAddress('10.0.0.5', '203.0.113.7', trust('3'))).toBe('203.0.113.7');
    expect(clientAddress('10.0.0.5', undefined, trust('1'))).toBe('10.0.0.5');
  });

  it('with addresses and ranges walks left past trusted proxies to the first untrusted address', () => {
    const t = trust('10.0.0.0/8, ::1');
    expect(clientAddress('10.0.0.5', '1.1.1.1, 203.0.113.7, 10.0.0.9', t)).toBe('203.0.113.7');
    expect(clientAddress('::ffff:10.0.0.5', '203.0.113.7', t)).toBe('203.0.113.7');
    expect(clientAddress('::1', '[2001:db8::7]:4711', t)).toBe('2001:db8::7');
    // From an untrusted peer the header is not read at all.
    expect(clientAddress('198.51.100.1', '203.0.113.7', t)).toBe('198.51.100.1');
    // Every hop trusted: the leftmost.
    expect(clientAddress('10.0.0.5', '10.1.1.1', t)).toBe('10.1.1.1');
    expect(clientAddress('127.0.0.1', '203.0.113.7:5555', trust('loopback'))).toBe('203.0.113.7');
  });

  it('stops at the last good hop when an entry is not an address', () => {
    expect(clientAddress('10.0.0.5', 'unknown', trust('1'))).toBe('10.0.0.5');
    expect(clientAddress('10.0.0.5', 'x, 10.0.0.9', trust('10.0.0.0/8'))).toBe('10.0.0.9');
  });

  it('refuses settings that are neither a hop count nor addresses, saying what to give', () => {
    for (const bad of ['yes', '10.0.0.0/33', '300.1.1.1', 'fe80::/129', '10.0.0.1/8/2', '99']) expect(() => loadTrustProxy(bad), bad).toThrow(/OPSMAP_TRUST_PROXY/);
  });
});
