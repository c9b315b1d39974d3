/**
 * Issue #11 proof: the official TypeScript SDK client's OAuth support (`auth()` through an
 * `OAuthClientProvider`) against the real app. It discovers from the 401, registers (DCR) or uses a
 * client ID metadata document served by the test over https, the owner approves with the API key on
 * the consent page (real HTTP, cookie and CSRF token as a browser), and the client calls tools over
 * `/mcp` and `/sse` with the access token it got.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpsDocuments, type HttpsDocuments } from '../helpers/httpsDocument.js';
import { approveWithApiKey, TEST_REDIRECT_URL, TestOAuthProvider } from '../helpers/mcpOAuth.js';
import { startStack, type Stack } from '../helpers/stack.js';

const NOW = new Date('2025-10-26T11:00:00Z');

let docs: HttpsDocuments;
let stack: Stack;

beforeAll(async () => {
  docs = await startHttpsDocuments();
  stack = await startStack({
    now: () => NOW,
    mcpAuthorization: { metadataFetch: { allowPrivateAddresses: true, ca: docs.ca } },
  });
}, 30_000);
afterAll(async () => {
  await stack?.close();
  await docs?.close();
});

/** The SDK's first connect: 401 → discovery → registration → "open this URL"; the owner approves; finishAuth. */
async function authorize(provider: TestOAuthProvider): Promise<URL> {
  const transport = new StreamableHTTPClientTransport(new URL(`${stack.baseUrl}/mcp`), { authProvider: provider });
  const client = new Client({ name: 'oauth-test', version: '1.0.0' });
  await expect(client.connect(transport)).rejects.toBeInstanceOf(UnauthorizedError);
  expect(provider.authorizationUrl?.origin).toBe(stack.baseUrl);
  const back = await approveWithApiKey(stack.baseUrl, provider.authorizationUrl!, stack.authToken);
  expect(`${back.origin}${back.pathname}`).toBe(TEST_REDIRECT_URL);
  // RFC 9207: the issuer comes back with the code.
  expect(back.searchParams.get('iss')).toBe(stack.baseUrl);
  await transport.finishAuth(back.searchParams.get('code')!);
  return back;
}

async function personalInfoAge(client: Client): Promise<number | null> {
  const result = (await client.callTool({ name: 'get_personal_info', arguments: {} })) as {
    isError?: boolean;
    structuredContent?: { age: number | null };
  };
  expect(result.isError).toBeFalsy();
  return result.structuredContent?.age ?? null;
}

describe('the SDK client authorizes through OAuth and calls tools', () => {
  it('with Dynamic Client Registration, over /mcp and then /sse', { timeout: 30_000 }, async () => {
    const provider = new TestOAuthProvider({ clientName: 'DCR test client' });
    await authorize(provider);
    expect(provider.clientInfo?.client_id).toMatch(/^mcp_/);
    expect(provider.storedTokens?.token_type).toBe('Bearer');
    expect(provider.storedTokens?.expires_in).toBe(3600);

    const overMcp = new Client({ name: 'oauth-test', version: '1.0.0' });
    await overMcp.connect(
      new StreamableHTTPClientTransport(new URL(`${stack.baseUrl}/mcp`), { authProvider: provider }),
    );
    expect(await personalInfoAge(overMcp)).toBe(stack.sim.dataset.personalInfo.age);
    await overMcp.close();

    const overSse = new Client({ name: 'oauth-test', version: '1.0.0' });
    await overSse.connect(new SSEClientTransport(new URL(`${stack.baseUrl}/sse`), { authProvider: provider }));
    expect(await personalInfoAge(overSse)).toBe(stack.sim.dataset.personalInfo.age);
    await overSse.close();

    // The owner sees the client in /oauth/status.
    const status = (await (
      await fetch(`${stack.baseUrl}/oauth/status`, { headers: { authorization: `Bearer ${stack.authToken}` } })
    ).json()) as {
      mcp_clients: Array<{ client_id: string; name: string; redirect_host: string; last_used_at: string | null }>;
    };
    const listed = status.mcp_clients.find((c) => c.client_id === provider.clientInfo?.client_id);
    expect(listed).toMatchObject({
      name: 'DCR test client',
      redirect_host: '127.0.0.1:9',
      created_at: NOW.toISOString(),
    });
    expect(listed?.last_used_at).toBe(NOW.toISOString());
  });

  it('with a client ID metadata document (https, no registration), /mcp and /sse', { timeout: 30_000 }, async () => {
    const documentUrl = `${docs.origin}/oauth/client.json`;
    docs.set('/oauth/client.json', {
      client_id: documentUrl,
      client_name: 'CIMD test client',
      redirect_uris: [TEST_REDIRECT_URL],
      token_endpoint_auth_method: 'none',
    });
    const provider = new TestOAuthProvider({ clientMetadataUrl: documentUrl });
    await authorize(provider);
    expect(provider.clientInfo?.client_id).toBe(documentUrl);
    expect(docs.hits('/oauth/client.json')).toBe(1);

    const client = new Client({ name: 'oauth-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${stack.baseUrl}/mcp`), { authProvider: provider }),
    );
    expect(await personalInfoAge(client)).toBe(stack.sim.dataset.personalInfo.age);
    await client.close();

    const overSse = new Client({ name: 'oauth-test', version: '1.0.0' });
    await overSse.connect(new SSEClientTransport(new URL(`${stack.baseUrl}/sse`), { authProvider: provider }));
    expect(await personalInfoAge(overSse)).toBe(stack.sim.dataset.personalInfo.age);
    await overSse.close();
    // Still one fetch: the document is cached.
    expect(docs.hits('/oauth/client.json')).toBe(1);
  });

  it('the API key keeps working beside OAuth', async () => {
    const client = await stack.client();
    expect(await personalInfoAge(client)).toBe(stack.sim.dataset.personalInfo.age);
  });
});
