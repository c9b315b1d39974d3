/**
 * The authorization server's persistent state: encrypted at rest, 0600, only token hashes, survives a
 * reopen, and an unreadable file (wrong key) starts empty instead of crashing. Also the client cap.
 */
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientMetadataFetcher } from '../../src/mcpAuth/clientMetadataDocument.js';
import { ClientRegistry } from '../../src/mcpAuth/clientRegistry.js';
import { redirectUriProblem } from '../../src/mcpAuth/redirectUris.js';
import { McpAuthStore } from '../../src/mcpAuth/store.js';
import { TokenService } from '../../src/mcpAuth/tokenService.js';
import { createSilentLogger } from '../../src/logger.js';
import { tempDir } from '../oauth/helpers.js';

let dir: string;
let t = Date.UTC(2025, 9, 26, 11);
const now = () => new Date(t);
afterEach(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

function parts(file: string, key: Buffer, maxClients = 100) {
  const store = McpAuthStore.open({ file, key, logger: createSilentLogger(), now });
  const clients = new ClientRegistry({
    store,
    metadataDocuments: new ClientMetadataFetcher({ now }),
    now,
    maxClients,
    checkScope: (s) => s ?? 'oura:read',
  });
  const tokens = new TokenService({
    store,
    clients,
    now,
    accessTokenTtlSeconds: 3600,
    refreshTokenTtlSeconds: 30 * 86400,
  });
  return { store, clients, tokens };
}

async function issue(p: ReturnType<typeof parts>, clientId: string) {
  const verifier = randomBytes(32).toString('base64url');
  const code = p.tokens.issueCode({
    clientId,
    redirectUri: 'https://claude.ai/api/mcp/auth_callback',
    codeChallenge: createHash('sha256').update(verifier).digest('base64url'),
    scope: 'oura:read',
    resource: 'https://me.example',
  });
  const client = (await p.clients.find(clientId))!;
  return p.tokens.exchangeCode(client, { code, codeVerifier: verifier, redirectUri: undefined, resource: null });
}

describe('McpAuthStore', () => {
  it('keeps tokens as hashes in an encrypted 0600 file that survives a reopen; another key reads nothing', async () => {
    dir = await tempDir('mcp-auth-');
    const file = path.join(dir, 'tokens.mcp-auth.json');
    const key = randomBytes(32);
    const first = parts(file, key);
    const { client_id: clientId } = await first.clients.register({
      client_name: 'Claude',
      redirect_uris: ['https://claude.ai/api/mcp/auth_callback'],
    });
    const issued = await issue(first, clientId);

    const text = await fs.readFile(file, 'utf8');
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    for (const plain of [issued.access_token, issued.refresh_token, 'Claude', 'claude.ai'])
      expect(text).not.toContain(plain);

    const reopened = parts(file, key);
    expect(reopened.tokens.verifyAccessToken(issued.access_token, 'https://me.example')?.clientId).toBe(clientId);
    expect(reopened.tokens.verifyAccessToken(issued.access_token, 'https://other.example')).toBeNull();

    const wrongKey = parts(file, randomBytes(32));
    expect(wrongKey.store.clients.size).toBe(0);
    expect(wrongKey.tokens.verifyAccessToken(issued.access_token, 'https://me.example')).toBeNull();
  });

  it('purges expired tokens when it writes', async () => {
    dir = await tempDir('mcp-auth-');
    const p = parts(path.join(dir, 'a.json'), randomBytes(32));
    const { client_id: clientId } = await p.clients.register({
      redirect_uris: ['https://claude.ai/api/mcp/auth_callback'],
    });
    await issue(p, clientId);
    expect(p.store.tokens.size).toBe(2);
    t += 3601_000;
    await p.store.save();
    expect([...p.store.tokens.values()].map((tk) => tk.kind)).toEqual(['refresh']);
  });
});

describe('ClientRegistry cap', () => {
  it('evicts the oldest registration without tokens first', async () => {
    dir = await tempDir('mcp-auth-');
    const p = parts(path.join(dir, 'a.json'), randomBytes(32), 3);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      t += 1000;
      ids.push(
        (await p.clients.register({ client_name: `c${i}`, redirect_uris: ['https://claude.ai/api/mcp/auth_callback'] }))
          .client_id,
      );
    }
    await issue(p, ids[0]!);
    t += 1000;
    const fourth = (
      await p.clients.register({ client_name: 'c3', redirect_uris: ['https://claude.ai/api/mcp/auth_callback'] })
    ).client_id;
    expect(
      p.clients
        .list()
        .map((c) => c.clientId)
        .sort(),
    ).toEqual([ids[0], ids[2], fourth].sort());
  });
});

describe('redirectUriProblem', () => {
  it.each([
    ['https://claude.ai/api/mcp/auth_callback', null],
    ['https://claude.com/api/mcp/auth_callback', null],
    ['https://chatgpt.com/connector_platform_oauth_redirect', null],
    ['http://localhost:3334/oauth/callback', null],
    ['http://127.0.0.1:9/cb', null],
    ['http://[::1]:9/cb', null],
    ['http://example.com/cb', 'https, or http on a loopback host'],
    ['https://claude.ai/cb#x', 'fragment'],
    ['https://u:p@claude.ai/cb', 'user information'],
    ['myapp://cb', 'https, or http on a loopback host'],
    ['/relative', 'absolute URL'],
  ])('%s', (uri, problem) => {
    const found = redirectUriProblem(uri);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });
});
