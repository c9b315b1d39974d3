/**
 * The published package as a user gets it: `npm pack` (its `prepack` builds from a clean copy of the
 * sources), `npm install -g` of the tarball into a temporary prefix, then the installed command:
 * `--version`, `--help`, `setup --non-interactive …`, and `--stdio` answering `tools/list` over MCP.
 * Staged outside the repository so the build never rewrites the dist/ other tests are running.
 */
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  version: string;
  scripts: Record<string, string>;
};

describe('npm pack → npm install -g → oura-mcp-server', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'oura-global-'));
  const prefix = path.join(root, 'prefix');
  const home = path.join(root, 'home');
  const bin = path.join(prefix, 'bin', 'oura-mcp-server');
  const env = {
    PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ''}`,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
  };
  let tarball = '';

  beforeAll(async () => {
    const staged = path.join(root, 'src-copy');
    mkdirSync(staged);
    for (const entry of [
      'src',
      'views',
      'scripts',
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'tsconfig.build.json',
      'README.md',
      'LICENSE',
      '.env.example',
    ])
      cpSync(path.join(REPO_ROOT, entry), path.join(staged, entry), { recursive: true });
    // The build needs typescript and the types; the copy borrows the repository's node_modules.
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(staged, 'node_modules'), 'dir');
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', root], {
      cwd: staged,
      maxBuffer: 32 << 20,
    });
    const [packed] = JSON.parse(stdout.slice(stdout.indexOf('['))) as Array<{
      filename: string;
      files: { path: string }[];
    }>;
    tarball = path.join(root, packed!.filename);
    expect(packed!.files.map((file) => file.path)).toContain('dist/index.js');
    mkdirSync(home);
    await run('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball], {
      env: { ...process.env, HOME: home },
      maxBuffer: 32 << 20,
    });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('prepack builds, so a tarball always holds a fresh build', () => {
    expect(manifest.scripts.prepack).toBe('npm run build');
  });

  it('installs no dependencies: the bundle in dist/ holds the packages, and their licences ship with it', () => {
    const installed = path.join(prefix, 'lib', 'node_modules', 'oura-mcp-server');
    expect(existsSync(path.join(installed, 'dist', 'index.js'))).toBe(true);
    expect(existsSync(path.join(installed, 'node_modules'))).toBe(false);
    const licences = readFileSync(path.join(installed, 'dist', 'THIRD_PARTY_LICENSES.txt'), 'utf8');
    for (const bundled of ['express@', 'joi@', 'winston@', '@modelcontextprotocol/sdk@', 'zod@', 'axios@'])
      expect(licences).toContain(`\n${bundled}`);
  });

  it('--version and --help answer from any folder without configuration', async () => {
    expect((await run(bin, ['--version'], { cwd: root, env })).stdout).toBe(`${manifest.version}\n`);
    const help = (await run(bin, ['--help'], { cwd: root, env })).stdout;
    expect(help).toContain('oura-mcp-server setup');
    expect(help).toContain(path.join(home, '.config', 'oura-mcp-server', 'config.env'));
  });

  it('setup --non-interactive writes the per-user config, and --stdio started from / answers tools/list', async () => {
    const setup = await run(
      bin,
      [
        'setup',
        '--non-interactive',
        '--client-id',
        'GLOBALCLIENT1',
        '--client-secret',
        'global-secret-0123456789',
        '--public-url',
        'https://global.ngrok.dev',
      ],
      { cwd: root, env },
    );
    expect(setup.stdout).toContain('Redirect URI:  https://global.ngrok.dev/oauth/callback');
    // The snippet names the installed entry point, so Claude Desktop runs what npm installed.
    expect(setup.stdout).toContain(path.join(prefix, 'lib', 'node_modules', 'oura-mcp-server', 'dist', 'index.js'));

    const transport = new StdioClientTransport({
      command: bin,
      args: ['--stdio'],
      env: { ...env, PORT: '0', OURA_API_BASE_URL: 'http://127.0.0.1:9' },
      cwd: '/',
      stderr: 'pipe',
    });
    const client = new Client({ name: 'global-install', version: '1.0.0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.length).toBeGreaterThanOrEqual(17);
      expect(tools.map((tool) => tool.name)).toContain('get_sleep_summary');
      // The MCP Apps views ship built inside the package (dist/views), not only in a clone.
      const { contents } = await client.readResource({ uri: 'ui://oura/sleep' });
      expect(contents[0]?.mimeType).toBe('text/html;profile=mcp-app');
      expect(String(contents[0] && 'text' in contents[0] ? contents[0].text : '')).toMatch(/^<!doctype html>/i);
    } finally {
      await client.close();
    }
  });

  it('the installed package (the bundled server) packs into a Claude Desktop extension', async () => {
    const installed = path.join(prefix, 'lib', 'node_modules', 'oura-mcp-server');
    copyFileSync(path.join(REPO_ROOT, 'manifest.json'), path.join(installed, 'manifest.json'));
    const mcpb = path.join(REPO_ROOT, 'node_modules', '@anthropic-ai', 'mcpb', 'dist', 'cli', 'cli.js');
    const bundle = path.join(root, 'oura-mcp-server.mcpb');
    await run(process.execPath, [mcpb, 'pack', installed, bundle], { maxBuffer: 32 << 20 });
    expect(statSync(bundle).size).toBeGreaterThan(100_000);
    const info = (await run(process.execPath, [mcpb, 'info', bundle])).stdout;
    expect(info).toContain('oura-mcp-server');
  });
});
