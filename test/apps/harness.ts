/**
 * The browser side of the MCP Apps tests: a page in Debian chromium running the official `AppBridge`
 * (test/apps/host/testHost.ts), a view embedded through it, and the view's tool calls answered by a
 * real MCP client of the server under test. Records what the page logs and every network request.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { build } from 'esbuild';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { ARTIFACTS, launchChromium } from '../helpers/chromium.js';
import { startStack, type Stack } from '../helpers/stack.js';

const HOST_ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'host', 'testHost.ts');

/** The host page: the bundled AppBridge and one element to put the view in. */
export async function hostPageHtml(): Promise<string> {
  const result = await build({
    entryPoints: [HOST_ENTRY],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const script = result.outputFiles[0]!.text.replace(/<\/script/gi, '<\\/script');
  return `<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0}iframe{border:0;width:100%;display:block}</style></head><body><div id="host"></div><script>${script}</script></body></html>`;
}

export interface ToolCall {
  name: string;
  arguments: Record<string, unknown>;
}

export interface HostedView {
  page: Page;
  view: FrameLocator;
  /** Console errors and uncaught exceptions, from the host page and the view. */
  errors: string[];
  /** Every request any frame made (none is expected: the view and the host are inline). */
  requests: string[];
  /** The `tools/call` requests the view sent through the bridge. */
  calls: ToolCall[];
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

export interface EmbedRequest {
  client: Client;
  /** `ui://oura/<name>` as the tool publishes it. */
  resourceUri: string;
  toolName: string;
  input: Record<string, unknown>;
  result: CallToolResult;
  theme?: 'light' | 'dark';
  width?: number;
}

/** Opens a page at `width`, reads the view through `resources/read` and embeds it with the tool's result. */
export async function embedView(browser: Browser, hostHtml: string, request: EmbedRequest): Promise<HostedView> {
  const theme = request.theme ?? 'light';
  const context = await browser.newContext({
    viewport: { width: request.width ?? 900, height: 800 },
    colorScheme: theme,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  const calls: ToolCall[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (outgoing) => requests.push(outgoing.url()));
  await page.exposeFunction('hostCallTool', async (params: ToolCall) => {
    calls.push(params);
    return request.client.callTool({ name: params.name, arguments: params.arguments });
  });
  await page.setContent(hostHtml);
  const resource = await request.client.readResource({ uri: request.resourceUri });
  const html = resource.contents[0] && 'text' in resource.contents[0] ? resource.contents[0].text : '';
  await page.evaluate(
    (options) => (globalThis as unknown as { embedView(options: unknown): Promise<void> }).embedView(options),
    {
      html,
      toolName: request.toolName,
      input: request.input,
      result: request.result,
      hostContext: { theme, timeZone: 'Europe/Berlin', locale: 'en-GB', platform: 'web' as const },
    },
  );
  return {
    page,
    view: page.frameLocator('iframe'),
    errors,
    requests,
    calls,
    shot: async (name) => {
      await page.screenshot({
        path: path.join(ARTIFACTS, `apps-${name}-${theme}-${request.width ?? 900}.png`),
        fullPage: true,
      });
    },
    close: () => context.close(),
  };
}

/** The little of the DOM the tests read in the page (the test code has no DOM types). */
interface DomNode {
  getAttribute(name: string): string | null;
  readonly parentElement: DomNode | null;
  readonly textContent: string | null;
  querySelectorAll(selector: string): Iterable<DomNode>;
}

/** For each matched element: the named attributes, and `parent.<name>` for its parent's. */
export function attributesOf(
  locator: Locator,
  names: readonly string[],
): Promise<Array<Record<string, string | null>>> {
  return locator.evaluateAll(
    (nodes: DomNode[], wanted: readonly string[]) =>
      nodes.map((node) =>
        Object.fromEntries(
          wanted.map((name) =>
            name.startsWith('parent.')
              ? [name, node.parentElement?.getAttribute(name.slice('parent.'.length)) ?? null]
              : [name, node.getAttribute(name)],
          ),
        ),
      ),
    names,
  );
}

/** The text of every cell of every body row of the view's table. */
export function tableCells(view: FrameLocator): Promise<string[][]> {
  return view
    .locator('tbody tr')
    .evaluateAll((rows: DomNode[]) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '')),
    );
}

/** A browser, the simulator stack at a fixed clock, its MCP client and the host page, shared by a file's tests. */
export interface ViewHost {
  readonly client: Client;
  call(tool: string, args: Record<string, unknown>): Promise<CallToolResult>;
  /** Embeds `ui://oura/<view>` with `tool`'s result; closed after the file's tests. */
  show(
    view: string,
    tool: string,
    args: Record<string, unknown>,
    result: CallToolResult,
    theme?: 'light' | 'dark',
    width?: number,
  ): Promise<HostedView>;
}

/** One view's tool: call it, and embed the view with a result. */
export interface OneView {
  call: (args: Record<string, unknown>) => Promise<CallToolResult>;
  show: (
    args: Record<string, unknown>,
    result: CallToolResult,
    theme?: 'light' | 'dark',
    width?: number,
  ) => Promise<HostedView>;
}

/** `ui://oura/<view>` drawing `tool`'s results, on `host`. */
export function oneView(host: ViewHost, view: string, tool: string): OneView {
  return {
    call: (args) => host.call(tool, args),
    show: (args, result, theme, width) => host.show(view, tool, args, result, theme, width),
  };
}

/** Registers the file's beforeAll/afterAll hooks (call it inside the `describe`). */
export function useViewHost(now: Date): ViewHost {
  let browser: Browser | undefined;
  let stack: Stack | undefined;
  let client: Client | undefined;
  let hostHtml = '';
  const open: HostedView[] = [];
  beforeAll(async () => {
    [browser, stack, hostHtml] = await Promise.all([launchChromium(), startStack({ now: () => now }), hostPageHtml()]);
    client = await stack.client();
  });
  afterAll(async () => {
    await Promise.allSettled(open.map((hosted) => hosted.close()));
    await browser?.close();
    await stack?.close();
  });
  const ready = () => {
    if (!browser || !client) throw new Error('useViewHost: used before its beforeAll ran');
    return { browser, client };
  };
  return {
    get client() {
      return ready().client;
    },
    call: async (tool, args) => (await ready().client.callTool({ name: tool, arguments: args })) as CallToolResult,
    async show(view, tool, args, result, theme = 'light', width = 900) {
      const { browser: chromium, client: mcp } = ready();
      const hosted = await embedView(chromium, hostHtml, {
        client: mcp,
        resourceUri: `ui://oura/${view}`,
        toolName: tool,
        input: args,
        result,
        theme,
        width,
      });
      open.push(hosted);
      return hosted;
    },
  };
}

/** Every view is shot in both themes at a phone's and a desktop's width. */
export const THEMES_AND_WIDTHS = [
  ['light', 380],
  ['light', 900],
  ['dark', 380],
  ['dark', 900],
] as const;

/**
 * The view shows a message instead of a chart: a status of `kind` (by default, error for an error
 * result, else empty) and no `<svg>`; for an error result the message is the tool's own text.
 * Returns the message.
 */
export async function expectMessageNotChart(
  hosted: HostedView,
  result: CallToolResult,
  kind: 'empty' | 'error' = result.isError ? 'error' : 'empty',
): Promise<string> {
  const status = hosted.view.locator('.status');
  await expect.poll(() => status.getAttribute('data-kind')).toBe(kind);
  expect(await hosted.view.locator('svg').count()).toBe(0);
  const message = (await status.textContent()) ?? '';
  if (result.isError) expect(message).toBe((result.content[0] as { text: string }).text);
  return message;
}

/** The chart fits the width, the page follows the host's theme, the screenshot is taken, nothing logged an error. */
export async function expectFitsAndShoot(
  hosted: HostedView,
  name: string,
  theme: 'light' | 'dark',
  width: number,
): Promise<void> {
  expect((await hosted.view.locator('svg').boundingBox())!.width).toBeLessThanOrEqual(width);
  expect(await hosted.view.locator('html').getAttribute('data-theme')).toBe(theme);
  await hosted.shot(name);
  expect(hosted.errors).toEqual([]);
}

/** `7:05` from seconds (`–` for null), worked out here rather than with the views' formatter. */
export const hoursMinutes = (seconds: number | null): string => {
  if (seconds === null) return '–';
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
};
