/**
 * The `oura-mcp-server` command as a user runs it: real processes, an empty working directory or `/`,
 * a per-user config folder of its own (XDG_CONFIG_HOME) for each test.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, it } from 'vitest';
import { NODE_ARGS_ANY_CWD } from '../helpers/spawn.js';

const execFileAsync = promisify(execFile);
const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function sandbox(): { dir: string; env: Record<string, string>; configFile: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oura-cli-'));
  return {
    dir,
    env: { PATH: process.env.PATH ?? '', HOME: dir, XDG_CONFIG_HOME: path.join(dir, 'xdg') },
    configFile: path.join(dir, 'xdg', 'oura-mcp-server', 'config.env'),
  };
}

async function cli(args: string[], options: { cwd: string; env: Record<string, string> }): Promise<Outcome> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [...NODE_ARGS_ANY_CWD, ...args], options);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

const SETUP = [
  'setup',
  '--non-interactive',
  '--client-id',
  'OURACLIENT1234',
  '--client-secret',
  'oura-secret-0123456789',
  '--public-url',
  'https://owner.ngrok.dev',
  '--timezone',
  'Europe/Berlin',
];

describe('oura-mcp-server (the command)', () => {
  it('--help and --version answer without configuration, even with a broken .env', async () => {
    const { dir, env } = sandbox();
    writeFileSync(path.join(dir, '.env'), 'OURA_REDIRECT_URI=https://your-domain.ngrok.dev/oauth/callback\n');
    const version = await cli(['--version'], { cwd: dir, env });
    expect(version).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    const help = await cli(['--help'], { cwd: dir, env });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(`oura-mcp-server ${VERSION}`);
    for (const command of ['--stdio', 'setup', 'doctor', 'status', 'demo', '--env-file'])
      expect(help.stdout).toContain(command);
    expect(help.stdout).toContain(path.join(dir, 'xdg', 'oura-mcp-server', 'config.env'));
  });

  it('values left from .env.example stop the server with the variable, the fix and setup', async () => {
    const { dir, env } = sandbox();
    writeFileSync(
      path.join(dir, '.env'),
      [
        `AUTH_TOKEN=${'b'.repeat(64)}`,
        'OURA_CLIENT_ID=your-client-id',
        'OURA_CLIENT_SECRET=a-real-looking-secret',
        'OURA_REDIRECT_URI=https://your-domain.ngrok.dev/oauth/callback',
        `TOKEN_ENCRYPTION_KEY=${'c'.repeat(64)}`,
      ].join('\n'),
    );
    const started = await cli([], { cwd: dir, env });
    expect(started.code).toBe(1);
    const problems = started.stderr.split('\n').filter((line) => line.startsWith('  - '));
    expect(problems.map((line) => line.split(' ')[3])).toEqual(['OURA_CLIENT_ID', 'OURA_REDIRECT_URI']);
    expect(started.stderr).toContain('oura-mcp-server setup');
  });

  it('a usage error exits 2 and points at --help', async () => {
    const { dir, env } = sandbox();
    const outcome = await cli(['stats'], { cwd: dir, env });
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('Unknown command "stats"');
  });

  it('setup --non-interactive writes a 0600 config, prints what to paste where, and keeps the keys on --force', async () => {
    const { dir, env, configFile } = sandbox();
    const first = await cli(SETUP, { cwd: dir, env });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(statSync(configFile).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(configFile)).mode & 0o777).toBe(0o700);
    const written = Object.fromEntries(
      readFileSync(configFile, 'utf8')
        .split('\n')
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(written).toMatchObject({
      OURA_CLIENT_ID: 'OURACLIENT1234',
      OURA_CLIENT_SECRET: 'oura-secret-0123456789',
      OURA_REDIRECT_URI: 'https://owner.ngrok.dev/oauth/callback',
      PUBLIC_URL: 'https://owner.ngrok.dev',
      PORT: '3001',
      OURA_TIMEZONE: 'Europe/Berlin',
      TRUST_PROXY: '1',
    });
    expect(written.AUTH_TOKEN).toMatch(/^[0-9a-f]{64}$/);
    expect(written.TOKEN_ENCRYPTION_KEY).toMatch(/^[0-9a-f]{64}$/);
    expect(written.AUTH_TOKEN).not.toBe(written.TOKEN_ENCRYPTION_KEY);

    const out = first.stdout;
    expect(out).toContain('Redirect URI:  https://owner.ngrok.dev/oauth/callback');
    expect(out).toContain('Scopes:        email personal daily heartrate workout tag session spo2');
    expect(out).toContain(`API key:  ${written.AUTH_TOKEN}`);
    expect(out).toMatch(/custom connector with the URL\n\s+https:\/\/owner\.ngrok\.dev\/mcp\n/);
    const snippet = JSON.parse(out.slice(out.indexOf('{'), out.lastIndexOf('}') + 1)) as {
      mcpServers: { oura: { command: string; args: string[] } };
    };
    expect(snippet.mcpServers.oura.command).toBe(process.execPath);
    expect(snippet.mcpServers.oura.args.slice(1)).toEqual(['--stdio', '--env-file', configFile]);
    expect(path.isAbsolute(snippet.mcpServers.oura.args[0]!)).toBe(true);

    const again = await cli(SETUP, { cwd: dir, env });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists: add --force');
    const forced = await cli([...SETUP.slice(0, -2), '--force', '--public-url', 'https://other.ngrok.dev'], {
      cwd: dir,
      env,
    });
    expect(forced.code).toBe(0);
    const rewritten = readFileSync(configFile, 'utf8');
    expect(rewritten).toContain(`AUTH_TOKEN=${written.AUTH_TOKEN}\n`);
    expect(rewritten).toContain(`TOKEN_ENCRYPTION_KEY=${written.TOKEN_ENCRYPTION_KEY}\n`);
    expect(rewritten).toContain('PUBLIC_URL=https://other.ngrok.dev\n');
  });

  it('setup refuses malformed values with every reason and writes nothing', async () => {
    const { dir, env, configFile } = sandbox();
    const outcome = await cli(
      ['setup', '--non-interactive', '--client-id', 'has space', '--public-url', 'http://owner.example.com/mcp/'],
      { cwd: dir, env },
    );
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain('--client-id: a Client ID is 6 to 128');
    expect(outcome.stderr).toContain('--client-secret is required');
    expect(outcome.stderr).toContain('--public-url: http:// is only allowed for localhost');
    expect(existsSync(configFile)).toBe(false);
  });

  it('the Claude Desktop snippet works started from / : stdio answers tools/list with the per-user config', async () => {
    const { dir, env, configFile } = sandbox();
    expect((await cli(SETUP, { cwd: dir, env })).code).toBe(0);
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [...NODE_ARGS_ANY_CWD, '--stdio', '--env-file', configFile],
      // PORT=0: the HTTP side of stdio mode must not take the machine's 3001; nothing reaches Oura.
      env: { ...env, PORT: '0', OURA_API_BASE_URL: 'http://127.0.0.1:9' },
      cwd: '/',
      stderr: 'pipe',
    });
    const client = new Client({ name: 'claude-desktop-like', version: '1.0.0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain('connect_oura');
      const status = await client.callTool({ name: 'connect_oura', arguments: {} });
      expect(status.structuredContent).toMatchObject({
        connected: false,
        authorize_url: expect.stringMatching(/^https:\/\/owner\.ngrok\.dev\/oauth\/authorize\?grant=/) as unknown,
      });
    } finally {
      await client.close();
    }
  });

  it('doctor: one line per check, the fix under a failure, exit 1, never a secret', async () => {
    const { dir, env, configFile } = sandbox();
    expect((await cli(SETUP, { cwd: dir, env })).code).toBe(0);
    const config = readFileSync(configFile, 'utf8');
    const secrets = ['AUTH_TOKEN', 'TOKEN_ENCRYPTION_KEY', 'OURA_CLIENT_SECRET'].map(
      (name) => new RegExp(`^${name}=(.*)$`, 'm').exec(config)![1]!,
    );
    const outcome = await cli(['doctor', '--offline'], { cwd: '/', env: { ...env, PORT: '0' } });
    expect(outcome.code).toBe(1);
    const lines = outcome.stdout.split('\n');
    expect(lines.filter((line) => line.startsWith('['))).toEqual([
      '[ok  ] configuration: valid',
      `[ok  ] config file: ${configFile}`,
      `[FAIL] tokens file: ${path.join(path.dirname(configFile), 'tokens.json')} does not exist: Oura is not connected`,
      '[skip] Oura API: --offline',
      '[skip] clock: --offline',
      '[ok  ] port: 127.0.0.1:0 is free',
      '[skip] public URL: --offline',
    ]);
    expect(outcome.stdout).toContain('→ start the server (`oura-mcp-server`) and open the one-time link it logs');
    expect(outcome.stdout).toContain('1 check(s) failed.');
    for (const secret of secrets) expect(outcome.stdout + outcome.stderr).not.toContain(secret);
  });

  it('interactive setup asks again with the reason after a bad answer, and takes the defaults on Enter', async () => {
    const { dir, env, configFile } = sandbox();
    const child = spawn(process.execPath, [...NODE_ARGS_ANY_CWD, 'setup'], { cwd: dir, env });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const answers = [
      'two words', // refused: spaces
      'INTERACTIVE123',
      'interactive-secret-0123',
      'https://me.ngrok.dev/', // refused: trailing slash
      'https://me.ngrok.dev',
      '', // port: default 3001
      'Asia/Tokyo',
    ];
    child.stdin.end(`${answers.join('\n')}\n`);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(stdout).toContain('a Client ID is 6 to 128 letters');
    expect(stdout).toContain('remove the trailing slash: Oura compares the redirect URI byte for byte');
    const written = readFileSync(configFile, 'utf8');
    for (const line of [
      'OURA_CLIENT_ID=INTERACTIVE123',
      'OURA_CLIENT_SECRET=interactive-secret-0123',
      'PUBLIC_URL=https://me.ngrok.dev',
      'PORT=3001',
      'OURA_TIMEZONE=Asia/Tokyo',
    ])
      expect(written).toContain(`${line}\n`);
  });

  it('interactive setup with too few answers says so, exits 1 and writes nothing', async () => {
    const { dir, env, configFile } = sandbox();
    const child = spawn(process.execPath, [...NODE_ARGS_ANY_CWD, 'setup'], { cwd: dir, env });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.end('ONLYTHEID1\n');
    expect(await new Promise<number | null>((resolve) => child.once('exit', resolve))).toBe(1);
    expect(stderr).toContain('The input ended before every answer was given; nothing was written.');
    expect(existsSync(configFile)).toBe(false);
  });
});
