import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TokenFileWriteError, TokenStore, type StoredTokens } from '../../src/oauth/tokens.js';
import { encryptSecret } from '../../src/lib/encryption.js';
import { captureLogger, randomKey, tempDir } from './helpers.js';

const tokens: StoredTokens = {
  accessToken: 'ACCESS-token-value-0123456789',
  refreshToken: 'REFRESH-token-value-9876543210',
  expiresAt: 1_730_000_000,
  issuedAt: 1_729_913_600,
  tokenType: 'Bearer',
  scope: 'email personal daily',
  tokenEndpoint: 'fallback',
};

let dir: string;
let file: string;
const key = randomKey();
beforeEach(async () => {
  dir = await tempDir();
  file = path.join(dir, 'tokens.json');
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

function store(options: { key?: Buffer } = {}) {
  const log = captureLogger();
  return { store: new TokenStore({ file, key: options.key ?? key, logger: log.logger }), log };
}

describe('TokenStore', () => {
  it('reports a missing file as missing', async () => {
    expect(await store().store.read()).toEqual({ kind: 'missing' });
  });

  it('round-trips the tokens', async () => {
    const { store: s } = store();
    await s.write(tokens);
    expect(await s.read()).toEqual({ kind: 'ok', tokens });
  });

  it("writes the spec's layout with both tokens as iv:tag:ciphertext", async () => {
    await store().store.write(tokens);
    const json = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
    expect(json).toMatchObject({
      expires_at: 1_730_000_000,
      token_type: 'Bearer',
      scope: 'email personal daily',
      token_endpoint: 'fallback',
    });
    expect(json.access_token).toMatch(/^[0-9a-f]{24}:[0-9a-f]{32}:[0-9a-f]+$/);
    expect(json.refresh_token).toMatch(/^[0-9a-f]{24}:[0-9a-f]{32}:[0-9a-f]+$/);
  });

  it('the file never contains the token strings', async () => {
    await store().store.write(tokens);
    const raw = await fs.readFile(file);
    for (const secret of [tokens.accessToken, tokens.refreshToken]) {
      expect(raw.includes(secret)).toBe(false);
      expect(raw.includes(Buffer.from(secret).toString('hex'))).toBe(false);
      expect(raw.includes(Buffer.from(secret).toString('base64'))).toBe(false);
    }
  });

  it('uses a fresh IV on every write', async () => {
    const { store: s } = store();
    await s.write(tokens);
    const first = await fs.readFile(file, 'utf8');
    await s.write(tokens);
    expect(await fs.readFile(file, 'utf8')).not.toBe(first);
  });

  it('file mode is 0600', async () => {
    await store().store.write(tokens);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
  });

  it('creates a missing directory with mode 0700', async () => {
    file = path.join(dir, 'state', 'oura', 'tokens.json');
    await store().store.write(tokens);
    expect((await fs.stat(path.dirname(file))).mode & 0o777).toBe(0o700);
  });

  it('a directory that cannot be created gives a clear TokenFileWriteError', async () => {
    await fs.writeFile(path.join(dir, 'not-a-dir'), 'x');
    file = path.join(dir, 'not-a-dir', 'tokens.json');
    const { store: s, log } = store();
    const error = await s.write(tokens).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenFileWriteError);
    expect((error as Error).message).toMatch(/TOKENS_FILE.*writable/);
    expect(log.text()).toContain('Could not save the Oura tokens');
  });

  it.each([
    ['corrupt JSON', '{"access_token": "abc', /not valid JSON/],
    ['wrong shape', '{"hello": 1}', /expected fields/],
    ['an empty file', '', /not valid JSON/],
    [
      'malformed ciphertext',
      JSON.stringify({ access_token: 'zz', refresh_token: 'zz', expires_at: 1, token_type: 'Bearer' }),
      /malformed/,
    ],
  ])('%s is unreadable with a clear reason, logged once, never thrown', async (_name, content, reason) => {
    await fs.writeFile(file, content);
    const { store: s, log } = store();
    const first = await s.read();
    expect(first).toMatchObject({ kind: 'unreadable', reason: expect.stringMatching(reason) });
    await s.read();
    expect(log.lines.filter((l) => l.includes('Oura tokens unusable'))).toHaveLength(1);
  });

  it('a wrong key is unreadable and says which variable to check', async () => {
    await store().store.write(tokens);
    const result = await store({ key: randomKey() }).store.read();
    expect(result).toMatchObject({ kind: 'unreadable', reason: expect.stringContaining('TOKEN_ENCRYPTION_KEY') });
  });

  it('a tampered ciphertext is detected', async () => {
    await store().store.write(tokens);
    const json = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, string>;
    const ct = json.refresh_token!;
    json.refresh_token = `${ct.slice(0, -2)}${ct.endsWith('00') ? '11' : '00'}`;
    await fs.writeFile(file, JSON.stringify(json));
    expect(await store().store.read()).toMatchObject({
      kind: 'unreadable',
      reason: expect.stringMatching(/cannot be decrypted/),
    });
  });

  it('a swapped access/refresh pair from another file does not decrypt under another key', async () => {
    const other = randomKey();
    await fs.writeFile(
      file,
      JSON.stringify({
        access_token: encryptSecret('a', other),
        refresh_token: encryptSecret('b', other),
        expires_at: 1,
        token_type: 'Bearer',
      }),
    );
    expect((await store().store.read()).kind).toBe('unreadable');
  });

  it('a write killed between temp file and rename leaves the old file, which still decrypts', async () => {
    const log = captureLogger();
    await new TokenStore({ file, key, logger: log.logger }).write(tokens);
    const crashing = new TokenStore({
      file,
      key,
      logger: log.logger,
      writeOptions: {
        beforeRename: () => {
          throw new Error('killed');
        },
      },
    });
    await expect(
      crashing.write({ ...tokens, accessToken: 'NEW-access', refreshToken: 'NEW-refresh' }),
    ).rejects.toThrow();
    // Also leave a torn temp file behind, as a SIGKILL mid-write would.
    await fs.writeFile(path.join(dir, 'tokens.json.tmp-123-abc'), '{"access_token":"12');
    expect(await store().store.read()).toEqual({ kind: 'ok', tokens });
  });

  it('files without token_endpoint / issued_at default to classic / null', async () => {
    await fs.writeFile(
      file,
      JSON.stringify({
        access_token: encryptSecret('a', key),
        refresh_token: encryptSecret('b', key),
        expires_at: 5,
        token_type: 'Bearer',
        scope: 'daily',
      }),
    );
    expect(await store().store.read()).toMatchObject({
      kind: 'ok',
      tokens: { tokenEndpoint: 'classic', issuedAt: null, scope: 'daily' },
    });
  });

  it('clear() deletes the file and tolerates a missing one', async () => {
    const { store: s } = store();
    await s.write(tokens);
    await s.clear();
    await s.clear();
    expect(await s.read()).toEqual({ kind: 'missing' });
  });

  it('logs never contain the tokens', async () => {
    const { store: s, log } = store();
    await s.write(tokens);
    await s.read();
    await fs.writeFile(file, 'garbage');
    await s.read();
    expect(log.text()).not.toContain(tokens.accessToken);
    expect(log.text()).not.toContain(tokens.refreshToken);
  });
});

describe('the whole token record is authenticated (issue 16)', () => {
  async function edit(change: (json: Record<string, unknown>) => void): Promise<void> {
    const json = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
    change(json);
    await fs.writeFile(file, JSON.stringify(json));
  }

  it.each([
    [
      'the access and refresh ciphertexts swapped',
      (json: Record<string, unknown>) =>
        ([json.access_token, json.refresh_token] = [json.refresh_token, json.access_token]),
    ],
    [
      'scope widened',
      (json: Record<string, unknown>) => (json.scope = 'email personal daily heartrate workout tag session spo2'),
    ],
    ['expiry moved to 2100', (json: Record<string, unknown>) => (json.expires_at = 4_102_444_800)],
    ['token type changed', (json: Record<string, unknown>) => (json.token_type = 'Basic')],
    ['endpoint changed', (json: Record<string, unknown>) => (json.token_endpoint = 'classic')],
    ['issued_at removed', (json: Record<string, unknown>) => delete json.issued_at],
    ['format marker removed (a downgrade to the old format)', (json: Record<string, unknown>) => delete json.format],
  ])('%s → tampering detected, with the fix', async (_name, change) => {
    await store().store.write(tokens);
    await edit(change);
    const result = await store().store.read();
    expect(result).toMatchObject({
      kind: 'unreadable',
      reason: expect.stringMatching(/modified.*integrity check.*connect Oura again/s),
    });
  });

  it('a file of the old format is read and rewritten in the authenticated format on first read', async () => {
    const legacy = {
      access_token: encryptSecret(tokens.accessToken, key),
      refresh_token: encryptSecret(tokens.refreshToken, key),
      expires_at: tokens.expiresAt,
      token_type: 'Bearer',
      scope: tokens.scope,
      token_endpoint: 'fallback',
      issued_at: tokens.issuedAt,
    };
    await fs.writeFile(file, JSON.stringify(legacy));
    expect(await store().store.read()).toEqual({ kind: 'ok', tokens });
    const upgraded = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
    expect(upgraded.format).toBe(2);
    expect(upgraded.access_token).not.toBe(legacy.access_token);
    expect(await store().store.read()).toEqual({ kind: 'ok', tokens });
    // Once upgraded, the old trick no longer works.
    await edit((json) => (json.scope = 'everything'));
    expect((await store().store.read()).kind).toBe('unreadable');
  });

  it('tokens loaded from the file are scrubbed from later log lines', async () => {
    await store().store.write(tokens);
    const { store: s, log } = store();
    await s.read();
    log.logger.debug(`Oura said: invalid token ${tokens.accessToken} (refresh ${tokens.refreshToken.toLowerCase()})`);
    expect(log.text()).not.toContain(tokens.accessToken);
    expect(log.text().toLowerCase()).not.toContain(tokens.refreshToken.toLowerCase());
  });
});
