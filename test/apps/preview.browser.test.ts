/**
 * Issue #19 item 5: `/apps/preview`, the demo's page that shows every chart without a chat client.
 * In Debian chromium against the real app with the simulator: the page (the official AppBridge and an
 * MCP client, bundled at build) connects to `/mcp` with the API key from the URL fragment, embeds every
 * view the tools name with the tools' own results, and each draws its chart; a view's button is
 * answered by the server; no console errors; no request leaves 127.0.0.1. Without demo mode the route
 * does not exist; a wrong key gets the form, not data.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import express from 'express';
import request from 'supertest';
import { APP_VIEWS } from '../../src/mcp/apps/views.js';
import { appsPreviewHandler } from '../../src/mcp/apps/preview.js';
import { ARTIFACTS, HAVE_CHROMIUM, launchChromium, warnIfNoChromium } from '../helpers/chromium.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { attributesOf } from './harness.js';

warnIfNoChromium('preview.browser');

const NOW = new Date('2025-10-26T11:00:00Z');

/** The mark each view draws once per row, point or period (see each view's own test). */
const MARKS: Record<string, string> = {
  sleep: 'g.night',
  night: 'g.hypnogram rect',
  readiness: 'g.day',
  activity: 'g.day',
  heartRate: 'g.point',
  insights: 'g.measure',
};

describe('/apps/preview exists only in demo mode', () => {
  let production: Stack;
  beforeAll(async () => {
    production = await startStack({ now: () => NOW });
  });
  afterAll(async () => {
    await production?.close();
  });

  it('answers 404 on an app built without it', async () => {
    const response = await fetch(`${production.baseUrl}/apps/preview`);
    expect(response.status).toBe(404);
  });

  it('says to run npm run build when the page was not built', async () => {
    const app = express().get(
      '/apps/preview',
      appsPreviewHandler({ today: () => '2025-10-26', viewsDir: '/nonexistent' }),
    );
    const response = await request(app).get('/apps/preview');
    expect(response.status).toBe(503);
    expect(response.text).toContain('run npm run build');
  });
});

describe.skipIf(!HAVE_CHROMIUM)('/apps/preview in a real browser (demo mode)', () => {
  let stack: Stack;
  let browser: Browser;
  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack({ now: () => NOW, appsPreview: true }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  /** A tall page, so that the screenshot paints every embedded view. */
  async function open(url: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
    const context = await browser.newContext({ viewport: { width: 900, height: 4000 } });
    const page = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(url);
    return { page, errors, requests };
  }

  it('serves the built page with the owner’s today and a CSP that allows only this server', async () => {
    const response = await fetch(`${stack.baseUrl}/apps/preview`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain('data-today="2025-10-26"');
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(html).not.toContain(stack.authToken);
  });

  it('embeds every view through the AppBridge with the tools’ results; each draws its chart', async () => {
    const { page, errors, requests } = await open(`${stack.baseUrl}/apps/preview#key=${stack.authToken}`);
    // The key leaves the address bar at once.
    await expect.poll(() => page.url()).toBe(`${stack.baseUrl}/apps/preview`);
    await expect.poll(() => page.locator('html').getAttribute('data-ready'), { timeout: 30_000 }).toBe('true');
    // One view per tool that names one in tools/list, in its order.
    const client = await stack.client();
    const { tools } = await client.listTools();
    const named = tools.flatMap((tool) => {
      const uri = (tool._meta as { ui?: { resourceUri?: string } } | undefined)?.ui?.resourceUri;
      return uri === undefined ? [] : [uri];
    });
    expect(named.toSorted()).toEqual(APP_VIEWS.map((view) => `ui://oura/${view.name}`).toSorted());
    expect((await attributesOf(page.locator('iframe'), ['title'])).map((frame) => frame.title)).toEqual(named);

    // The sleep view shows one bar per night of the tool's own answer for the sample range.
    const sleep = await client.callTool({
      name: 'get_sleep_summary',
      arguments: { start_date: '2025-10-13', end_date: '2025-10-26' },
    });
    const nights = (sleep.structuredContent as { data: unknown[] }).data.length;
    const sleepView = page.frameLocator('iframe[title="ui://oura/sleep"]');
    await expect.poll(() => sleepView.locator('g.night').count()).toBe(nights);
    for (const view of APP_VIEWS) {
      const frame = page.frameLocator(`iframe[title="ui://oura/${view.name}"]`);
      await expect.poll(() => frame.locator(MARKS[view.name]!).count(), { timeout: 15_000 }).toBeGreaterThan(0);
      expect(await frame.locator('.status').isHidden()).toBe(true);
    }

    // A view's button goes through the page's bridge to this server and redraws.
    await sleepView.getByRole('button', { name: '30 nights' }).click();
    await expect.poll(() => sleepView.locator('g.night').count()).toBeGreaterThan(nights);

    await page.screenshot({ path: path.join(ARTIFACTS, 'apps-preview-light-900.png'), fullPage: true });
    expect(errors).toEqual([]);
    const origin = new URL(stack.baseUrl).origin;
    expect(requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('about:'))).toEqual([]);
    await page.context().close();
  });

  it('without a key, or with a wrong one, shows the key form and no chart', async () => {
    const { page, errors } = await open(`${stack.baseUrl}/apps/preview#key=not-the-key`);
    await expect.poll(() => page.locator('#key-form').isVisible()).toBe(true);
    expect(await page.locator('#status').getAttribute('data-kind')).toBe('error');
    expect(await page.locator('iframe').count()).toBe(0);
    // The form takes the right key and the charts come.
    await page.locator('input[name="key"]').fill(stack.authToken);
    await page.getByRole('button', { name: 'Show the charts' }).click();
    await expect.poll(() => page.locator('html').getAttribute('data-ready'), { timeout: 30_000 }).toBe('true');
    expect(await page.locator('iframe').count()).toBe(APP_VIEWS.length);
    // The refused key is the only error the page logs (the browser reports the 401).
    expect(errors.filter((error) => !/401|Unauthorized/i.test(error))).toEqual([]);
    await page.context().close();
  });
});
