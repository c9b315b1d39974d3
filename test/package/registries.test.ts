/**
 * The registry files agree with the package and the server: `server.json` (MCP registry) and
 * `manifest.json` (Claude Desktop extension, validated by the official `mcpb` tool). The MCP registry's
 * JSON schema is not published on npm, so `server.json` is checked here against the facts it restates.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/args.js';
import { CONFIG_TABLE } from '../../src/configTable.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (file: string): unknown => JSON.parse(readFileSync(path.join(REPO_ROOT, file), 'utf8'));
const pkg = read('package.json') as { name: string; version: string; mcpName: string; engines: { node: string } };
const run = promisify(execFile);

interface EnvVar {
  name: string;
  isRequired?: boolean;
  isSecret?: boolean;
}

const server = read('server.json') as {
  name: string;
  description: string;
  version: string;
  packages: Array<{
    registryType: string;
    identifier: string;
    version: string;
    transport: { type: string };
    packageArguments: Array<{ type: string; value: string }>;
    environmentVariables: EnvVar[];
  }>;
  remotes: Array<{ type: string; url: string }>;
};

describe('server.json (MCP registry)', () => {
  const [npm] = server.packages;

  it('names the npm package and version this repository publishes', () => {
    expect(server.name).toBe(pkg.mcpName);
    expect(server.name).toMatch(/^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/);
    expect(server.description.length).toBeLessThanOrEqual(100);
    expect([server.version, npm!.version]).toEqual([pkg.version, pkg.version]);
    expect(npm).toMatchObject({ registryType: 'npm', identifier: pkg.name, transport: { type: 'stdio' } });
  });

  it('its arguments are what the command accepts for stdio', () => {
    const line = parseCommandLine(npm!.packageArguments.map((argument) => argument.value));
    expect([line.command, line.stdio]).toEqual(['start', true]);
  });

  it('asks for exactly the required variables, marks the secret ones, and names only real variables', () => {
    const required = CONFIG_TABLE.filter((variable) => variable.required).map((variable) => variable.name);
    const vars = npm!.environmentVariables;
    expect(vars.filter((v) => v.isRequired).map((v) => v.name)).toEqual(required);
    expect(vars.filter((v) => v.isSecret).map((v) => v.name)).toEqual([
      'AUTH_TOKEN',
      'OURA_CLIENT_SECRET',
      'TOKEN_ENCRYPTION_KEY',
    ]);
    const known = new Set(CONFIG_TABLE.map((variable) => variable.name));
    expect(vars.filter((v) => !known.has(v.name))).toEqual([]);
  });

  it('the remote entry is the Streamable HTTP connector URL (PUBLIC_URL + /mcp)', () => {
    expect(server.remotes).toEqual([
      expect.objectContaining({ type: 'streamable-http', url: 'https://{public_host}/mcp' }),
    ]);
  });
});

describe('manifest.json (Claude Desktop extension, .mcpb)', () => {
  const manifest = read('manifest.json') as {
    version: string;
    server: { entry_point: string; mcp_config: { command: string; args: string[]; env: Record<string, string> } };
    compatibility: { runtimes: { node: string } };
  };

  it('passes `mcpb validate`', async () => {
    const cli = path.join(REPO_ROOT, 'node_modules', '@anthropic-ai', 'mcpb', 'dist', 'cli', 'cli.js');
    const { stdout } = await run(process.execPath, [cli, 'validate', path.join(REPO_ROOT, 'manifest.json')]);
    expect(stdout).toContain('Manifest schema validation passes!');
  });

  it('starts the built entry point over stdio with the config file setup wrote', () => {
    expect(manifest.version).toBe(pkg.version);
    expect(manifest.compatibility.runtimes.node).toBe(pkg.engines.node);
    const [entry, ...args] = manifest.server.mcp_config.args;
    expect(entry).toBe(`\${__dirname}/${manifest.server.entry_point}`);
    expect(manifest.server.entry_point).toBe('dist/index.js');
    const line = parseCommandLine(args);
    expect([line.command, line.stdio, line.envFile]).toEqual(['start', true, '${user_config.config_file}']);
    // As in the Docker image: glibc gives freed memory back (Linux only; other systems ignore it).
    expect(manifest.server.mcp_config.env).toEqual({ MALLOC_TRIM_THRESHOLD_: '131072' });
  });
});
