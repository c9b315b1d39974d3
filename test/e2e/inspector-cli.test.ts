/**
 * Proof 2 (issue 6): the MCP Inspector CLI (@modelcontextprotocol/inspector-cli 1.0.3, pinned
 * devDependency), run as a separate process the way a user would run it, with `--header` for the Bearer
 * token: `tools/list` and one `tools/call` over `/sse` (`--transport sse`) and over `/mcp`
 * (`--transport http`). Its JSON output is parsed and checked against the simulator's raw rows.
 *
 * Its `build/index.js` reads `../package.json` relative to the working directory (existsSync) and
 * imports the same path relative to the module, so it runs with cwd = its own `build` directory.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tools } from '../../src/mcp/registry.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { run } from './helpers/run.js';

const INSPECTOR_BUILD = path.resolve('node_modules/@modelcontextprotocol/inspector-cli/build');
const RANGE = { start_date: '2025-10-20', end_date: '2025-10-26' };

const TRANSPORTS = [
  { transport: 'sse', endpoint: '/sse' },
  { transport: 'http', endpoint: '/mcp' },
] as const;

describe('the MCP Inspector CLI against the real server and the simulated Oura cloud', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ now: () => new Date('2025-10-26T11:00:00Z') });
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function inspector(
    endpoint: string,
    transport: string,
    method: string[],
    token = stack.authToken,
  ): Promise<{ code: number; json: unknown; output: string }> {
    const args = [
      'index.js',
      `${stack.baseUrl}${endpoint}`,
      '--transport',
      transport,
      '--header',
      `Authorization: Bearer ${token}`,
      '--method',
      ...method,
    ];
    const result = await run(process.execPath, args, { cwd: INSPECTOR_BUILD, timeoutMs: 90_000 });
    const output = `exit ${result.code}\n${result.stdout}\n${result.stderr}`;
    let json: unknown;
    try {
      json = JSON.parse(result.stdout);
    } catch {
      json = undefined;
    }
    return { code: result.code, json, output };
  }

  for (const { transport, endpoint } of TRANSPORTS) {
    it(`tools/list over ${endpoint} (--transport ${transport}) names every tool with its schemas`, async () => {
      const { code, json, output } = await inspector(endpoint, transport, ['tools/list']);
      expect(code, output).toBe(0);
      const listed = (json as { tools: Array<{ name: string; inputSchema: unknown; outputSchema?: unknown }> }).tools;
      expect(listed.map((tool) => tool.name).sort()).toEqual(tools.map((tool) => tool.name).sort());
      for (const tool of listed) expect(tool.inputSchema, tool.name).toMatchObject({ type: 'object' });
    });

    it(`tools/call get_readiness_score over ${endpoint} (--transport ${transport}) returns the simulator's scores`, async () => {
      const { code, json, output } = await inspector(endpoint, transport, [
        'tools/call',
        '--tool-name',
        'get_readiness_score',
        '--tool-arg',
        `start_date=${RANGE.start_date}`,
        '--tool-arg',
        `end_date=${RANGE.end_date}`,
      ]);
      expect(code, output).toBe(0);
      const result = json as {
        isError?: boolean;
        content: Array<{ type: string; text: string }>;
        structuredContent: {
          data: Array<{ date: string; score: number | null; temperature_deviation: number | null }>;
          summary: { total_days: number };
        };
      };
      expect(result.isError, output).toBeFalsy();
      const expected = stack.sim.dataset.byDate.daily_readiness.filter(
        (row) => row.day >= RANGE.start_date && row.day <= RANGE.end_date,
      );
      expect(expected.length).toBeGreaterThan(0);
      expect(result.structuredContent.data.map((row) => [row.date, row.score])).toEqual(
        expected.map((row) => [row.day, row.score]),
      );
      expect(result.structuredContent.summary.total_days).toBe(expected.length);
      expect(result.content[0]?.type).toBe('text');
      expect(result.content[0]?.text).toMatch(/^Readiness /);
    });
  }

  it('with a wrong token the CLI fails (the checks above depend on the header it sends)', async () => {
    const { code, json } = await inspector('/mcp', 'http', ['tools/list'], 'wrong-token');
    expect(code).not.toBe(0);
    expect((json as { tools?: unknown } | undefined)?.tools).toBeUndefined();
  });
});
