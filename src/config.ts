/**
 * Configuration: the only module that reads the environment.
 *
 * `loadConfig()` reads `.env` (dotenv) plus the process environment, validates every value with joi,
 * and returns a frozen {@link Config}. Every other module receives the config (or the parts it needs)
 * by injection. A bad value becomes one line in a {@link ConfigError} that names the variable and the fix.
 */
import path from 'node:path';
import dotenv from 'dotenv';
import Joi from 'joi';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_SCOPES = 'email personal daily heartrate workout tag session spo2';
/** The placeholder shipped in `.env.example`; refusing it stops an owner from running with a public token. */
export const AUTH_TOKEN_PLACEHOLDER = 'replace-with-output-of-openssl-rand-hex-32';

export interface Config {
  readonly authToken: string;
  readonly ouraClientId: string;
  readonly ouraClientSecret: string;
  readonly ouraRedirectUri: string;
  /** 32-byte AES key, decoded from TOKEN_ENCRYPTION_KEY. */
  readonly tokenEncryptionKey: Buffer;
  readonly port: number;
  readonly host: string;
  readonly nodeEnv: 'production' | 'development' | 'test';
  readonly logLevel: LogLevel;
  /** Seconds. */
  readonly cacheTtl: number;
  /** Absolute path. */
  readonly tokensFile: string;
  readonly ouraApiBaseUrl: string;
  readonly ouraAuthorizeUrl: string;
  readonly ouraTokenUrl: string;
  readonly ouraTokenUrlFallback: string;
  readonly ouraRevokeUrl: string;
  readonly ouraScopes: string;
  /** IANA zone that decides "today" and groups heart rate into days. */
  readonly ouraTimezone: string;
  readonly allowedOrigins: readonly string[];
  /** Lower-case host names (without port) accepted in the Host header. */
  readonly allowedHosts: readonly string[];
  readonly rateLimitWindowMs: number;
  readonly rateLimitMax: number;
  /** Passed to Express `trust proxy`: false, true, a hop count, or a list of addresses. */
  readonly trustProxy: boolean | number | string;
  /** Public origin of the server (from OURA_REDIRECT_URI), used to build absolute links. */
  readonly publicOrigin: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export const LOCAL_HOSTS = ['localhost', '127.0.0.1', '[::1]', '::1'] as const;

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

const HINTS: Record<string, string> = {
  AUTH_TOKEN: 'AUTH_TOKEN must be at least 32 characters and not the .env.example placeholder: run `openssl rand -hex 32`',
  OURA_CLIENT_ID: 'OURA_CLIENT_ID is required: copy the Client ID of your app at https://cloud.ouraring.com/oauth/applications',
  OURA_CLIENT_SECRET: 'OURA_CLIENT_SECRET is required: copy the Client Secret of your app at https://cloud.ouraring.com/oauth/applications',
  OURA_REDIRECT_URI: 'OURA_REDIRECT_URI must be an absolute http(s) URL ending in /oauth/callback, e.g. https://your-domain.ngrok.dev/oauth/callback (and registered byte for byte in your Oura app)',
  TOKEN_ENCRYPTION_KEY: 'TOKEN_ENCRYPTION_KEY must be 64 hex characters: run `openssl rand -hex 32`',
  PORT: 'PORT must be a TCP port number between 0 and 65535 (default 3001)',
  HOST: 'HOST must be a bind address such as 127.0.0.1 (default) or 0.0.0.0',
  NODE_ENV: 'NODE_ENV must be production, development or test',
  LOG_LEVEL: 'LOG_LEVEL must be one of error, warn, info, debug',
  CACHE_TTL: 'CACHE_TTL must be a whole number of seconds >= 0 (default 300)',
  TOKENS_FILE: 'TOKENS_FILE must be a file path (default ./tokens.json)',
  OURA_API_BASE_URL: 'OURA_API_BASE_URL must be an absolute http(s) URL (default https://api.ouraring.com)',
  OURA_AUTHORIZE_URL: 'OURA_AUTHORIZE_URL must be an absolute http(s) URL (default https://cloud.ouraring.com/oauth/authorize)',
  OURA_TOKEN_URL: 'OURA_TOKEN_URL must be an absolute http(s) URL (default OURA_API_BASE_URL + /oauth/token)',
  OURA_TOKEN_URL_FALLBACK: 'OURA_TOKEN_URL_FALLBACK must be an absolute http(s) URL (default https://moi.ouraring.com/oauth/v2/ext/oauth-token)',
  OURA_SCOPES: `OURA_SCOPES must be space-separated scope names (default "${DEFAULT_SCOPES}")`,
  OURA_TIMEZONE: 'OURA_TIMEZONE must be an IANA time zone such as Europe/Berlin or America/New_York',
  ALLOWED_ORIGINS: 'ALLOWED_ORIGINS must be comma-separated origins such as https://poke.com',
  ALLOWED_HOSTS: 'ALLOWED_HOSTS must be comma-separated host names such as localhost,your-domain.ngrok.dev',
  RATE_LIMIT_WINDOW_MS: 'RATE_LIMIT_WINDOW_MS must be a positive number of milliseconds (default 900000)',
  RATE_LIMIT_MAX: 'RATE_LIMIT_MAX must be a positive whole number of requests per window (default 100)',
  TRUST_PROXY: 'TRUST_PROXY must be true, false, a hop count, or comma-separated proxy addresses (set it to 1 behind ngrok)',
};

/** Every variable this module validates (the README table and .env.example must list exactly these). */
export const VALIDATED_VARIABLES: readonly string[] = Object.freeze(Object.keys(HINTS));

const httpUrl = Joi.string().uri({ scheme: ['http', 'https'] });

const schema = Joi.object({
  AUTH_TOKEN: Joi.string().min(32).invalid(AUTH_TOKEN_PLACEHOLDER).required(),
  OURA_CLIENT_ID: Joi.string().trim().min(1).required(),
  OURA_CLIENT_SECRET: Joi.string().trim().min(1).required(),
  OURA_REDIRECT_URI: httpUrl.pattern(/\/oauth\/callback$/).required(),
  TOKEN_ENCRYPTION_KEY: Joi.string().pattern(/^[0-9a-fA-F]{64}$/).required(),
  PORT: Joi.number().integer().min(0).max(65535).default(3001),
  HOST: Joi.string().trim().min(1).default('127.0.0.1'),
  NODE_ENV: Joi.string().valid('production', 'development', 'test').default('production'),
  LOG_LEVEL: Joi.string().lowercase().valid(...LOG_LEVELS).default('info'),
  CACHE_TTL: Joi.number().integer().min(0).default(300),
  TOKENS_FILE: Joi.string().trim().min(1).default('./tokens.json'),
  OURA_API_BASE_URL: httpUrl.default('https://api.ouraring.com'),
  OURA_AUTHORIZE_URL: httpUrl.default('https://cloud.ouraring.com/oauth/authorize'),
  OURA_TOKEN_URL: httpUrl.optional(),
  OURA_TOKEN_URL_FALLBACK: httpUrl.default('https://moi.ouraring.com/oauth/v2/ext/oauth-token'),
  OURA_SCOPES: Joi.string().trim().pattern(/^[A-Za-z0-9_:.-]+( [A-Za-z0-9_:.-]+)*$/).default(DEFAULT_SCOPES),
  OURA_TIMEZONE: Joi.string()
    .trim()
    .custom((value: string, helpers) => (isValidTimeZone(value) ? value : helpers.error('any.invalid')))
    .optional(),
  ALLOWED_ORIGINS: Joi.string().trim().pattern(/^https?:\/\/[^,\s]+(\s*,\s*https?:\/\/[^,\s]+)*$/).default('https://poke.com'),
  ALLOWED_HOSTS: Joi.string().trim().pattern(/^[^,\s]+(\s*,\s*[^,\s]+)*$/).optional(),
  RATE_LIMIT_WINDOW_MS: Joi.number().integer().min(1).default(900_000),
  RATE_LIMIT_MAX: Joi.number().integer().min(1).default(100),
  TRUST_PROXY: Joi.string().trim().pattern(/^(true|false|\d+|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*|loopback|linklocal|uniquelocal)$/).default('false'),
}).unknown(true);

function parseTrustProxy(raw: string): boolean | number | string {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw;
}

/** Removes a trailing slash so URLs can be joined with a leading-slash path. */
function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** Host names without port, lower-cased; `[::1]:3001` → `[::1]`. */
export function hostWithoutPort(host: string): string {
  const lower = host.trim().toLowerCase();
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1);
  const colon = lower.indexOf(':');
  return colon === -1 ? lower : lower.slice(0, colon);
}

/**
 * Validates an environment and builds the frozen config. Pure: does not touch `process.env`,
 * so tests can pass a table of environments.
 */
export function parseConfig(env: Record<string, string | undefined>, cwd: string = process.cwd()): Config {
  // Empty strings mean "unset" (a blank line in .env should fall back to the default).
  const input: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== '') input[key] = value;
  }
  const { value, error } = schema.validate(input, { abortEarly: false, convert: true });
  if (error) {
    const seen = new Set<string>();
    const problems: string[] = [];
    for (const detail of error.details) {
      const key = String(detail.path[0] ?? detail.context?.key ?? '');
      if (seen.has(key)) continue;
      seen.add(key);
      const missing = detail.type === 'any.required';
      const hint = HINTS[key] ?? `${key} is invalid`;
      problems.push(missing && !hint.includes('required') ? `${key} is required. ${hint}` : hint);
    }
    throw new ConfigError(problems);
  }
  const v = value as Record<string, string | number>;
  const apiBase = trimSlash(String(v.OURA_API_BASE_URL));
  const redirectUri = String(v.OURA_REDIRECT_URI);
  const redirect = new URL(redirectUri);
  const allowedHosts = v.ALLOWED_HOSTS
    ? splitList(String(v.ALLOWED_HOSTS)).map(hostWithoutPort)
    : [...LOCAL_HOSTS, hostWithoutPort(redirect.host)];

  const config: Config = {
    authToken: String(v.AUTH_TOKEN),
    ouraClientId: String(v.OURA_CLIENT_ID),
    ouraClientSecret: String(v.OURA_CLIENT_SECRET),
    ouraRedirectUri: redirectUri,
    tokenEncryptionKey: Buffer.from(String(v.TOKEN_ENCRYPTION_KEY), 'hex'),
    port: Number(v.PORT),
    host: String(v.HOST),
    nodeEnv: v.NODE_ENV as Config['nodeEnv'],
    logLevel: v.LOG_LEVEL as LogLevel,
    cacheTtl: Number(v.CACHE_TTL),
    tokensFile: path.resolve(cwd, String(v.TOKENS_FILE)),
    ouraApiBaseUrl: apiBase,
    ouraAuthorizeUrl: String(v.OURA_AUTHORIZE_URL),
    ouraTokenUrl: v.OURA_TOKEN_URL ? String(v.OURA_TOKEN_URL) : `${apiBase}/oauth/token`,
    ouraTokenUrlFallback: String(v.OURA_TOKEN_URL_FALLBACK),
    ouraRevokeUrl: `${apiBase}/oauth/revoke`,
    ouraScopes: String(v.OURA_SCOPES),
    ouraTimezone: v.OURA_TIMEZONE ? String(v.OURA_TIMEZONE) : machineTimeZone(),
    allowedOrigins: Object.freeze(splitList(String(v.ALLOWED_ORIGINS)).map(trimSlash)),
    allowedHosts: Object.freeze([...new Set(allowedHosts)]),
    rateLimitWindowMs: Number(v.RATE_LIMIT_WINDOW_MS),
    rateLimitMax: Number(v.RATE_LIMIT_MAX),
    trustProxy: parseTrustProxy(String(v.TRUST_PROXY)),
    publicOrigin: redirect.origin,
  };
  return Object.freeze(config);
}

/**
 * The raw environment: the process environment plus `.env` from `cwd` (the process wins, as with
 * dotenv). For entry points that build their own config on top (demo mode).
 */
export function readEnvironment(options: { env?: NodeJS.ProcessEnv; cwd?: string; envFile?: string | false } = {}): Record<string, string | undefined> {
  const cwd = options.cwd ?? process.cwd();
  const env: Record<string, string | undefined> = { ...(options.env ?? process.env) };
  if (options.envFile !== false) {
    const parsed = dotenv.config({ path: options.envFile ?? path.join(cwd, '.env'), processEnv: {}, quiet: true }).parsed ?? {};
    for (const [key, value] of Object.entries(parsed)) {
      if (env[key] === undefined) env[key] = value;
    }
  }
  return env;
}

/**
 * Loads `.env` from `cwd` (values already in the environment win, as dotenv does) and parses it.
 * @throws ConfigError listing every problem.
 */
export function loadConfig(options: { env?: NodeJS.ProcessEnv; cwd?: string; envFile?: string | false } = {}): Config {
  return parseConfig(readEnvironment(options), options.cwd ?? process.cwd());
}
