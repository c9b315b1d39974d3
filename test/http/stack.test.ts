import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';

const NOW = new Date('2025-10-26T09:30:00Z');

/** Opens a one-time link (its Continue page) and presses Continue, as the owner's browser would. */
async function openAndContinue(link: string): Promise<Response> {
  const page = await fetch(link, { redirect: 'manual' });
  const grant = /name="grant" value="([^"]+)"/.exec(await page.text())?.[1];
  if (page.status !== 200 || !grant) return page;
  return fetch(new URL('/oauth/authorize', link), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant }),
    redirect: 'manual',
  });
}

describe('the full stack against the simulated Oura cloud', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ now: () => NOW });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('connected through the real OAuth routes', async () => {
    const status = await stack.deps.connection.status();
    expect(status.connected).toBe(true);
    expect(stack.sim.controls.oauthStats().authorizationCodeGrants).toBe(1);
  });

  it('get_personal_info over Streamable HTTP returns the simulated person, height in cm', async () => {
    const client = await stack.client();
    const result = await client.callTool({ name: 'get_personal_info', arguments: {} });
    expect(result.isError).toBeFalsy();
    const person = stack.sim.dataset.personalInfo;
    expect(result.structuredContent).toMatchObject({
      age: person.age,
      email: person.email,
      height: person.height === null ? null : Math.round(person.height * 1000) / 10,
    });
  });

  it('get_personal_info over legacy SSE', async () => {
    const auth = { Authorization: `Bearer ${stack.authToken}` };
    const client = new Client({ name: 'sse-stack', version: '1.0.0' });
    await client.connect(
      new SSEClientTransport(new URL(`${stack.baseUrl}/sse`), {
        requestInit: { headers: auth },
        eventSourceInit: {
          fetch: (input, init) =>
            fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...auth } }),
        },
      }),
    );
    try {
      const result = await client.callTool({ name: 'get_personal_info', arguments: {} });
      expect(result.structuredContent).toMatchObject({ email: stack.sim.dataset.personalInfo.email });
    } finally {
      await client.close();
    }
  });

  it('/health reports the connection and never calls Oura itself', async () => {
    stack.sim.controls.resetCounters();
    for (let i = 0; i < 5; i += 1) {
      const res = await fetch(`${stack.baseUrl}/health`, { headers: { authorization: `Bearer ${stack.authToken}` } });
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ status: 'ok', oauth_connected: true, oura_api_available: true });
      expect(typeof body.cache_size).toBe('number');
    }
    const counters = stack.sim.controls.counters();
    expect(Object.values(counters).reduce((sum, n) => sum + n, 0)).toBe(0);
  });

  it('/oauth/status needs the Bearer token; the browser hop /oauth/authorize needs a one-time link', async () => {
    expect((await fetch(`${stack.baseUrl}/oauth/status`)).status).toBe(401);
    const status = await fetch(`${stack.baseUrl}/oauth/status`, {
      headers: { authorization: `Bearer ${stack.authToken}` },
    });
    expect(await status.json()).toMatchObject({ connected: true });
    const noLink = await fetch(`${stack.baseUrl}/oauth/authorize`, { redirect: 'manual' });
    expect(noLink.status).not.toBe(302);
  });

  it('connect_oura hands out a one-time link that works once in a browser', async () => {
    const client = await stack.client();
    const result = await client.callTool({ name: 'connect_oura', arguments: {} });
    const { authorize_url: link, connected } = result.structuredContent as {
      authorize_url: string;
      connected: boolean;
    };
    expect(connected).toBe(true);
    expect(link.startsWith(`${stack.baseUrl}/oauth/authorize?`)).toBe(true);
    expect((await openAndContinue(link)).status).toBe(303);
    expect((await openAndContinue(link)).status).toBe(401);
  });
});

describe('a stack that is not connected', () => {
  it('answers data tools with -32000 and a working one-time link', async () => {
    const stack = await startStack({ connect: false, now: () => NOW });
    try {
      const client = await stack.client();
      const result = await client.callTool({ name: 'get_personal_info', arguments: {} });
      expect(result.isError).toBe(true);
      expect(result.structuredContent).toBeUndefined();
      const meta = result._meta as { code: number; details: { authorize_url: string } };
      expect(meta.code).toBe(-32000);
      expect((result.content as Array<{ text: string }>)[0]!.text).toContain(meta.details.authorize_url);
      // The link from the error result starts the OAuth flow without the API key.
      const hop = await openAndContinue(meta.details.authorize_url);
      expect(hop.status).toBe(303);
      expect(hop.headers.get('location')).toContain(`${stack.sim.url}/oauth/authorize`);
      await stack.connectOura();
      const after = await client.callTool({ name: 'get_personal_info', arguments: {} });
      expect(after.isError).toBeFalsy();
    } finally {
      await stack.close();
    }
  });
});
