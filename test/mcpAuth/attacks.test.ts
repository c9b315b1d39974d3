/**
 * Issue #11: every attack on the authorization server, through the real app over HTTP (a full stack
 * against the simulated Oura cloud), plus the RFC error shapes and the discovery documents.
 */
import { createHash, randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { parseConfig } from '../../src/config.js';
import { buildDeps } from '../../src/deps.js';
import { createSilentLogger } from '../../src/logger.js';
import { approveWithApiKey, openConsentPage, submitConsent } from '../helpers/mcpOAuth.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { captureLogger, type CapturedLogger } from '../oauth/helpers.js';

const REDIRECT = 'https://claude.ai/api/mcp/auth_callback';
let t = new Date('2025-10-26T11:00:00Z').getTime();
const now = () => new Date(t);
let stack: Stack;
let log: CapturedLogger;
/** Every secret the tests see; none may reach the log. */
const secrets: string[] = [];

beforeAll(async () => {
  log = captureLogger();
  stack = await startStack({
    now,
    logger: log.logger,
    mcpAuthorization: { registrationsPerMinute: 1000, requestsPerMinute: 100_000 },
  });
  secrets.push(stack.authToken);
}, 30_000);
afterAll(async () => {
  await stack?.close();
});

const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

async function register(metadata: Record<string, unknown> = {}): Promise<string> {
  const res = await request(stack.baseUrl)
    .post('/auth/register')
    .send({ client_name: 'Claude', redirect_uris: [REDIRECT], ...metadata });
  expect(res.status).toBe(201);
  return res.body.client_id as string;
}

function authorizeUrl(clientId: string, params: Record<string, string | undefined> = {}): string {
  const query: Record<string, string> = {};
  const all = {
    response_type: 'code',
    client_id: clientId,
    redirect_uri: REDIRECT,
    state: 'st-1',
    code_challenge_method: 'S256',
    resource: `${stack.baseUrl}/mcp`,
    ...params,
  };
  for (const [k, v] of Object.entries(all)) if (v !== undefined) query[k] = v;
  return `${stack.baseUrl}/auth/authorize?${new URLSearchParams(query).toString()}`;
}

/** Registration, consent approved with the API key, and the code; returns the verifier too. */
async function obtainCode(clientId?: string): Promise<{ clientId: string; code: string; verifier: string }> {
  const id = clientId ?? (await register());
  const verifier = randomBytes(32).toString('base64url');
  const back = await approveWithApiKey(
    stack.baseUrl,
    authorizeUrl(id, { code_challenge: s256(verifier) }),
    stack.authToken,
  );
  const code = back.searchParams.get('code')!;
  secrets.push(code, verifier);
  return { clientId: id, code, verifier };
}

async function token(form: Record<string, string>) {
  const res = await request(stack.baseUrl).post('/auth/token').type('form').send(form);
  if (typeof res.body?.access_token === 'string') secrets.push(res.body.access_token, res.body.refresh_token);
  return res;
}

/** The authorization_code grant as the client that asked for the code; `overrides` change or add fields. */
function redeem(
  obtained: { clientId: string; code: string; verifier: string },
  overrides: Record<string, string> = {},
): ReturnType<typeof token> {
  const { clientId, code, verifier } = obtained;
  const form = { grant_type: 'authorization_code', code, code_verifier: verifier, client_id: clientId };
  return token({ ...form, redirect_uri: REDIRECT, ...overrides });
}

/** The refresh_token grant, with a scope when given. */
function refreshGrant(clientId: string, refreshToken: string, scope?: string): ReturnType<typeof token> {
  const form = { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId };
  return token(scope === undefined ? form : { ...form, scope });
}

async function tokensFor(): Promise<{ clientId: string; access: string; refresh: string }> {
  const obtained = await obtainCode();
  const res = await redeem(obtained);
  expect(res.status).toBe(200);
  return { clientId: obtained.clientId, access: res.body.access_token, refresh: res.body.refresh_token };
}

const listTools = (accessToken: string) =>
  request(stack.baseUrl)
    .post('/mcp')
    .set({
      authorization: `Bearer ${accessToken}`,
      accept: 'application/json, text/event-stream',
      'content-type': 'application/json',
      'mcp-protocol-version': '2025-06-18',
    })
    .send({ jsonrpc: '2.0', id: 1, method: 'tools/list' });

describe('discovery', () => {
  it('publishes RFC 9728 metadata, path-suffixed for /mcp and /sse, and RFC 8414 metadata', async () => {
    const root = await request(stack.baseUrl).get('/.well-known/oauth-protected-resource');
    expect(root.body).toEqual({
      resource: stack.baseUrl,
      authorization_servers: [stack.baseUrl],
      bearer_methods_supported: ['header'],
      scopes_supported: ['oura:read'],
      resource_name: 'Oura MCP server',
    });
    expect((await request(stack.baseUrl).get('/.well-known/oauth-protected-resource/mcp')).body.resource).toBe(
      `${stack.baseUrl}/mcp`,
    );
    expect((await request(stack.baseUrl).get('/.well-known/oauth-protected-resource/sse')).body.resource).toBe(
      `${stack.baseUrl}/sse`,
    );
    const as = await request(stack.baseUrl).get('/.well-known/oauth-authorization-server');
    expect(as.body).toMatchObject({
      issuer: stack.baseUrl,
      authorization_endpoint: `${stack.baseUrl}/auth/authorize`,
      token_endpoint: `${stack.baseUrl}/auth/token`,
      registration_endpoint: `${stack.baseUrl}/auth/register`,
      revocation_endpoint: `${stack.baseUrl}/auth/revoke`,
      code_challenge_methods_supported: ['S256'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      client_id_metadata_document_supported: true,
      scopes_supported: ['oura:read'],
    });
    expect(as.body.token_endpoint_auth_methods_supported).toContain('none');
    expect((await request(stack.baseUrl).get('/.well-known/openid-configuration')).body).toEqual(as.body);
  });

  it.each([
    ['GET', '/sse', '/sse'],
    ['POST', '/message?sessionId=x', '/sse'],
    ['POST', '/mcp', '/mcp'],
  ])('every 401 from %s %s names the resource metadata', async (method, path, suffix) => {
    const verb = method === 'GET' ? 'get' : 'post';
    const bare = await request(stack.baseUrl)[verb](path);
    expect(bare.status).toBe(401);
    expect(bare.headers['www-authenticate']).toBe(
      `Bearer resource_metadata="${stack.baseUrl}/.well-known/oauth-protected-resource${suffix}"`,
    );
    const wrong = await request(stack.baseUrl)[verb](path).set('authorization', 'Bearer not-a-token');
    expect(wrong.headers['www-authenticate']).toBe(
      `Bearer resource_metadata="${stack.baseUrl}/.well-known/oauth-protected-resource${suffix}", error="invalid_token"`,
    );
  });
});

describe('registration', () => {
  it.each([
    [{ redirect_uris: ['http://evil.example/cb'] }, 'invalid_redirect_uri'],
    [{ redirect_uris: ['https://claude.ai/cb#frag'] }, 'invalid_redirect_uri'],
    [{ redirect_uris: ['javascript:alert(1)'] }, 'invalid_redirect_uri'],
    [{ redirect_uris: [] }, 'invalid_client_metadata'],
    [{ redirect_uris: [REDIRECT], token_endpoint_auth_method: 'private_key_jwt' }, 'invalid_client_metadata'],
    [{ redirect_uris: [REDIRECT], grant_types: ['client_credentials'] }, 'invalid_client_metadata'],
  ])('refuses %j with %s', async (body, error) => {
    const res = await request(stack.baseUrl).post('/auth/register').send(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe(error);
  });

  it('accepts http on loopback (mcp-remote), the ChatGPT callback and both Claude callbacks; application_type is echoed or inferred (SEP-837)', async () => {
    const types: string[] = [];
    for (const uri of [
      'http://127.0.0.1:33418/oauth/callback',
      'http://localhost:5555/cb',
      'https://chatgpt.com/connector_platform_oauth_redirect',
      'https://claude.ai/api/mcp/auth_callback',
      'https://claude.com/api/mcp/auth_callback',
    ]) {
      const res = await request(stack.baseUrl)
        .post('/auth/register')
        .send({ redirect_uris: [uri] });
      expect(res.status).toBe(201);
      types.push(res.body.application_type as string);
    }
    expect(types).toEqual(['native', 'native', 'web', 'web', 'web']);
    const declared = await request(stack.baseUrl)
      .post('/auth/register')
      .send({ redirect_uris: [REDIRECT], application_type: 'native' });
    expect(declared.body.application_type).toBe('native');
    expect(
      (
        await request(stack.baseUrl)
          .post('/auth/register')
          .send({ redirect_uris: [REDIRECT], application_type: 'tv' })
      ).body.error,
    ).toBe('invalid_client_metadata');
  });

  it('malformed JSON is invalid_client_metadata, not a stack trace', async () => {
    const res = await request(stack.baseUrl)
      .post('/auth/register')
      .set('content-type', 'application/json')
      .send('{"redirect_uris": [');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: 'invalid_client_metadata',
      error_description: 'The request body is malformed or too large.',
    });
  });
});

describe('authorization request', () => {
  it('missing PKCE and plain PKCE are sent back as invalid_request', async () => {
    const clientId = await register();
    for (const params of [
      {},
      { code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' },
      { code_challenge: 'a'.repeat(43), code_challenge_method: undefined },
    ]) {
      const res = await request(stack.baseUrl).get(
        new URL(authorizeUrl(clientId, params)).pathname + new URL(authorizeUrl(clientId, params)).search,
      );
      expect(res.status).toBe(302);
      const location = new URL(res.headers.location as string);
      expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
      expect(location.searchParams.get('error')).toBe('invalid_request');
      expect(location.searchParams.get('state')).toBe('st-1');
      expect(location.searchParams.get('iss')).toBe(stack.baseUrl);
    }
  });

  it('a redirect_uri the client did not register gets an error page and no redirect', async () => {
    const clientId = await register();
    const url = new URL(
      authorizeUrl(clientId, { code_challenge: 'a'.repeat(43), redirect_uri: 'https://evil.example/steal' }),
    );
    const res = await request(stack.baseUrl).get(url.pathname + url.search);
    expect(res.status).toBe(400);
    expect(res.headers.location).toBeUndefined();
    expect(res.text).toContain('invalid_redirect_uri');
    expect(res.text).not.toContain('evil.example');
  });

  it('an unknown client gets an error page, escaped', async () => {
    const url = new URL(authorizeUrl('<script>x</script>', { code_challenge: 'a'.repeat(43) }));
    const res = await request(stack.baseUrl).get(url.pathname + url.search);
    expect(res.status).toBe(400);
    expect(res.headers.location).toBeUndefined();
    expect(res.text).not.toContain('<script>x');
  });

  it('a resource naming another server is invalid_target', async () => {
    const clientId = await register();
    const url = new URL(
      authorizeUrl(clientId, { code_challenge: 'a'.repeat(43), resource: 'https://other.example/mcp' }),
    );
    const res = await request(stack.baseUrl).get(url.pathname + url.search);
    expect(new URL(res.headers.location as string).searchParams.get('error')).toBe('invalid_target');
  });

  it('a missing scope gets the default (ChatGPT reconnecting); an unknown one is invalid_scope', async () => {
    const clientId = await register();
    const page = await openConsentPage(authorizeUrl(clientId, { code_challenge: 'a'.repeat(43), scope: undefined }));
    expect(page.status).toBe(200);
    const url = new URL(authorizeUrl(clientId, { code_challenge: 'a'.repeat(43), scope: 'admin' }));
    const res = await request(stack.baseUrl).get(url.pathname + url.search);
    expect(new URL(res.headers.location as string).searchParams.get('error')).toBe('invalid_scope');
  });

  it('the consent page names the client, its redirect host and what it will read, escaped, with a strict CSP', async () => {
    const clientId = await register({ client_name: 'Claude <b>"x"</b>' });
    const page = await openConsentPage(authorizeUrl(clientId, { code_challenge: 'a'.repeat(43) }));
    expect(page.html).toContain('Claude &lt;b&gt;&quot;x&quot;&lt;/b&gt;');
    expect(page.html).toContain('<code>claude.ai</code>');
    // What it will read, and that it cannot write.
    expect(page.html).toContain('sleep, readiness, activity, heart rate, workouts');
    expect(page.html).toContain('It cannot change anything.');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('content-security-policy')).toContain("form-action 'self' https://claude.ai");
    expect(page.cookie).toMatch(/^oura_mcp_consent=/);
    expect(page.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect(page.headers.get('set-cookie')).toMatch(/SameSite=Strict/i);
  });
});

describe('consent decisions', () => {
  it('deny redirects back with access_denied, the state and iss', async () => {
    const clientId = await register();
    const page = await openConsentPage(authorizeUrl(clientId, { code_challenge: 'a'.repeat(43) }));
    const res = await submitConsent(stack.baseUrl, page, { action: 'deny' });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('st-1');
    expect(location.searchParams.get('iss')).toBe(stack.baseUrl);
    expect(location.searchParams.get('code')).toBeNull();
  });

  it("a cross-site post is refused (Origin of another site), and so is a post without the page's cookie or with a wrong CSRF token", async () => {
    const clientId = await register();
    const page = await openConsentPage(authorizeUrl(clientId, { code_challenge: 'a'.repeat(43) }));
    const fields = { action: 'api_key', api_key: stack.authToken };
    const crossSite = await submitConsent(stack.baseUrl, page, fields, {
      origin: 'https://evil.example',
      'sec-fetch-site': 'cross-site',
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get('location')).toBeNull();
    const fetchMetadataOnly = await submitConsent(stack.baseUrl, page, fields, { 'sec-fetch-site': 'cross-site' });
    expect(fetchMetadataOnly.status).toBe(403);
    const noCookie = await submitConsent(stack.baseUrl, { ...page, cookie: '' }, fields);
    expect(noCookie.status).toBe(403);
    const wrongCsrf = await submitConsent(stack.baseUrl, { ...page, csrf: 'x'.repeat(43) }, fields);
    expect(wrongCsrf.status).toBe(403);
    // The genuine post still works afterwards.
    expect((await submitConsent(stack.baseUrl, page, fields)).status).toBe(303);
  });

  it('a malformed or oversized consent form gets an escaped error page, never a redirect or JSON', async () => {
    const res = await fetch(`${stack.baseUrl}/auth/authorize/decision`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.baseUrl },
      body: `action=api_key&api_key=${'x'.repeat(20_000)}`,
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('The consent form was malformed or too large.');
    expect(html).toContain('<code>invalid_request</code>');
  });

  it('a decision is used once', async () => {
    const clientId = await register();
    const page = await openConsentPage(authorizeUrl(clientId, { code_challenge: 'a'.repeat(43) }));
    expect((await submitConsent(stack.baseUrl, page, { action: 'api_key', api_key: stack.authToken })).status).toBe(
      303,
    );
    expect((await submitConsent(stack.baseUrl, page, { action: 'api_key', api_key: stack.authToken })).status).toBe(
      403,
    );
  });
});

describe('token endpoint', () => {
  it('a wrong PKCE verifier is invalid_grant; a missing one invalid_request', async () => {
    const { clientId, code } = await obtainCode();
    const missing = await token({
      grant_type: 'authorization_code',
      code,
      client_id: clientId,
      redirect_uri: REDIRECT,
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('invalid_request');
    const wrong = await token({
      grant_type: 'authorization_code',
      code,
      code_verifier: randomBytes(32).toString('base64url'),
      client_id: clientId,
      redirect_uri: REDIRECT,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('invalid_grant');
  });

  it('a reused code is invalid_grant and revokes the tokens the first use issued', async () => {
    const { clientId, code, verifier } = await obtainCode();
    const form = {
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      client_id: clientId,
      redirect_uri: REDIRECT,
    };
    const first = await token(form);
    expect(first.status).toBe(200);
    expect((await listTools(first.body.access_token)).status).toBe(200);
    const again = await token(form);
    expect(again.body.error).toBe('invalid_grant');
    expect((await listTools(first.body.access_token)).status).toBe(401);
    expect(
      (await token({ grant_type: 'refresh_token', refresh_token: first.body.refresh_token, client_id: clientId })).body
        .error,
    ).toBe('invalid_grant');
  });

  it('a code is bound to its client and redirect URI, and lives 60 s', async () => {
    const other = await register();
    const a = await obtainCode();
    expect(
      (
        await token({
          grant_type: 'authorization_code',
          code: a.code,
          code_verifier: a.verifier,
          client_id: other,
          redirect_uri: REDIRECT,
        })
      ).body.error,
    ).toBe('invalid_grant');
    const b = await obtainCode();
    expect(
      (
        await token({
          grant_type: 'authorization_code',
          code: b.code,
          code_verifier: b.verifier,
          client_id: b.clientId,
          redirect_uri: 'https://claude.com/api/mcp/auth_callback',
        })
      ).body.error,
    ).toBe('invalid_grant');
    const c = await obtainCode();
    t += 61_000;
    expect(
      (
        await token({
          grant_type: 'authorization_code',
          code: c.code,
          code_verifier: c.verifier,
          client_id: c.clientId,
          redirect_uri: REDIRECT,
        })
      ).body.error,
    ).toBe('invalid_grant');
  });

  it('a resource naming another server at the token endpoint is invalid_target', async () => {
    const res = await redeem(await obtainCode(), { resource: 'https://other.example' });
    expect(res.body.error).toBe('invalid_target');
  });

  it('refresh tokens rotate; replaying a rotated one revokes the whole family', async () => {
    const { clientId, refresh } = await tokensFor();
    const rotated = await token({ grant_type: 'refresh_token', refresh_token: refresh, client_id: clientId });
    expect(rotated.status).toBe(200);
    expect(rotated.body.refresh_token).not.toBe(refresh);
    expect((await listTools(rotated.body.access_token)).status).toBe(200);
    const replay = await token({ grant_type: 'refresh_token', refresh_token: refresh, client_id: clientId });
    expect(replay.body.error).toBe('invalid_grant');
    expect((await listTools(rotated.body.access_token)).status).toBe(401);
    expect(
      (await token({ grant_type: 'refresh_token', refresh_token: rotated.body.refresh_token, client_id: clientId }))
        .body.error,
    ).toBe('invalid_grant');
  });

  it('access and refresh tokens are opaque 256-bit strings; the access token lives an hour', async () => {
    const res = await redeem(await obtainCode());
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'oura:read' });
    for (const value of [res.body.access_token as string, res.body.refresh_token as string]) {
      expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(value, 'base64url').length).toBe(32);
    }
    expect(res.body.access_token).not.toBe(res.body.refresh_token);
  });

  it('an authorization lasts 30 days (the default): rotation does not extend it', async () => {
    const { clientId, refresh } = await tokensFor();
    t += 29 * 86_400_000;
    const rotated = await refreshGrant(clientId, refresh);
    expect(rotated.status).toBe(200);
    t += 86_400_000;
    const late = await refreshGrant(clientId, rotated.body.refresh_token);
    expect(late.status).toBe(400);
    expect(late.body.error).toBe('invalid_grant');
  });

  it('a refresh may narrow the scope but never widen it (invalid_scope)', async () => {
    const { clientId, refresh } = await tokensFor();
    const wider = await refreshGrant(clientId, refresh, 'oura:read oura:write');
    expect(wider.status).toBe(400);
    expect(wider.body.error).toBe('invalid_scope');
    // The refused request did not use the token up.
    const same = await refreshGrant(clientId, refresh, 'oura:read');
    expect(same.status).toBe(200);
    expect(same.body.scope).toBe('oura:read');
  });

  it('an unknown client is invalid_client with 401 (Claude registers again)', async () => {
    const res = await token({ grant_type: 'refresh_token', refresh_token: 'x', client_id: 'mcp_unknown' });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
  });

  it('a confidential client needs its secret (post or basic)', async () => {
    const reg = await request(stack.baseUrl)
      .post('/auth/register')
      .send({ redirect_uris: [REDIRECT], token_endpoint_auth_method: 'client_secret_basic' });
    const { client_id: clientId, client_secret: secret } = reg.body as { client_id: string; client_secret: string };
    secrets.push(secret);
    const { code, verifier } = await obtainCode(clientId);
    const form = { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: REDIRECT };
    const noSecret = await token({ ...form, client_id: clientId });
    expect(noSecret.status).toBe(401);
    const basic = await request(stack.baseUrl).post('/auth/token').auth(clientId, secret).type('form').send(form);
    expect(basic.status).toBe(200);
    secrets.push(basic.body.access_token, basic.body.refresh_token);
  });

  it('an unsupported grant type is unsupported_grant_type', async () => {
    const clientId = await register();
    expect((await token({ grant_type: 'password', client_id: clientId })).body.error).toBe('unsupported_grant_type');
  });
});

describe('the resource side', () => {
  it('an expired access token gets the 401 challenge with invalid_token', async () => {
    const { access } = await tokensFor();
    expect((await listTools(access)).status).toBe(200);
    t += 3601_000;
    const res = await listTools(access);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('revocation (RFC 7009): a revoked access token is refused; unknown tokens still get 200', async () => {
    const { clientId, access } = await tokensFor();
    const res = await request(stack.baseUrl)
      .post('/auth/revoke')
      .type('form')
      .send({ token: access, client_id: clientId });
    expect(res.status).toBe(200);
    expect((await listTools(access)).status).toBe(401);
    expect(
      (await request(stack.baseUrl).post('/auth/revoke').type('form').send({ token: 'nope', client_id: clientId }))
        .status,
    ).toBe(200);
  });

  it('revoking a refresh token (RFC 7009) revokes the access token issued with it', async () => {
    const { clientId, access, refresh } = await tokensFor();
    expect((await listTools(access)).status).toBe(200);
    const res = await request(stack.baseUrl)
      .post('/auth/revoke')
      .type('form')
      .send({ token: refresh, client_id: clientId, token_type_hint: 'refresh_token' });
    expect(res.status).toBe(200);
    expect((await listTools(access)).status).toBe(401);
    expect((await refreshGrant(clientId, refresh)).body.error).toBe('invalid_grant');
  });

  it("another client cannot revoke a client's token", async () => {
    const { access } = await tokensFor();
    const other = await register();
    const res = await request(stack.baseUrl)
      .post('/auth/revoke')
      .type('form')
      .send({ token: access, client_id: other });
    expect(res.status).toBe(200);
    expect((await listTools(access)).status).toBe(200);
  });

  it('tokens survive a restart; a token issued for another resource is refused', async () => {
    const { access } = await tokensFor();
    const restart = (publicUrl: string) => {
      const config = parseConfig({
        AUTH_TOKEN: stack.authToken,
        TOKEN_ENCRYPTION_KEY: stack.config.tokenEncryptionKey.toString('hex'),
        OURA_CLIENT_ID: stack.config.ouraClientId,
        OURA_CLIENT_SECRET: stack.config.ouraClientSecret,
        OURA_REDIRECT_URI: stack.config.ouraRedirectUri,
        OURA_API_BASE_URL: stack.config.ouraApiBaseUrl,
        TOKENS_FILE: stack.config.tokensFile,
        PUBLIC_URL: publicUrl,
        ALLOWED_HOSTS: '127.0.0.1',
      });
      return createApp(buildDeps(config, { logger: createSilentLogger(), now }));
    };
    const post = (app: ReturnType<typeof createApp>) =>
      request(app)
        .post('/mcp')
        .set({
          host: new URL(stack.baseUrl).host,
          authorization: `Bearer ${access}`,
          accept: 'application/json, text/event-stream',
          'content-type': 'application/json',
          'mcp-protocol-version': '2025-06-18',
        })
        .send({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect((await post(restart(stack.baseUrl))).status).toBe(200);
    const foreign = await post(restart('https://another-server.example'));
    expect(foreign.status).toBe(401);
    expect(foreign.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('an Oura access token is never accepted as a credential here', async () => {
    const ouraToken = await stack.deps.tokenManager.getValidAccessToken();
    secrets.push(ouraToken);
    const res = await listTools(ouraToken);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it("an access token does not open the owner's routes", async () => {
    const { access } = await tokensFor();
    expect((await request(stack.baseUrl).get('/oauth/status').set('authorization', `Bearer ${access}`)).status).toBe(
      401,
    );
  });
});

describe('the owner stays in control', () => {
  it("DELETE /oauth/clients/:id (API key) revokes a client's tokens", async () => {
    const { clientId, access } = await tokensFor();
    expect((await request(stack.baseUrl).delete(`/oauth/clients/${clientId}`)).status).toBe(401);
    const res = await request(stack.baseUrl)
      .delete(`/oauth/clients/${clientId}`)
      .set('authorization', `Bearer ${stack.authToken}`);
    expect(res.body).toEqual({ removed: true, client_id: clientId });
    expect((await listTools(access)).status).toBe(401);
    expect(
      (
        await request(stack.baseUrl)
          .delete(`/oauth/clients/${clientId}`)
          .set('authorization', `Bearer ${stack.authToken}`)
      ).status,
    ).toBe(404);
  });
});

describe('client ID metadata documents', () => {
  it.each([
    'https://127.0.0.1:8443/client.json',
    'https://localhost/client.json',
    'https://[::1]/c.json',
    'https://169.254.169.254/latest/meta-data',
  ])(
    'one on a private, loopback or link-local address (%s) is refused with a page, never fetched',
    async (clientId) => {
      const url = new URL(authorizeUrl(clientId, { code_challenge: 'a'.repeat(43) }));
      const res = await request(stack.baseUrl).get(url.pathname + url.search);
      expect(res.status).toBe(400);
      expect(res.headers.location).toBeUndefined();
      expect(res.text).toContain('private, loopback or link-local');
    },
  );

  it('http and root-path client ids are not metadata documents', async () => {
    const url = new URL(authorizeUrl('https://example.com/', { code_challenge: 'a'.repeat(43) }));
    const res = await request(stack.baseUrl).get(url.pathname + url.search);
    expect(res.status).toBe(400);
    expect(res.text).toContain('must have a path');
  });
});

describe('limits', () => {
  it('a registration flood gets 429 after the per-minute allowance, and registering works again a minute later', async () => {
    const small = await startStack({ now, connect: false, mcpAuthorization: { registrationsPerMinute: 5 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++)
        statuses.push(
          (
            await request(small.baseUrl)
              .post('/auth/register')
              .send({ redirect_uris: [REDIRECT] })
          ).status,
        );
      expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429]);
      t += 60_000;
      expect(
        (
          await request(small.baseUrl)
            .post('/auth/register')
            .send({ redirect_uris: [REDIRECT] })
        ).status,
      ).toBe(201);
    } finally {
      await small.close();
    }
  });

  it('/auth/* answers 429 with Retry-After past its per-client allowance (a token endpoint is no guessing ground), and again a minute later', async () => {
    const small = await startStack({ now, connect: false, mcpAuthorization: { requestsPerMinute: 3 } });
    try {
      const guess = () =>
        request(small.baseUrl)
          .post('/auth/token')
          .type('form')
          .send({ grant_type: 'refresh_token', refresh_token: 'guess', client_id: 'nobody' });
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await guess()).status);
      const refused = await guess();
      expect(statuses).toEqual([401, 401, 401]);
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBe('60');
      expect(refused.body.error).toBe('rate_limited');
      // Discovery documents stay outside the limit: clients fetch them before every sign-in.
      expect((await request(small.baseUrl).get('/.well-known/oauth-authorization-server')).status).toBe(200);
      t += 60_000;
      expect((await guess()).status).toBe(401);
    } finally {
      await small.close();
    }
  });

  it('wrong API keys lock approving with the key after five tries, even with the right key', async () => {
    const clientId = await register();
    const page = await openConsentPage(authorizeUrl(clientId, { code_challenge: 'a'.repeat(43) }));
    for (let i = 0; i < 5; i++) {
      const wrong = await submitConsent(stack.baseUrl, page, { action: 'api_key', api_key: `wrong-${i}` });
      expect(wrong.status).toBe(401);
    }
    const locked = await submitConsent(stack.baseUrl, page, { action: 'api_key', api_key: stack.authToken });
    expect(locked.status).toBe(429);
    expect(await locked.text()).toContain('locked');
    t += 15 * 60_000 + 1000;
    const later = await openConsentPage(authorizeUrl(clientId, { code_challenge: 'a'.repeat(43) }));
    expect((await submitConsent(stack.baseUrl, later, { action: 'api_key', api_key: stack.authToken })).status).toBe(
      303,
    );
  });
});

describe('logs', () => {
  it('never contain a code, verifier, token, client secret or the API key', () => {
    const text = log.text();
    expect(text).toContain('MCP client approved by the owner');
    for (const secret of secrets) expect(text.includes(secret), 'a secret reached the log').toBe(false);
  });
});

describe('MCP_AUTHORIZATION=off', () => {
  it('serves no discovery or /auth routes, and the 401 names no resource metadata; the API key works as before', async () => {
    const off = await startStack({ now, connect: false, env: { MCP_AUTHORIZATION: 'off' } });
    try {
      expect((await request(off.baseUrl).get('/.well-known/oauth-protected-resource')).status).toBe(404);
      expect((await request(off.baseUrl).get('/.well-known/oauth-authorization-server')).status).toBe(404);
      expect(
        (
          await request(off.baseUrl)
            .post('/auth/register')
            .send({ redirect_uris: [REDIRECT] })
        ).status,
      ).toBe(404);
      const challenge = await request(off.baseUrl).post('/mcp');
      expect(challenge.status).toBe(401);
      expect(challenge.headers['www-authenticate']).toBe('Bearer realm="oura-mcp-server"');
      const status = await request(off.baseUrl).get('/oauth/status').set('authorization', `Bearer ${off.authToken}`);
      expect(status.body.mcp_clients).toBeUndefined();
    } finally {
      await off.close();
    }
  });
});
