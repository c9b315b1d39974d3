/**
 * Configuration: the only module that reads the environment.
 *
 * `loadConfig()` reads `.env` (dotenv) plus the process environment, validates every value with the
 * joi rules of `src/configTable.ts`, and returns a frozen {@link Config}. Every other module receives
 * the config (or the parts it needs) by injection. A bad value becomes one line in a {@link ConfigError} that names the variable and the fix.
 */
import path from 'node:path';
import Joi from 'joi';
import { CONFIG_TABLE, placeholderProblem, type ConfigVariable, type LogLevel } from './configTable.js';
import { readConfigSources, type ConfigSourceOptions } from './configSources.js';

export { AUTH_TOKEN_PLACEHOLDER, DEFAULT_SCOPES, LOG_LEVELS, type LogLevel } from './configTable.js';

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
  /** Requests to Oura allowed per `upstreamBudgetWindowMs` (our guard on the owner's Oura allowance). */
  readonly upstreamBudgetMax: number;
  readonly upstreamBudgetWindowMs: number;
  /** Requests to Oura in flight at once. */
  readonly upstreamConcurrency: number;
  /** Entries the data cache holds at most (least recently used evicted). */
  readonly cacheMaxEntries: number;
  /** Approximate size the data cache holds at most, in MB of JSON. */
  readonly cacheMaxMb: number;
  /** A JSON-RPC request still unanswered after this many ms gets an error answer. */
  readonly requestDeadlineMs: number;
  /** Connections open at once, overall and per public client address. */
  readonly maxConnections: number;
  readonly maxConnectionsPerClient: number;
  /** Public origin of the server (from OURA_REDIRECT_URI), used to build absolute links. */
  readonly publicOrigin: string;
  /** PUBLIC_URL without a trailing slash: the MCP authorization server's issuer and resource. */
  readonly publicUrl: string;
  /** MCP_AUTHORIZATION: whether OAuth MCP clients (Claude, ChatGPT, mcp-remote) can authorize. */
  readonly mcpAuthorization: boolean;
  /** Seconds an MCP access token lives. */
  readonly mcpAccessTokenTtl: number;
  /** Seconds an MCP refresh token (and the authorization it carries) lives. */
  readonly mcpRefreshTokenTtl: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export const LOCAL_HOSTS = ['localhost', '127.0.0.1', '[::1]', '::1'] as const;

function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

const HINTS: Readonly<Record<string, string>> = Object.fromEntries(
  CONFIG_TABLE.map((variable) => [variable.name, variable.hint]),
);

/** Every variable this module validates (the README table and .env.example must list exactly these). */
export const VALIDATED_VARIABLES: readonly string[] = Object.freeze(CONFIG_TABLE.map((variable) => variable.name));

function ruleOf(variable: ConfigVariable): Joi.Schema {
  if (variable.required) return variable.schema.required();
  return variable.default === undefined ? variable.schema.optional() : variable.schema.default(variable.default);
}

const schema = Joi.object<Record<string, string | number>>(
  Object.fromEntries(CONFIG_TABLE.map((variable) => [variable.name, ruleOf(variable)])),
).unknown(true);

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
  // Values left from .env.example pass the format rules but can never work: name them first.
  const placeholders = Object.entries(input).flatMap(([key, value]) => placeholderProblem(key, value) ?? []);
  if (placeholders.length > 0) throw new ConfigError(placeholders);
  // Not destructured: joi types `value` as `any` on failure; narrowing on `error` keeps it typed on success.
  const result = schema.validate(input, { abortEarly: false, convert: true });
  if (result.error) {
    const seen = new Set<string>();
    const problems: string[] = [];
    for (const detail of result.error.details) {
      const key = String(detail.path[0] ?? detail.context?.key ?? '');
      if (seen.has(key)) continue;
      seen.add(key);
      const missing = detail.type === 'any.required';
      const hint = HINTS[key] ?? `${key} is invalid`;
      problems.push(missing && !hint.includes('required') ? `${key} is required. ${hint}` : hint);
    }
    throw new ConfigError(problems);
  }
  const v = result.value;
  const apiBase = trimSlash(String(v.OURA_API_BASE_URL));
  const redirectUri = String(v.OURA_REDIRECT_URI);
  const redirect = new URL(redirectUri);
  const publicUrl = v.PUBLIC_URL ? trimSlash(String(v.PUBLIC_URL)) : redirect.origin;
  const allowedHosts = v.ALLOWED_HOSTS
    ? splitList(String(v.ALLOWED_HOSTS)).map(hostWithoutPort)
    : [...LOCAL_HOSTS, hostWithoutPort(redirect.host), hostWithoutPort(new URL(publicUrl).host)];

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
    upstreamBudgetMax: Number(v.UPSTREAM_BUDGET_MAX),
    upstreamBudgetWindowMs: Number(v.UPSTREAM_BUDGET_WINDOW_MS),
    upstreamConcurrency: Number(v.UPSTREAM_CONCURRENCY),
    cacheMaxEntries: Number(v.CACHE_MAX_ENTRIES),
    cacheMaxMb: Number(v.CACHE_MAX_MB),
    requestDeadlineMs: Number(v.REQUEST_DEADLINE_MS),
    maxConnections: Number(v.MAX_CONNECTIONS),
    maxConnectionsPerClient: Number(v.MAX_CONNECTIONS_PER_CLIENT),
    publicOrigin: redirect.origin,
    publicUrl,
    mcpAuthorization: v.MCP_AUTHORIZATION === 'on',
    mcpAccessTokenTtl: Number(v.MCP_ACCESS_TOKEN_TTL),
    mcpRefreshTokenTtl: Number(v.MCP_REFRESH_TOKEN_TTL),
  };
  return Object.freeze(config);
}

/**
 * The raw environment: the process environment over `.env` (or `--env-file`) over the per-user config
 * file (see `configSources.ts`). For entry points that build their own config on top (demo mode).
 */
export function readEnvironment(options: ConfigSourceOptions = {}): Record<string, string | undefined> {
  return readConfigSources(options).values;
}

/**
 * Reads the environment and the config files and parses them; relative defaults resolve against the
 * folder of the config file that was read.
 * @throws ConfigError listing every problem; ConfigFileError when a config file cannot be read.
 */
export function loadConfig(options: ConfigSourceOptions = {}): Config {
  const sources = readConfigSources(options);
  return parseConfig(sources.values, sources.baseDir);
}
