/**
 * Issue #11, where MCP authorization meets the Oura connection, through the real app over HTTP:
 * - every request the server sends to Oura goes through a recording forwarder in front of the
 *   simulated cloud, and none of them carries a token this server issued to an MCP client;
 * - "Continue with Oura" on the consent page replaces the stored Oura token pair with the fresh one;
 * - an install connected before account pinning existed gets its owner recorded when a consent page
 *   opens, so "Continue with Oura" is offered there.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/index.js';
import type { RunningSimulator } from '../../src/simulator/types.js';
import { TokenStore } from '../../src/oauth/tokens.js';
import { createSilentLogger } from '../../src/logger.js';
import { openConsentPage, submitConsent } from '../helpers/mcpOAuth.js';
import { connected, postMcp, startServerAgainst, type ServerUnderTest } from '../helpers/stack.js';

const NOW = new Date('2025-10-26T11:00:00Z');
const now = () => NOW;
const REDIRECT = 'https://claude.ai/api/mcp/auth_callback';

/** What Oura received: every request line, Authorization header and body, as sent. */
interface Seen {
  url: string;
  authorization: string | undefined;
  body: string;
}

/** A transparent HTTP forwarder in front of the simulator that writes down what passes through. */
async function startRecordingForwarder(target: string): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ url: req.url ?? '', authorization: req.headers.authorization, body: body.toString('utf8') });
      const forwarded = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forwarded.on('error', () => res.writeHead(502).end());
      forwarded.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

function authorizeUrl(baseUrl: string, clientId: string, challenge: string): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: REDIRECT,
    state: 'st-oura',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    resource: `${baseUrl}/mcp`,
  });
  return `${baseUrl}/auth/authorize?${query.toString()}`;
}

async function register(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_name: 'Claude', redirect_uris: [REDIRECT] }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { client_id: string }).client_id;
}

/** Follows a browser's redirects (GET) from `start` until one leaves for `stopAt`; returns that URL. */
async function followUntil(start: string, stopAt: string): Promise<URL> {
  let next = start;
  for (let hop = 0; hop < 10; hop++) {
    if (next.startsWith(stopAt)) return new URL(next);
    const res = await fetch(next, { redirect: 'manual' });
    const location = res.headers.get('location');
    if (location === null) throw new Error(`${next} answered ${res.status} without a redirect: ${await res.text()}`);
    next = new URL(location, next).toString();
  }
  throw new Error('too many redirects');
}

/** The authorization_code grant at our token endpoint; the answer's status and body. */
async function redeem(clientId: string, code: string, verifier: string) {
  const res = await fetch(`${server.baseUrl}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      client_id: clientId,
      redirect_uri: REDIRECT,
    }).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

/** What the server asked Oura's data routes since `index` of the forwarder's record. */
function dataRequestsSince(index: number): Seen[] {
  return forwarder.seen.slice(index).filter((request) => request.url.startsWith('/v2/usercollection/'));
}

/** get_personal_info over /mcp with an MCP access token: the person's age. */
async function ageWith(accessToken: string): Promise<number | undefined> {
  const call = await postMcp(
    { baseUrl: server.baseUrl, authToken: accessToken },
    { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'get_personal_info', arguments: {} } },
    { 'mcp-protocol-version': '2025-06-18' },
  );
  expect(call.status).toBe(200);
  const result = call.body as { result?: { isError?: boolean; structuredContent?: { age: number } } };
  expect(result.result?.isError).toBeFalsy();
  return result.result?.structuredContent?.age;
}

let sim: RunningSimulator;
let forwarder: Awaited<ReturnType<typeof startRecordingForwarder>>;
let server: ServerUnderTest;

beforeAll(async () => {
  sim = await startSimulator({ timezone: 'Europe/Berlin', now, autoApprove: true });
  forwarder = await startRecordingForwarder(sim.url);
  server = await connected(await startServerAgainst(forwarder.url, { timezone: 'Europe/Berlin', now }));
}, 30_000);
afterAll(async () => {
  await server?.close();
  await forwarder?.close();
  await sim?.close();
});

describe('MCP tokens stay on this server', () => {
  it('Oura never receives a token issued to an MCP client, only its own tokens', async () => {
    const clientId = await register(server.baseUrl);
    const verifier = randomBytes(32).toString('base64url');
    const page = await openConsentPage(authorizeUrl(server.baseUrl, clientId, s256(verifier)));
    const decided = await submitConsent(server.baseUrl, page, { action: 'api_key', api_key: server.authToken });
    const code = new URL(decided.headers.get('location')!).searchParams.get('code')!;
    const issued = await redeem(clientId, code, verifier);
    expect(issued.status).toBe(200);
    const mcpTokens = [issued.body.access_token!, issued.body.refresh_token!, code, verifier];

    const before = forwarder.seen.length;
    expect(await ageWith(issued.body.access_token!)).toBe(sim.dataset.personalInfo.age);

    const toData = dataRequestsSince(before);
    expect(toData.length).toBeGreaterThan(0);
    const ouraAccessToken = await server.deps.tokenManager.getValidAccessToken();
    for (const request of toData) expect(request.authorization).toBe(`Bearer ${ouraAccessToken}`);
    for (const request of forwarder.seen)
      for (const token of mcpTokens) {
        expect(request.url.includes(token)).toBe(false);
        expect(request.body.includes(token)).toBe(false);
        expect((request.authorization ?? '').includes(token)).toBe(false);
      }
  });
});

describe('"Continue with Oura"', () => {
  it('approves the MCP client and replaces the stored Oura token pair with the fresh one', async () => {
    const read = async () => {
      const stored = await new TokenStore({
        file: server.config.tokensFile,
        key: server.config.tokenEncryptionKey,
        logger: createSilentLogger(),
      }).read();
      if (stored.kind !== 'ok') throw new Error(`tokens file: ${stored.kind}`);
      return stored.tokens;
    };
    const before = await read();
    const grantsBefore = sim.controls.oauthStats().authorizationCodeGrants;

    const clientId = await register(server.baseUrl);
    const verifier = randomBytes(32).toString('base64url');
    const page = await openConsentPage(authorizeUrl(server.baseUrl, clientId, s256(verifier)));
    expect(page.html).toContain('value="oura">Continue with Oura</button>');
    const decided = await submitConsent(server.baseUrl, page, { action: 'oura' });
    expect(decided.status).toBe(303);
    // To Oura's consent (through the forwarder), back to our callback, and on to the MCP client.
    const signIn = new URL(decided.headers.get('location')!);
    expect(signIn.origin).toBe(forwarder.url);
    const back = await followUntil(signIn.toString(), REDIRECT);
    expect(back.searchParams.get('state')).toBe('st-oura');
    expect(back.searchParams.get('iss')).toBe(server.baseUrl);

    const after = await read();
    expect(sim.controls.oauthStats().authorizationCodeGrants).toBe(grantsBefore + 1);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    // The server now uses the fresh pair, and it is the one Oura accepts.
    expect(await server.deps.tokenManager.getValidAccessToken()).toBe(after.accessToken);
    const issued = await redeem(clientId, back.searchParams.get('code')!, verifier);
    expect(issued.status).toBe(200);
    const seenBefore = forwarder.seen.length;
    expect(await ageWith(issued.body.access_token!)).toBe(sim.dataset.personalInfo.age);
    expect(dataRequestsSince(seenBefore).map((request) => request.authorization)).toContain(
      `Bearer ${after.accessToken}`,
    );
  });

  it('an install connected before pinning gets its owner recorded when a consent page opens, and is offered "Continue with Oura"', async () => {
    await server.deps.owner.clear();
    expect(await server.deps.owner.read()).toBeNull();
    const clientId = await register(server.baseUrl);
    const page = await openConsentPage(
      authorizeUrl(server.baseUrl, clientId, s256(randomBytes(32).toString('base64url'))),
    );
    expect(page.status).toBe(200);
    expect(page.html).toContain('value="oura">Continue with Oura</button>');
    expect(await server.deps.owner.read()).toBe(sim.dataset.personalInfo.id);
  });
});
