import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUTH_TOKEN_PLACEHOLDER, ConfigError, DEFAULT_SCOPES, loadConfig, parseConfig } from '../../src/config.js';

const KEY = 'a'.repeat(64);
const VALID = {
  AUTH_TOKEN: 'x'.repeat(40),
  OURA_CLIENT_ID: 'client-id',
  OURA_CLIENT_SECRET: 'client-secret',
  OURA_REDIRECT_URI: 'https://owner.ngrok.dev/oauth/callback',
  TOKEN_ENCRYPTION_KEY: KEY,
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    parseConfig(env, '/srv/app');
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

/** The README's configuration table: variable → its documented Default cell. */
function documentedDefaults(): Map<string, string> {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('<!-- config:start -->'), readme.indexOf('<!-- config:end -->'));
  const rows = [...section.matchAll(/^\| `([A-Z_]+)` \| (yes|no) \| ([^|]*) \|/gm)];
  return new Map(rows.filter((row) => row[2] === 'no').map((row) => [row[1]!, row[3]!.trim()]));
}

describe('the README documents the real defaults', () => {
  const documented = documentedDefaults();
  // Computed from other values, so the README describes them in words.
  const derived: Record<string, (config: ReturnType<typeof parseConfig>) => void> = {
    OURA_TOKEN_URL: (config) => expect(config.ouraTokenUrl).toBe('https://api.ouraring.com/oauth/token'),
    OURA_TIMEZONE: (config) =>
      expect(config.ouraTimezone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'),
    ALLOWED_HOSTS: (config) =>
      expect(config.allowedHosts).toEqual(['localhost', '127.0.0.1', '[::1]', '::1', 'owner.ngrok.dev']),
    PUBLIC_URL: (config) => expect(config.publicUrl).toBe('https://owner.ngrok.dev'),
  };

  it('lists every optional variable', () => {
    expect(documented.size).toBe(29);
  });

  it.each([...documented.entries()])('%s: unset gives the same config as the documented default %s', (name, text) => {
    const unset = parseConfig(VALID, '/srv/app');
    const check = derived[name];
    if (check) {
      check(unset);
      return;
    }
    expect(parseConfig({ ...VALID, [name]: text }, '/srv/app')).toEqual(unset);
  });
});

describe('parseConfig', () => {
  it('applies every documented default', () => {
    const config = parseConfig({ ...VALID, OURA_TIMEZONE: 'Europe/Berlin' }, '/srv/app');
    expect(config).toMatchObject({
      port: 3001,
      host: '127.0.0.1',
      nodeEnv: 'production',
      logLevel: 'info',
      cacheTtl: 300,
      tokensFile: '/srv/app/tokens.json',
      ouraApiBaseUrl: 'https://api.ouraring.com',
      ouraAuthorizeUrl: 'https://cloud.ouraring.com/oauth/authorize',
      ouraTokenUrl: 'https://api.ouraring.com/oauth/token',
      ouraTokenUrlFallback: 'https://moi.ouraring.com/oauth/v2/ext/oauth-token',
      ouraRevokeUrl: 'https://api.ouraring.com/oauth/revoke',
      ouraScopes: DEFAULT_SCOPES,
      ouraTimezone: 'Europe/Berlin',
      allowedOrigins: ['https://poke.com'],
      rateLimitWindowMs: 900_000,
      rateLimitMax: 600,
      trustProxy: false,
      publicOrigin: 'https://owner.ngrok.dev',
      publicUrl: 'https://owner.ngrok.dev',
      mcpAuthorization: true,
      mcpAccessTokenTtl: 3600,
      mcpRefreshTokenTtl: 2_592_000,
      upstreamBudgetMax: 1000,
      upstreamBudgetWindowMs: 300_000,
      upstreamConcurrency: 12,
      cacheMaxEntries: 20_000,
      cacheMaxMb: 64,
      requestDeadlineMs: 30_000,
      maxConnections: 512,
      maxConnectionsPerClient: 32,
    });
    expect(config.allowedHosts).toEqual(['localhost', '127.0.0.1', '[::1]', '::1', 'owner.ngrok.dev']);
    expect(config.tokenEncryptionKey.equals(Buffer.from(KEY, 'hex'))).toBe(true);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('PUBLIC_URL overrides the issuer (trailing slash dropped) and its host is allowed; the switch turns MCP authorization off', () => {
    const config = parseConfig({ ...VALID, PUBLIC_URL: 'https://mcp.example.com/', MCP_AUTHORIZATION: 'OFF' });
    expect(config.publicUrl).toBe('https://mcp.example.com');
    expect(config.allowedHosts).toContain('mcp.example.com');
    expect(config.mcpAuthorization).toBe(false);
  });

  it('defaults the time zone to the machine zone', () => {
    expect(parseConfig(VALID).ouraTimezone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  it('derives the token and revoke URLs from OURA_API_BASE_URL, trailing slash or not', () => {
    const config = parseConfig({ ...VALID, OURA_API_BASE_URL: 'http://127.0.0.1:4010/' });
    expect(config.ouraApiBaseUrl).toBe('http://127.0.0.1:4010');
    expect(config.ouraTokenUrl).toBe('http://127.0.0.1:4010/oauth/token');
    expect(config.ouraRevokeUrl).toBe('http://127.0.0.1:4010/oauth/revoke');
  });

  it('parses lists, numbers and TRUST_PROXY forms', () => {
    const config = parseConfig(
      {
        ...VALID,
        ALLOWED_ORIGINS: 'https://poke.com, https://claude.ai/',
        ALLOWED_HOSTS: 'LOCALHOST:3001, owner.ngrok.dev',
        PORT: '8080',
        CACHE_TTL: '0',
        LOG_LEVEL: 'DEBUG',
        TRUST_PROXY: '1',
        TOKENS_FILE: 'data/t.json',
      },
      '/srv/app',
    );
    expect(config.allowedOrigins).toEqual(['https://poke.com', 'https://claude.ai']);
    expect(config.allowedHosts).toEqual(['localhost', 'owner.ngrok.dev']);
    expect(config.port).toBe(8080);
    expect(config.cacheTtl).toBe(0);
    expect(config.logLevel).toBe('debug');
    expect(config.trustProxy).toBe(1);
    expect(config.tokensFile).toBe('/srv/app/data/t.json');
    expect(parseConfig({ ...VALID, TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(parseConfig({ ...VALID, TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
  });

  it('treats blank values as unset', () => {
    expect(parseConfig({ ...VALID, PORT: '', LOG_LEVEL: '  ' }).port).toBe(3001);
  });

  it.each([
    ['missing AUTH_TOKEN', { AUTH_TOKEN: undefined }, /^AUTH_TOKEN .*openssl rand -hex 32/],
    ['short AUTH_TOKEN', { AUTH_TOKEN: 'short' }, /^AUTH_TOKEN must be at least 32 characters/],
    ['placeholder AUTH_TOKEN', { AUTH_TOKEN: AUTH_TOKEN_PLACEHOLDER }, /^AUTH_TOKEN .*placeholder/],
    ['missing client id', { OURA_CLIENT_ID: undefined }, /^OURA_CLIENT_ID is required/],
    ['missing client secret', { OURA_CLIENT_SECRET: undefined }, /^OURA_CLIENT_SECRET is required/],
    ['redirect not absolute', { OURA_REDIRECT_URI: '/oauth/callback' }, /^OURA_REDIRECT_URI must be an absolute/],
    ['redirect wrong path', { OURA_REDIRECT_URI: 'https://x.dev/callback' }, /ending in \/oauth\/callback/],
    [
      'key too short',
      { TOKEN_ENCRYPTION_KEY: 'abc' },
      /^TOKEN_ENCRYPTION_KEY must be 64 hex characters: run `openssl rand -hex 32`$/,
    ],
    ['key not hex', { TOKEN_ENCRYPTION_KEY: 'z'.repeat(64) }, /^TOKEN_ENCRYPTION_KEY must be 64 hex/],
    ['port out of range', { PORT: '70000' }, /^PORT must be/],
    ['port not a number', { PORT: 'http' }, /^PORT must be/],
    ['bad log level', { LOG_LEVEL: 'verbose' }, /^LOG_LEVEL must be one of error, warn, info, debug$/],
    ['bad node env', { NODE_ENV: 'staging' }, /^NODE_ENV must be/],
    ['negative cache ttl', { CACHE_TTL: '-1' }, /^CACHE_TTL must be/],
    ['bad time zone', { OURA_TIMEZONE: 'Mars/Olympus' }, /^OURA_TIMEZONE must be an IANA time zone/],
    ['bad origin list', { ALLOWED_ORIGINS: 'poke.com' }, /^ALLOWED_ORIGINS must be/],
    ['bad api base', { OURA_API_BASE_URL: 'ftp://x' }, /^OURA_API_BASE_URL must be/],
    ['bad rate limit', { RATE_LIMIT_MAX: '0' }, /^RATE_LIMIT_MAX must be/],
    ["an upstream budget above Oura's own allowance", { UPSTREAM_BUDGET_MAX: '6000' }, /^UPSTREAM_BUDGET_MAX must be/],
    ['a deadline under a second', { REQUEST_DEADLINE_MS: '10' }, /^REQUEST_DEADLINE_MS must be/],
    ['bad trust proxy', { TRUST_PROXY: 'maybe' }, /^TRUST_PROXY must be/],
    ['bad scopes', { OURA_SCOPES: 'daily,heartrate' }, /^OURA_SCOPES must be space-separated/],
    ['public url with a path', { PUBLIC_URL: 'https://x.dev/mcp' }, /^PUBLIC_URL must be the http\(s\) origin/],
    ['public url not http', { PUBLIC_URL: 'ftp://x.dev' }, /^PUBLIC_URL must be/],
    ['mcp authorization switch', { MCP_AUTHORIZATION: 'maybe' }, /^MCP_AUTHORIZATION must be on or off/],
    [
      'access token ttl too long',
      { MCP_ACCESS_TOKEN_TTL: '86401' },
      /^MCP_ACCESS_TOKEN_TTL must be whole seconds between 300 and 86400/,
    ],
    [
      'refresh token ttl under 30 days',
      { MCP_REFRESH_TOKEN_TTL: '86400' },
      /^MCP_REFRESH_TOKEN_TTL must be whole seconds between 2592000/,
    ],
  ])('%s → one line naming the variable and the fix', (_name, override, expected) => {
    const problems = problemsOf({ ...VALID, ...override });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
  });

  it('reports every problem at once, one line each, without a stack trace in the message', () => {
    const problems = problemsOf({});
    expect(problems.map((line) => line.split(' ')[0])).toEqual([
      'AUTH_TOKEN',
      'OURA_CLIENT_ID',
      'OURA_CLIENT_SECRET',
      'OURA_REDIRECT_URI',
      'TOKEN_ENCRYPTION_KEY',
    ]);
    try {
      parseConfig({});
    } catch (error) {
      expect((error as Error).message).not.toMatch(/\bat .*\.ts:\d+/);
    }
  });
});

describe('loadConfig', () => {
  it('reads .env from the working directory; the environment wins over the file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'oura-config-'));
    const lines = Object.entries({ ...VALID, PORT: '4000', LOG_LEVEL: 'warn' }).map(([k, v]) => `${k}=${v}`);
    writeFileSync(path.join(dir, '.env'), `${lines.join('\n')}\n`);
    const config = loadConfig({ cwd: dir, env: { PORT: '5000' } });
    expect(config.port).toBe(5000);
    expect(config.logLevel).toBe('warn');
    expect(config.tokensFile).toBe(path.join(dir, 'tokens.json'));
  });

  it('works without a .env file when the environment is complete', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'oura-config-'));
    expect(loadConfig({ cwd: dir, env: { ...VALID } }).ouraClientId).toBe('client-id');
  });
});

describe('placeholders left from .env.example', () => {
  it.each([
    ['OURA_REDIRECT_URI', 'https://your-domain.ngrok.dev/oauth/callback'],
    ['OURA_CLIENT_ID', 'your-client-id'],
    ['OURA_CLIENT_SECRET', 'your-client-secret'],
    ['PUBLIC_URL', 'https://your-domain.ngrok.dev'],
    ['ALLOWED_HOSTS', 'localhost,127.0.0.1,your-domain.ngrok.dev'],
    ['AUTH_TOKEN', 'replace-with-output-of-openssl-rand-hex-32'],
  ])('%s=%s is refused by name, with the fix', (name, value) => {
    const problems = problemsOf({ ...VALID, [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name} still holds a placeholder from \\.env\\.example`));
    expect(problems[0]).toContain('oura-mcp-server setup');
    // Secrets are never echoed, even a placeholder one (the hint may show an example value of a URL).
    if (name === 'OURA_CLIENT_SECRET' || name === 'AUTH_TOKEN') expect(problems[0]).not.toContain(value);
  });

  it('real values that merely contain "your" pass', () => {
    expect(problemsOf({ ...VALID, OURA_CLIENT_ID: 'yourapp2024', PUBLIC_URL: 'https://yourself.example.org' })).toEqual(
      [],
    );
  });
});
