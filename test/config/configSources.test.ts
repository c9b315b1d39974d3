import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ConfigFileError, readConfigSources, userConfigFile } from '../../src/configSources.js';

const VALID = {
  AUTH_TOKEN: 'x'.repeat(40),
  OURA_CLIENT_ID: 'client-id',
  OURA_CLIENT_SECRET: 'client-secret',
  OURA_REDIRECT_URI: 'https://owner.ngrok.dev/oauth/callback',
  TOKEN_ENCRYPTION_KEY: 'a'.repeat(64),
};

function dotenv(values: Record<string, string>): string {
  return `${Object.entries(values)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n`;
}

describe('config files', () => {
  function tempTree(): { root: string; xdg: string; cwd: string; userFile: string } {
    const root = mkdtempSync(path.join(os.tmpdir(), 'oura-sources-'));
    const xdg = path.join(root, 'xdg');
    const cwd = path.join(root, 'work');
    mkdirSync(path.join(xdg, 'oura-mcp-server'), { recursive: true });
    mkdirSync(cwd);
    return { root, xdg, cwd, userFile: path.join(xdg, 'oura-mcp-server', 'config.env') };
  }

  it('the per-user file is $XDG_CONFIG_HOME/oura-mcp-server/config.env, else ~/.config/…', () => {
    expect(userConfigFile({ XDG_CONFIG_HOME: '/x/conf', HOME: '/home/o' })).toBe('/x/conf/oura-mcp-server/config.env');
    expect(userConfigFile({ HOME: '/home/o' })).toBe('/home/o/.config/oura-mcp-server/config.env');
    // A relative XDG_CONFIG_HOME is invalid by the XDG spec and ignored.
    expect(userConfigFile({ XDG_CONFIG_HOME: 'rel', HOME: '/home/o' })).toBe(
      '/home/o/.config/oura-mcp-server/config.env',
    );
  });

  it('reads the per-user file from any working directory; tokens.json defaults to its folder', () => {
    const { xdg, cwd, userFile } = tempTree();
    writeFileSync(userFile, dotenv(VALID));
    const config = loadConfig({ cwd, env: { XDG_CONFIG_HOME: xdg } });
    expect(config.ouraClientId).toBe('client-id');
    expect(config.tokensFile).toBe(path.join(xdg, 'oura-mcp-server', 'tokens.json'));
  });

  it('a relative TOKENS_FILE is relative to the file that sets it, not to the working directory', () => {
    const { root, xdg, cwd } = tempTree();
    const envFile = path.join(root, 'conf', 'server.env');
    mkdirSync(path.dirname(envFile));
    writeFileSync(envFile, dotenv({ ...VALID, TOKENS_FILE: 'data/tokens.json' }));
    const config = loadConfig({ cwd, env: { XDG_CONFIG_HOME: xdg }, envFile });
    expect(config.tokensFile).toBe(path.join(root, 'conf', 'data', 'tokens.json'));
    // From the environment, relative stays relative to the working directory.
    const fromEnv = loadConfig({ cwd, env: { ...VALID, TOKENS_FILE: 't.json' }, envFile: false });
    expect(fromEnv.tokensFile).toBe(path.join(cwd, 't.json'));
  });

  it('precedence: environment, then ./.env, then the per-user file', () => {
    const { xdg, cwd, userFile } = tempTree();
    writeFileSync(userFile, dotenv({ ...VALID, PORT: '4001', LOG_LEVEL: 'debug', CACHE_TTL: '7' }));
    writeFileSync(path.join(cwd, '.env'), dotenv({ PORT: '4002', LOG_LEVEL: 'warn' }));
    const sources = readConfigSources({ cwd, env: { XDG_CONFIG_HOME: xdg, PORT: '4003' } });
    expect(sources.files).toEqual([path.join(cwd, '.env'), userFile]);
    expect([sources.values.PORT, sources.values.LOG_LEVEL, sources.values.CACHE_TTL]).toEqual(['4003', 'warn', '7']);
  });

  it('--env-file replaces ./.env and the per-user file; a missing one is an error naming it', () => {
    const { root, xdg, cwd, userFile } = tempTree();
    writeFileSync(userFile, dotenv({ ...VALID, PORT: '4001' }));
    const envFile = path.join(root, 'only.env');
    writeFileSync(envFile, dotenv({ ...VALID, PORT: '4005' }));
    expect(loadConfig({ cwd, env: { XDG_CONFIG_HOME: xdg }, envFile }).port).toBe(4005);
    const missing = path.join(root, 'nope.env');
    expect(() => readConfigSources({ cwd, env: {}, envFile: missing })).toThrow(
      `Cannot read the configuration file ${missing}: it does not exist`,
    );
  });

  it('an unreadable file names the file and the problem', () => {
    const { root, cwd } = tempTree();
    const folder = path.join(root, 'folder.env');
    mkdirSync(folder);
    expect(() => readConfigSources({ cwd, env: {}, envFile: folder })).toThrow(
      new ConfigFileError(folder, 'it is a folder, not a file'),
    );
    if (process.getuid?.() === 0) return; // root reads a mode-000 file anyway
    const locked = path.join(root, 'locked.env');
    writeFileSync(locked, dotenv(VALID));
    chmodSync(locked, 0o000);
    expect(() => readConfigSources({ cwd, env: {}, envFile: locked })).toThrow(/locked\.env: permission denied/);
  });
});
