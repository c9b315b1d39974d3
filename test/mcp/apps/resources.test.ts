/**
 * The chart views as MCP resources, through a real MCP client against the real server: listed with the
 * MCP Apps MIME type, each read within the size limit with a CSP that allows nothing from the network,
 * an unknown URI refused with -32002, and a missing build named with its fix.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { RESOURCE_MIME_TYPE } from '@modelcontextprotocol/ext-apps/app-bridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appResources } from '../../../src/mcp/apps/resources.js';
import { APP_VIEWS } from '../../../src/mcp/apps/views.js';
import { startStack, type Stack } from '../../helpers/stack.js';

describe('MCP Apps resources', () => {
  let stack: Stack;
  let client: Client;
  beforeAll(async () => {
    stack = await startStack({ now: () => new Date('2025-10-26T11:00:00Z') });
    client = await stack.client();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('lists one ui:// resource per view with the MCP Apps MIME type of the official package', async () => {
    const { resources } = await client.listResources();
    expect(
      resources
        .filter((resource) => resource.uri.startsWith('ui://'))
        .map((resource) => [resource.uri, resource.mimeType]),
    ).toEqual(APP_VIEWS.map((view) => [`ui://oura/${view.name}`, RESOURCE_MIME_TYPE]));
    expect(RESOURCE_MIME_TYPE).toBe('text/html;profile=mcp-app');
  });

  it.each(APP_VIEWS.map((view) => view.name))(
    'ui://oura/%s is one self-contained HTML page under 150 KB',
    async (name) => {
      const { contents } = await client.readResource({ uri: `ui://oura/${name}` });
      expect(contents).toHaveLength(1);
      const html = 'text' in contents[0]! ? contents[0].text : '';
      expect(Buffer.byteLength(html)).toBeLessThanOrEqual(150 * 1024);
      expect(html).toMatch(/^<!doctype html>/);
      const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("connect-src 'none'");
      expect(csp).not.toContain('unsafe-inline');
      // Nothing is loaded from elsewhere: no src= or href= attributes at all.
      expect(html).not.toMatch(/\s(src|href)=/);
    },
  );

  it('refuses an unknown URI with -32002 (resource not found)', async () => {
    const error = await client.readResource({ uri: 'ui://oura/nope' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(-32002);
    expect((error as McpError).message).toContain('ui://oura/nope');
  });

  it('says to run npm run build when the views were not built', () => {
    const resources = appResources('/nonexistent-views-dir');
    expect(() => resources.read('ui://oura/sleep')).toThrow(/run npm run build/);
  });
});
