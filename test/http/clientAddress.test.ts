import express from 'express';
import { describe, expect, it } from 'vitest';
import { clientAddressOf, isLocalOrPrivate, proxyTrust, type TrustFunction } from '../../src/http/clientAddress.js';
import { ClientLimiter } from '../../src/http/clientLimiter.js';

/** The trust function Express compiles for a `trust proxy` value, wrapped as the limiter uses it. */
function trustFor(setting: boolean | number | string): TrustFunction {
  const app = express();
  app.set('trust proxy', setting);
  return proxyTrust(setting, app.get('trust proxy fn') as TrustFunction);
}

describe('clientAddressOf (rate-limit key behind proxies)', () => {
  it.each([
    // [TRUST_PROXY, socket peer, X-Forwarded-For, expected key]
    ['false: the header is ignored', false, '203.0.113.9', '1.2.3.4', '203.0.113.9'],
    ['1 behind ngrok on loopback: the address ngrok added', 1, '127.0.0.1', '9.9.9.9, 198.51.100.7', '198.51.100.7'],
    ['1, a public direct peer spoofing: its own address', 1, '203.0.113.9', '1.2.3.4', '203.0.113.9'],
    ['true, a public direct peer spoofing: its own address', true, '203.0.113.9', '1.2.3.4, 5.6.7.8', '203.0.113.9'],
    [
      'true behind two private hops: the first public address from the right',
      true,
      '10.0.0.2',
      '1.2.3.4, 198.51.100.7, 10.0.0.1',
      '198.51.100.7',
    ],
    [
      'loopback, a spoofed chain through ngrok: the address ngrok added',
      'loopback',
      '127.0.0.1',
      '1.2.3.4, 5.6.7.8, 198.51.100.7',
      '198.51.100.7',
    ],
    ['loopback, garbage as the client address: the proxy', 'loopback', '127.0.0.1', 'random-1234', '127.0.0.1'],
    ['1, garbage from a trusted proxy: the proxy', 1, '::ffff:127.0.0.1', 'not-an-ip', '127.0.0.1'],
    ['a named list: hops not in it are clients', '10.0.0.1', '10.0.0.1', '192.168.1.5', '192.168.1.5'],
    ['IPv6 clients are keyed by their /56', 'loopback', '::1', '2001:db8:aa:bb::1', '2001:db8:aa::/56'],
  ])('%s', (_name, setting, peer, header, expected) => {
    expect(clientAddressOf(peer, header, trustFor(setting))).toBe(expected);
  });

  it('rotating X-Forwarded-For from one direct peer never changes its key', () => {
    for (const setting of [1, true, 'loopback', 2] as const) {
      const keys = new Set<string>();
      for (let i = 0; i < 50; i++)
        keys.add(clientAddressOf('203.0.113.9', `10.0.${i}.1, 198.51.100.${i}`, trustFor(setting)));
      expect([...keys]).toEqual(['203.0.113.9']);
    }
  });

  it('recognises local and private ranges', () => {
    expect(
      ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.0.9', '::1', 'fd00::1', '::ffff:10.0.0.1'].every(
        isLocalOrPrivate,
      ),
    ).toBe(true);
    expect(['8.8.8.8', '172.32.0.1', '2001:db8::1', 'garbage'].some(isLocalOrPrivate)).toBe(false);
  });
});

describe('ClientLimiter', () => {
  it('counts weights per key per window and refuses what would pass the limit', () => {
    let now = 0;
    const limiter = new ClientLimiter({ windowMs: 60_000, max: 10, now: () => now });
    expect(limiter.hit('a', 4)).toEqual({ allowed: true, limit: 10, remaining: 6, resetMs: 60_000 });
    expect(limiter.hit('a', 6).remaining).toBe(0);
    now = 30_000;
    expect(limiter.hit('a', 1)).toEqual({ allowed: false, limit: 10, remaining: 0, resetMs: 30_000 });
    expect(limiter.hit('b', 10).allowed).toBe(true);
    now = 60_000;
    expect(limiter.hit('a', 10).allowed).toBe(true);
  });

  it('tracks at most maxClients keys', () => {
    const limiter = new ClientLimiter({ windowMs: 60_000, max: 1, maxClients: 100, now: () => 0 });
    for (let i = 0; i < 10_000; i++) limiter.hit(`client-${i}`);
    expect(limiter.trackedClients).toBe(100);
  });
});
