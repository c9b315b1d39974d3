import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OneTimeLinks, type OneTimeLinksOptions } from '../../src/oauth/links.js';
import { codeChallengeS256, createCodeVerifier, randomUrlToken } from '../../src/oauth/pkce.js';

function clock(start = Date.UTC(2025, 9, 26, 10, 0, 0)) {
  let t = start;
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

function sharedFolder(): { dir: string; key: Buffer } {
  return { dir: path.join(mkdtempSync(path.join(os.tmpdir(), 'oura-links-')), 'tokens.links'), key: randomBytes(32) };
}

/** Every rule holds for both stores: one process's memory, and the folder shared beside TOKENS_FILE. */
const STORES: Array<[string, (options?: OneTimeLinksOptions) => OneTimeLinks]> = [
  ['in memory', (options = {}) => new OneTimeLinks(options)],
  ['in a shared folder', (options = {}) => new OneTimeLinks({ ...options, shared: sharedFolder() })],
];

describe.each(STORES)('one-time links %s', (_store, make) => {
  describe('one-time grants', () => {
    it('are at least 128 random bits of base64url and unique', () => {
      const links = make();
      const grants = new Set(Array.from({ length: 200 }, () => links.createGrant()));
      expect(grants.size).toBe(200);
      for (const g of grants) expect(g).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it('work once, then report reused', () => {
      const links = make();
      const grant = links.createGrant();
      expect(links.consumeGrant(grant)).toEqual({ ok: true });
      expect(links.consumeGrant(grant)).toEqual({ ok: false, reason: 'reused' });
    });

    it('expire after 10 minutes', () => {
      const c = clock();
      const links = make({ now: c.now });
      const fresh = links.createGrant();
      const stale = links.createGrant();
      c.advance(10 * 60 * 1000 - 1);
      expect(links.consumeGrant(fresh)).toEqual({ ok: true });
      c.advance(1);
      expect(links.consumeGrant(stale)).toEqual({ ok: false, reason: 'expired' });
    });

    it.each([undefined, null, 42, ['a'], '', 'x'.repeat(5000), 'never-issued'])('refuses %j as unknown', (value) => {
      const links = make();
      links.createGrant();
      expect(links.consumeGrant(value)).toEqual({ ok: false, reason: 'unknown' });
    });

    it('a state is not a grant and a grant is not a state', () => {
      const links = make();
      const grant = links.createGrant();
      const state = links.createState({ codeVerifier: createCodeVerifier() });
      expect(links.consumeState(grant)).toEqual({ ok: false, reason: 'unknown' });
      expect(links.consumeGrant(state)).toEqual({ ok: false, reason: 'unknown' });
    });

    it('a flood is bounded: the cap holds and the oldest are evicted first', () => {
      const links = make({ maxEntries: 50 });
      const first = links.createGrant();
      const all = Array.from({ length: 500 }, () => links.createGrant());
      expect(links.sizes().grants).toBeLessThanOrEqual(50);
      expect(links.consumeGrant(first)).toEqual({ ok: false, reason: 'unknown' });
      expect(links.consumeGrant(all[all.length - 1])).toEqual({ ok: true });
    });

    it('expired entries are dropped when new ones are made', () => {
      const c = clock();
      const links = make({ now: c.now });
      for (let i = 0; i < 100; i += 1) links.createGrant();
      c.advance(11 * 60 * 1000);
      links.createGrant();
      expect(links.sizes().grants).toBe(1);
    });
  });

  describe('OAuth states', () => {
    it('carry the code verifier, once', () => {
      const links = make();
      const verifier = createCodeVerifier();
      const state = links.createState({ codeVerifier: verifier });
      expect(state).toMatch(/^[A-Za-z0-9_-]{43,}$/);
      expect(links.consumeState(state)).toEqual({ ok: true, codeVerifier: verifier, purpose: { kind: 'connect' } });
      expect(links.consumeState(state)).toEqual({ ok: false, reason: 'reused' });
    });

    it('expire after 10 minutes', () => {
      const c = clock();
      const links = make({ now: c.now });
      const state = links.createState({ codeVerifier: createCodeVerifier() });
      c.advance(10 * 60 * 1000);
      expect(links.consumeState(state)).toEqual({ ok: false, reason: 'expired' });
    });
  });
});

describe('PKCE', () => {
  it('verifiers are 43–128 chars of the unreserved alphabet and unique', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100; i += 1) {
      const v = createCodeVerifier();
      expect(v).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
      seen.add(v);
    }
    expect(seen.size).toBe(100);
  });

  it('S256 challenge matches the RFC 7636 appendix B example', () => {
    expect(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('randomUrlToken has the requested entropy', () => {
    expect(randomUrlToken(16)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});

describe.each(STORES)('links %s that survive prefetchers and polling (issue 16)', (_store, make) => {
  it('checkGrant and checkState look without using up; the real use still works once', () => {
    const links = make();
    const grant = links.createGrant();
    for (let i = 0; i < 5; i++) expect(links.checkGrant(grant)).toEqual({ ok: true });
    expect(links.consumeGrant(grant)).toEqual({ ok: true });
    expect(links.checkGrant(grant)).toEqual({ ok: false, reason: 'reused' });

    const codeVerifier = createCodeVerifier();
    const state = links.createState({ codeVerifier });
    expect(links.checkState(state)).toEqual({ ok: true, codeVerifier, purpose: { kind: 'connect' } });
    expect(links.checkState(state)).toEqual({ ok: true, codeVerifier, purpose: { kind: 'connect' } });
    expect(links.consumeState(state)).toEqual({ ok: true, codeVerifier, purpose: { kind: 'connect' } });
    expect(links.checkState(state)).toEqual({ ok: false, reason: 'reused' });
  });

  it('reusableGrant hands out one link until it is used or half its life is gone, so polling cannot evict live links', () => {
    const c = clock();
    const links = make({ now: c.now, maxEntries: 5 });
    const owners = [links.createGrant(), links.createGrant()];
    const first = links.reusableGrant();
    for (let i = 0; i < 1000; i++) expect(links.reusableGrant()).toBe(first);
    expect(links.sizes().grants).toBe(3);
    for (const grant of owners) expect(links.checkGrant(grant)).toEqual({ ok: true });
    c.advance(5 * 60 * 1000 + 1);
    const second = links.reusableGrant();
    expect(second).not.toBe(first);
    expect(links.consumeGrant(second)).toEqual({ ok: true });
    expect(links.reusableGrant()).not.toBe(second);
  });
});

describe('one-time links in memory', () => {
  it('keeps no plaintext secret in memory (keys are digests)', () => {
    const links = new OneTimeLinks();
    const grant = links.createGrant();
    const dump = JSON.stringify([
      ...(links as unknown as { grants: { entries: Map<string, unknown> } }).grants.entries.keys(),
    ]);
    expect(dump).not.toContain(grant);
    expect(dump).toContain(createHash('sha256').update(grant).digest('base64url'));
  });
});

describe('one-time links shared by the processes that share TOKENS_FILE', () => {
  it('a grant made by one process is spent by another, once', () => {
    const shared = sharedFolder();
    const stdio = new OneTimeLinks({ shared });
    const http = new OneTimeLinks({ shared });
    const grant = stdio.createGrant();
    expect(http.checkGrant(grant)).toEqual({ ok: true });
    expect(http.consumeGrant(grant)).toEqual({ ok: true });
    expect(stdio.consumeGrant(grant)).toEqual({ ok: false, reason: 'reused' });
    expect(http.consumeGrant(grant)).toEqual({ ok: false, reason: 'reused' });
  });

  it('keeps no secret in the folder: names are digests, the code verifier is encrypted', () => {
    const shared = sharedFolder();
    const links = new OneTimeLinks({ shared });
    const grant = links.createGrant();
    const codeVerifier = createCodeVerifier();
    const state = links.createState({ codeVerifier });
    const names = readdirSync(shared.dir).sort();
    expect(names).toEqual(
      [
        `grant-${createHash('sha256').update(grant).digest('base64url')}`,
        `state-${createHash('sha256').update(state).digest('base64url')}`,
      ].sort(),
    );
    const contents = names.map((name) => readFileSync(path.join(shared.dir, name), 'utf8')).join('\n');
    for (const secret of [grant, state, codeVerifier]) expect(contents).not.toContain(secret);
    expect(new OneTimeLinks({ shared }).consumeState(state)).toEqual({
      ok: true,
      codeVerifier,
      purpose: { kind: 'connect' },
    });
    // The tombstone keeps the expiry only.
    const tombstone = JSON.parse(
      readFileSync(
        path.join(shared.dir, `state-${createHash('sha256').update(state).digest('base64url')}.used`),
        'utf8',
      ),
    ) as Record<string, unknown>;
    expect(Object.keys(tombstone)).toEqual(['expiresAt']);
  });

  it('another key, or a lengthened expiry written into the file, makes a link unknown', () => {
    const shared = sharedFolder();
    const c = clock();
    const links = new OneTimeLinks({ shared, now: c.now });
    const grant = links.createGrant();
    expect(new OneTimeLinks({ shared: { ...shared, key: randomBytes(32) }, now: c.now }).checkGrant(grant)).toEqual({
      ok: false,
      reason: 'unknown',
    });
    const file = path.join(shared.dir, `grant-${createHash('sha256').update(grant).digest('base64url')}`);
    const entry = JSON.parse(readFileSync(file, 'utf8')) as { expiresAt: number; payload: string };
    writeFileSync(file, JSON.stringify({ ...entry, expiresAt: entry.expiresAt + 3_600_000 }));
    c.advance(10 * 60 * 1000 + 1);
    expect(links.consumeGrant(grant)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('a folder that cannot be created (its parent is a file) keeps links working in this process', () => {
    const parent = path.join(mkdtempSync(path.join(os.tmpdir(), 'oura-links-')), 'not-a-folder');
    writeFileSync(parent, 'a file');
    const links = new OneTimeLinks({ shared: { dir: path.join(parent, 'tokens.links'), key: randomBytes(32) } });
    const grant = links.createGrant();
    const codeVerifier = createCodeVerifier();
    const state = links.createState({ codeVerifier });
    expect(links.reusableGrant()).toBe(links.reusableGrant());
    expect(links.sizes()).toEqual({ grants: 2, states: 1 });
    expect(links.consumeGrant(grant)).toEqual({ ok: true });
    expect(links.consumeGrant(grant)).toEqual({ ok: false, reason: 'reused' });
    expect(links.consumeState(state)).toEqual({ ok: true, codeVerifier, purpose: { kind: 'connect' } });
  });
});
