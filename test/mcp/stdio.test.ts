import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, it } from 'vitest';
import { NODE_ARGS, REPO_ROOT, spawnEnv } from '../helpers/spawn.js';

describe('--stdio', () => {
  it('serves the tools over stdio; stdout carries only the protocol, logs go to stderr', async () => {
    const { env, authToken } = spawnEnv({ LOG_LEVEL: 'debug' });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [...NODE_ARGS, '--stdio'],
      env,
      cwd: REPO_ROOT,
      stderr: 'pipe',
    });
    const stderr: string[] = [];
    transport.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
    const protocolErrors: Error[] = [];
    const client = new Client({ name: 'stdio-test', version: '1.0.0' });
    client.onerror = (error) => protocolErrors.push(error);
    await client.connect(transport);
    try {
      expect(client.getServerVersion()).toMatchObject({ name: 'oura-mcp-server' });
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['connect_oura', 'get_personal_info']));
      const result = await client.callTool({ name: 'connect_oura', arguments: {} });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({
        connected: false,
        authorize_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:3001\/oauth\/authorize\?grant=/),
      });
      // A data tool without a connection: an actionable error, not a crash.
      const notConnected = await client.callTool({ name: 'get_personal_info', arguments: {} });
      expect(notConnected.isError).toBe(true);
      expect((notConnected._meta as { code: number }).code).toBe(-32000);
    } finally {
      await client.close();
    }
    // Any non-JSON line on stdout would have surfaced as a parse error on the client.
    expect(protocolErrors).toEqual([]);
    const logs = stderr.join('');
    expect(logs).toContain('tool call');
    expect(logs).not.toContain(authToken);
  });
});
