/**
 * Proof 3 (issue 6): the official MCP conformance suite (@modelcontextprotocol/conformance 0.1.13, pinned
 * devDependency) against our real `/mcp` with the real config. The suite sends no Authorization header,
 * so a tiny proxy in front of the server adds the Bearer token and forwards everything else unchanged
 * (Host and Origin included: the DNS-rebinding scenario is judged by our server's own Host/Origin guard).
 * Each scenario's verdict is read from the `checks.json` the suite writes. Only the scenarios that apply
 * to a server without the suite's fixture tools count; `tools-call-simple-text` / `tools-call-error` don't.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';
import { startHeaderProxy, type HeaderProxy } from './helpers/headerProxy.js';
import { run } from './helpers/run.js';

const CONFORMANCE = path.resolve('node_modules/.bin/conformance');
/**
 * Every 0.1.13 server scenario that applies to this server. Not applicable, each for its reason:
 * - need the suite's own fixture tools, resources or prompts (`test_*`, `test://static-text`,
 *   `test://static-binary`, `test://template/{id}/data`, `test_simple_prompt`,
 *   `test_prompt_with_arguments`…): tools-call-*, resources-read-text, resources-read-binary,
 *   resources-templates-read, prompts-get-simple, prompts-get-with-args, prompts-get-embedded-resource,
 *   prompts-get-with-image, completion-complete (its ref is `test_prompt_with_arguments`; our
 *   completions are proven in test/mcp/completions.test.ts), json-schema-2020-12;
 * - need server-initiated requests (sampling, elicitation: this server never asks the client):
 *   tools-call-sampling, tools-call-elicitation, elicitation-sep1034-defaults, elicitation-sep1330-enums;
 * - need sessions or server-initiated streams (/mcp is stateless): server-sse-polling,
 *   server-sse-multiple-streams;
 * - resources-subscribe, resources-unsubscribe: no subscriptions (Oura pushes nothing; a subscription
 *   could only poll, which the client can do with ttlMs).
 */
const SCENARIOS = [
  'server-initialize',
  'ping',
  'tools-list',
  'logging-set-level',
  'dns-rebinding-protection',
  'resources-list',
  'prompts-list',
] as const;

interface Check {
  id: string;
  status: string;
  errorMessage?: string;
  details?: unknown;
}

/** Runs one scenario and returns its checks (from checks.json) with the exit code and output. */
async function runScenario(
  url: string,
  scenario: string,
  outputRoot: string,
): Promise<{ code: number; checks: Check[]; output: string }> {
  const outDir = mkdtempSync(path.join(outputRoot, `${scenario}-`));
  const result = await run(CONFORMANCE, ['server', '--url', url, '--scenario', scenario, '--output-dir', outDir], {
    timeoutMs: 90_000,
  });
  const output = `${result.stdout}\n${result.stderr}`;
  const files = readdirSync(outDir, { recursive: true, encoding: 'utf8' }).filter((file) =>
    file.endsWith('checks.json'),
  );
  if (files.length !== 1)
    throw new Error(
      `conformance ${scenario}: expected one checks.json, found ${files.length}; exit ${result.code}\n${output}`,
    );
  const checks = JSON.parse(readFileSync(path.join(outDir, files[0]!), 'utf8')) as Check[];
  return { code: result.code, checks, output };
}

describe('the official MCP conformance suite against /mcp (auth added by a proxy, real Host/Origin guard)', () => {
  let stack: Stack;
  let proxy: HeaderProxy;
  let outputRoot: string;

  beforeAll(async () => {
    stack = await startStack({ now: () => new Date('2025-10-26T11:00:00Z') });
    proxy = await startHeaderProxy(stack.baseUrl, `Bearer ${stack.authToken}`);
    outputRoot = mkdtempSync(path.join(os.tmpdir(), 'oura-conformance-'));
  });
  afterAll(async () => {
    await proxy?.close();
    await stack?.close();
    if (outputRoot) rmSync(outputRoot, { recursive: true, force: true });
  });

  it.each(SCENARIOS)('%s passes', async (scenario) => {
    const { code, checks, output } = await runScenario(`${proxy.url}/mcp`, scenario, outputRoot);
    expect(checks.length, output).toBeGreaterThan(0);
    const failed = checks.filter((check) => check.status !== 'SUCCESS' && check.status !== 'INFO');
    expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
    expect(code, output).toBe(0);
    if (scenario === 'dns-rebinding-protection') {
      const ids = checks.map((check) => check.id).sort();
      expect(ids).toEqual(['localhost-host-rebinding-rejected', 'localhost-host-valid-accepted']);
      const rejected = checks.find((check) => check.id === 'localhost-host-rebinding-rejected')!;
      expect((rejected.details as { statusCode: number }).statusCode).toBe(403);
    }
  });

  it('the verdicts are real: without the proxy (no Bearer header) tools-list fails', async () => {
    const { checks } = await runScenario(`${stack.baseUrl}/mcp`, 'tools-list', outputRoot);
    expect(checks.some((check) => check.status === 'FAILURE')).toBe(true);
  });
});
