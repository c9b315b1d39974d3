/**
 * Proof 4 (issue 6): a real browser — Debian's chromium driven by playwright-core (no browser download) —
 * through the OAuth flow an owner goes through: open a fresh one-time link, press Approve (or Deny) on the
 * simulated Oura consent page, land on our page; then `/oauth/status` and a data tool tell whether it
 * really connected. Also a reused link. Screenshots go to `test-artifacts/`.
 *
 * Without /usr/bin/chromium (CI installs it with apt-get) the tests skip and say so.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, HAVE_CHROMIUM, launchChromium, warnIfNoChromium } from '../helpers/chromium.js';
import { startStack, type Stack } from '../helpers/stack.js';

warnIfNoChromium('browser-oauth');

const NOW = new Date('2025-10-26T11:00:00Z');

interface Status {
  connected: boolean;
  scope: string | null;
  expires_at: string | null;
  authorize_url: string;
  error: string | null;
}

describe.skipIf(!HAVE_CHROMIUM)('a real browser (Debian chromium) through the OAuth flow', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** A stack whose Oura is not connected yet, with the simulator's consent page shown. */
  async function freshStack(): Promise<Stack> {
    return startStack({ now: () => NOW, connect: false, simulator: { autoApprove: false } });
  }
  async function status(stack: Stack): Promise<Status> {
    const response = await fetch(`${stack.baseUrl}/oauth/status`, {
      headers: { authorization: `Bearer ${stack.authToken}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Status;
  }
  async function newPage(): Promise<Page> {
    const context = await browser.newContext();
    return context.newPage();
  }
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(ARTIFACTS, `browser-oauth-${name}.png`), fullPage: true });

  it('Approve: the one-time link leads to the consent page and back to "Oura is connected"; status and a data tool agree', async () => {
    const stack = await freshStack();
    const page = await newPage();
    try {
      expect((await status(stack)).connected).toBe(false);
      const link = stack.deps.connection.createAuthorizeLink();
      expect(link.startsWith(`${stack.baseUrl}/oauth/authorize?`)).toBe(true);

      // The link shows a Continue page (a GET spends nothing); the button POSTs the grant and goes on to Oura.
      await page.goto(link);
      await expect(page.locator('h1').textContent()).resolves.toBe('Connect your Oura Ring');
      await shot(page, '0-continue');
      await Promise.all([page.waitForURL(`${stack.sim.url}/oauth/authorize**`), page.click('button[type=submit]')]);
      await page.locator('#approve').waitFor();
      await shot(page, '1-consent');

      await Promise.all([page.waitForURL(`${stack.baseUrl}/oauth/callback**`), page.click('#approve')]);
      await expect(page.locator('h1').textContent()).resolves.toBe('Oura is connected');
      expect(await page.title()).toContain('Oura is connected');
      await shot(page, '2-connected');

      const after = await status(stack);
      expect(after.connected).toBe(true);
      expect(after.error).toBeNull();
      expect(after.scope).toBeTruthy();

      const client = await stack.client();
      const result = (await client.callTool({ name: 'get_personal_info', arguments: {} })) as {
        isError?: boolean;
        structuredContent?: { age: number | null };
      };
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent?.age).toBe(stack.sim.dataset.personalInfo.age);
    } finally {
      await page.context().close();
      await stack.close();
    }
  });

  it('Deny: a friendly "not connected" page, nothing stored, data tools still refuse', async () => {
    const stack = await freshStack();
    const page = await newPage();
    try {
      await page.goto(stack.deps.connection.createAuthorizeLink());
      await Promise.all([page.waitForURL(`${stack.sim.url}/oauth/authorize**`), page.click('button[type=submit]')]);
      await page.locator('#deny').waitFor();
      await Promise.all([page.waitForURL(`${stack.baseUrl}/oauth/callback**`), page.click('#deny')]);
      await expect(page.locator('h1').textContent()).resolves.toBe('Oura was not connected');
      await expect(page.locator('body').textContent()).resolves.toContain('You declined the request at Oura');
      await shot(page, '3-denied');

      const after = await status(stack);
      expect(after.connected).toBe(false);
      expect(after.scope).toBeNull();

      const client = await stack.client();
      const result = (await client.callTool({ name: 'get_personal_info', arguments: {} })) as { isError?: boolean };
      expect(result.isError).toBe(true);
    } finally {
      await page.context().close();
      await stack.close();
    }
  });

  it('a reused one-time link is refused with 401 and a page that says so', async () => {
    const stack = await freshStack();
    const page = await newPage();
    try {
      const link = stack.deps.connection.createAuthorizeLink();
      await page.goto(link);
      await Promise.all([page.waitForURL(`${stack.sim.url}/oauth/authorize**`), page.click('button[type=submit]')]);
      await page.locator('#approve').waitFor();

      const again = await page.goto(link);
      expect(again?.status()).toBe(401);
      expect(page.url()).toBe(link);
      await expect(page.locator('h1').textContent()).resolves.toBe('A one-time link is needed');
      await expect(page.locator('body').textContent()).resolves.toContain('This one-time link was already used');
      await shot(page, '4-reused');
      expect((await status(stack)).connected).toBe(false);
    } finally {
      await page.context().close();
      await stack.close();
    }
  });
});
