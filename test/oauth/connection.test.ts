import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createOuraConnection, logConnectHintIfDisconnected } from '../../src/oauth/connection.js';
import { connect, pathOf, PUBLIC_ORIGIN, startHarness, type Harness, followLink, pressContinue } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('createOuraConnection', () => {
  it('status mirrors the token manager; links are fresh, absolute and one-time', async () => {
    h = await startHarness();
    const connection = createOuraConnection(h.manager, h.links, h.config);
    expect(await connection.status()).toEqual({ connected: false, scope: null, expires_at: null, error: null });
    const a = connection.createAuthorizeLink();
    const b = connection.createAuthorizeLink();
    expect(a).not.toBe(b);
    expect(a).toMatch(new RegExp(`^${PUBLIC_ORIGIN.replace(/\./g, '\\.')}/oauth/authorize\\?grant=[A-Za-z0-9_-]{43}$`));
    expect((await followLink(h, a)).status).toBe(303);
    expect((await request(h.app).get(pathOf(a))).status).toBe(401);
    await connect(h);
    expect(await connection.status()).toMatchObject({ connected: true, scope: h.config.ouraScopes });
  });
});

describe('logConnectHintIfDisconnected', () => {
  it('when not connected, logs one INFO line whose link survives redaction and works', async () => {
    h = await startHarness();
    const connection = createOuraConnection(h.manager, h.links, h.config);
    expect(await logConnectHintIfDisconnected(connection, h.log.logger)).toBe(true);
    const lines = h.log.lines.map((l) => JSON.parse(l) as { level: string; message: string });
    const hint = lines.filter((l) => l.message.includes('one-time link'));
    expect(hint).toHaveLength(1);
    expect(hint[0]!.level).toBe('info');
    const link = /(http:\/\/\S+)/.exec(hint[0]!.message)?.[1];
    expect(link).toBeDefined();
    expect(link).not.toContain('REDACTED');
    const page = await request(h.app).get(pathOf(link!));
    expect(page.status).toBe(200);
    expect((await pressContinue(h, new URL(link!).searchParams.get('connect')!)).status).toBe(303);
  });

  it('includes the reason when the tokens file is unusable', async () => {
    h = await startHarness();
    const { promises: fs } = await import('node:fs');
    await fs.writeFile(h.config.tokensFile, 'nope');
    await logConnectHintIfDisconnected(createOuraConnection(h.manager, h.links, h.config), h.log.logger);
    expect(h.log.text()).toContain('not valid JSON');
  });

  it('logs nothing when connected', async () => {
    h = await startHarness();
    await connect(h);
    const before = h.log.lines.length;
    expect(await logConnectHintIfDisconnected(createOuraConnection(h.manager, h.links, h.config), h.log.logger)).toBe(
      false,
    );
    expect(h.log.lines.length).toBe(before);
  });
});
