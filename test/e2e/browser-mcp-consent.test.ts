/**
 * Issue #11 proof in a real browser (Debian chromium via playwright-core): an MCP client's
 * authorization request, the consent page, and the owner's decision:
 * approve with the API key; approve with "Continue with Oura" (the simulator signs in as the owner);
 * refused when the simulator signs in as another account; deny; and, with no Oura account connected
 * yet, one visit that approves with the API key and connects Oura on the way.
 * The MCP client is the SDK's `auth()`; its redirect lands on a small listener of the test.
 * Without /usr/bin/chromium the tests skip and say so. Screenshots go to `test-artifacts/`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, HAVE_CHROMIUM, launchChromium, warnIfNoChromium } from '../helpers/chromium.js';
import { TestOAuthProvider } from '../helpers/mcpOAuth.js';
import { startStack, type Stack } from '../helpers/stack.js';

warnIfNoChromium('browser-mcp-consent');

const NOW = new Date('2025-10-26T11:00:00Z');

describe.skipIf(!HAVE_CHROMIUM)('a real browser through the MCP consent page', () => {
  let browser: Browser;
  let stack: Stack;
  let callbackServer: http.Server;
  let callbackUrl: string;
  const landed: URL[] = [];

  beforeAll(async () => {
    callbackServer = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', callbackUrl);
      // Browsers also ask for /favicon.ico; only the redirect counts.
      if (url.pathname === '/callback') landed.push(url);
      res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Back in the MCP client</h1>');
    });
    await new Promise<void>((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));
    callbackUrl = `http://127.0.0.1:${(callbackServer.address() as AddressInfo).port}/callback`;
    [browser, stack] = await Promise.all([launchChromium(), startStack({ now: () => NOW })]);
  }, 40_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    callbackServer?.closeAllConnections();
    await new Promise<void>((resolve) => (callbackServer ? callbackServer.close(() => resolve()) : resolve()));
  });

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(ARTIFACTS, `mcp-consent-${name}.png`), fullPage: true });

  /** The SDK client's first step: discovery, registration, and the URL it would open. */
  async function startClient(on: Stack, name: string): Promise<TestOAuthProvider> {
    const provider = new TestOAuthProvider({ clientName: name, redirectUrl: callbackUrl });
    expect(await auth(provider, { serverUrl: `${on.baseUrl}/mcp` })).toBe('REDIRECT');
    return provider;
  }

  /** The client finishes with the code it was sent back with, then reads Oura data over /mcp. */
  async function finishAndReadAge(on: Stack, provider: TestOAuthProvider, back: URL): Promise<number | null> {
    expect(back.searchParams.get('iss')).toBe(on.baseUrl);
    expect(
      await auth(provider, { serverUrl: `${on.baseUrl}/mcp`, authorizationCode: back.searchParams.get('code')! }),
    ).toBe('AUTHORIZED');
    const client = new Client({ name: 'browser-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${on.baseUrl}/mcp`), { authProvider: provider }));
    const result = (await client.callTool({ name: 'get_personal_info', arguments: {} })) as {
      isError?: boolean;
      structuredContent?: { age: number | null };
    };
    await client.close();
    expect(result.isError).toBeFalsy();
    return result.structuredContent?.age ?? null;
  }

  async function withPage<T>(fn: (page: Page) => Promise<T>): Promise<T> {
    const context = await browser.newContext();
    try {
      return await fn(await context.newPage());
    } finally {
      await context.close();
    }
  }

  it('approve with the API key', { timeout: 30_000 }, async () => {
    const provider = await startClient(stack, 'Claude');
    await withPage(async (page) => {
      await page.goto(provider.authorizationUrl!.toString());
      await expect(page.locator('h1').textContent()).resolves.toBe('Allow Claude to read your Oura data?');
      await expect(page.locator('body').textContent()).resolves.toContain('127.0.0.1');
      await shot(page, '1-consent');
      await page.fill('#api_key', stack.authToken);
      // Enter in the key field approves with the key (not the first button on the page).
      await Promise.all([page.waitForURL(`${callbackUrl}**`), page.press('#api_key', 'Enter')]);
      await expect(page.locator('h1').textContent()).resolves.toBe('Back in the MCP client');
    });
    expect(await finishAndReadAge(stack, provider, landed.at(-1)!)).toBe(stack.sim.dataset.personalInfo.age);
  });

  it('a wrong API key shows the page again with a notice, nothing is sent back', { timeout: 30_000 }, async () => {
    const provider = await startClient(stack, 'Claude');
    const before = landed.length;
    await withPage(async (page) => {
      await page.goto(provider.authorizationUrl!.toString());
      await page.fill('#api_key', 'not-the-key');
      await page.click('button[value="api_key"]');
      await expect(page.locator('[role=alert]').textContent()).resolves.toContain('That is not the API key');
      await shot(page, '2-wrong-key');
    });
    expect(landed.length).toBe(before);
  });

  it('approve with "Continue with Oura": the simulator signs in as the owner', { timeout: 30_000 }, async () => {
    const provider = await startClient(stack, 'ChatGPT');
    await withPage(async (page) => {
      await page.goto(provider.authorizationUrl!.toString());
      await Promise.all([page.waitForURL(`${callbackUrl}**`), page.click('button[value="oura"]')]);
    });
    expect(await finishAndReadAge(stack, provider, landed.at(-1)!)).toBe(stack.sim.dataset.personalInfo.age);
  });

  it(
    '"Continue with Oura" is refused when the simulator signs in as another account',
    { timeout: 30_000 },
    async () => {
      const provider = await startClient(stack, 'Intruder');
      const before = landed.length;
      stack.sim.controls.setSignInAccount('other');
      try {
        await withPage(async (page) => {
          await page.goto(provider.authorizationUrl!.toString());
          await Promise.all([page.waitForURL(`${stack.baseUrl}/oauth/callback**`), page.click('button[value="oura"]')]);
          await expect(page.locator('h1').textContent()).resolves.toBe('This is not the owner’s Oura account');
          await shot(page, '3-other-account');
        });
      } finally {
        stack.sim.controls.setSignInAccount('owner');
      }
      expect(landed.length).toBe(before);
      // The owner's connection is still the owner's.
      const client = await stack.client();
      const result = (await client.callTool({ name: 'get_personal_info', arguments: {} })) as {
        structuredContent?: { age: number | null };
      };
      expect(result.structuredContent?.age).toBe(stack.sim.dataset.personalInfo.age);
    },
  );

  it('deny sends the browser back with access_denied', { timeout: 30_000 }, async () => {
    const provider = await startClient(stack, 'Claude');
    await withPage(async (page) => {
      await page.goto(provider.authorizationUrl!.toString());
      await Promise.all([page.waitForURL(`${callbackUrl}**`), page.click('button[value="deny"]')]);
    });
    const back = landed.at(-1)!;
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('code')).toBeNull();
  });

  it(
    'with no Oura account connected yet, one visit approves with the API key and connects Oura',
    { timeout: 40_000 },
    async () => {
      const fresh = await startStack({ now: () => NOW, connect: false });
      try {
        const provider = await startClient(fresh, 'Claude');
        await withPage(async (page) => {
          await page.goto(provider.authorizationUrl!.toString());
          // "Continue with Oura" cannot prove an owner who has not connected yet.
          expect(await page.locator('button[value="oura"]').count()).toBe(0);
          await page.fill('#api_key', fresh.authToken);
          await Promise.all([page.waitForURL(`${callbackUrl}**`), page.click('button[value="api_key"]')]);
        });
        expect((await fresh.deps.connection.status()).connected).toBe(true);
        expect(await fresh.deps.owner.read()).toBe(fresh.sim.dataset.personalInfo.id);
        expect(await finishAndReadAge(fresh, provider, landed.at(-1)!)).toBe(fresh.sim.dataset.personalInfo.age);
      } finally {
        await fresh.close();
      }
    },
  );
});
