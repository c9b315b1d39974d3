/**
 * The configuration contract, once: one row per environment variable with its joi rule, default, hint
 * and description. `src/config.ts` builds its validation and error hints from it; `npm run docs`
 * builds the README table and `.env.example` from it (scripts/readmeTables.ts).
 */
import Joi from 'joi';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_SCOPES = 'email personal daily heartrate workout tag session spo2';
/** The placeholder shipped in `.env.example`; refusing it stops an owner from running with a public token. */
export const AUTH_TOKEN_PLACEHOLDER = 'replace-with-output-of-openssl-rand-hex-32';

export type ConfigSection =
  | 'Required'
  | 'Server'
  | 'Security'
  | 'Claude, ChatGPT and other OAuth MCP clients'
  | 'Oura endpoints (defaults are right for the real Oura cloud)';

export interface ConfigVariable {
  name: string;
  /** Rule for the raw value; `required`/`default` are added from the fields below. */
  schema: Joi.Schema;
  required: boolean;
  /** The value used when the variable is unset; none when required or derived (see `derivedDefault`). */
  default?: string | number;
  /** What the README says when the default is computed from other values. */
  derivedDefault?: string;
  /** The one-line fix shown when the value is missing or invalid. */
  hint: string;
  /** The README's "Meaning" column. */
  description: string;
  /** `.env.example`: its group, the comment above the line, and the value shown (else the default). */
  section: ConfigSection;
  comment?: string;
  example?: string;
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const httpUrl = Joi.string().uri({ scheme: ['http', 'https'] });

export const CONFIG_TABLE: readonly ConfigVariable[] = [
  {
    name: 'AUTH_TOKEN',
    schema: Joi.string().min(32).invalid(AUTH_TOKEN_PLACEHOLDER),
    required: true,
    hint: 'AUTH_TOKEN must be at least 32 characters and not the .env.example placeholder: run `openssl rand -hex 32`',
    description: 'API key clients send as `Authorization: Bearer …`; ≥ 32 characters (`openssl rand -hex 32`)',
    section: 'Required',
    comment:
      'The API key your MCP client (Poke, Claude, Inspector) sends as "Authorization: Bearer ...".\nAt least 32 characters. Generate one: openssl rand -hex 32',
    example: AUTH_TOKEN_PLACEHOLDER,
  },
  {
    name: 'OURA_CLIENT_ID',
    schema: Joi.string().trim().min(1),
    required: true,
    hint: 'OURA_CLIENT_ID is required: copy the Client ID of your app at https://cloud.ouraring.com/oauth/applications',
    description: 'Client ID of your Oura app',
    section: 'Required',
    comment: 'From your app at https://cloud.ouraring.com/oauth/applications',
  },
  {
    name: 'OURA_CLIENT_SECRET',
    schema: Joi.string().trim().min(1),
    required: true,
    hint: 'OURA_CLIENT_SECRET is required: copy the Client Secret of your app at https://cloud.ouraring.com/oauth/applications',
    description: 'Client secret of your Oura app',
    section: 'Required',
  },
  {
    name: 'OURA_REDIRECT_URI',
    schema: httpUrl.pattern(/\/oauth\/callback$/),
    required: true,
    hint: 'OURA_REDIRECT_URI must be an absolute http(s) URL ending in /oauth/callback, e.g. https://your-domain.ngrok.dev/oauth/callback (and registered byte for byte in your Oura app)',
    description:
      'Public URL ending in `/oauth/callback`, registered byte for byte in the Oura app; its origin is the public origin of links',
    section: 'Required',
    comment: 'Must match the Redirect URI registered in your Oura app byte for byte, and end in /oauth/callback.',
    example: 'https://your-domain.ngrok.dev/oauth/callback',
  },
  {
    name: 'TOKEN_ENCRYPTION_KEY',
    schema: Joi.string().pattern(/^[0-9a-fA-F]{64}$/),
    required: true,
    hint: 'TOKEN_ENCRYPTION_KEY must be 64 hex characters: run `openssl rand -hex 32`',
    description: '64 hex characters (32 bytes) encrypting `tokens.json` with AES-256-GCM (`openssl rand -hex 32`)',
    section: 'Required',
    comment: '64 hex characters (32 bytes) used to encrypt tokens.json with AES-256-GCM: openssl rand -hex 32',
  },
  {
    name: 'PORT',
    schema: Joi.number().integer().min(0).max(65535),
    required: false,
    default: 3001,
    hint: 'PORT must be a TCP port number between 0 and 65535 (default 3001)',
    description: 'HTTP port',
    section: 'Server',
  },
  {
    name: 'HOST',
    schema: Joi.string().trim().min(1),
    required: false,
    default: '127.0.0.1',
    hint: 'HOST must be a bind address such as 127.0.0.1 (default) or 0.0.0.0',
    description: 'Bind address',
    section: 'Server',
    comment: 'Bind address. Keep 127.0.0.1 when a tunnel (ngrok, poke tunnel) forwards to this machine.',
  },
  {
    name: 'NODE_ENV',
    schema: Joi.string().valid('production', 'development', 'test'),
    required: false,
    default: 'production',
    hint: 'NODE_ENV must be production, development or test',
    description: '`production` (JSON log lines) or `development` (readable lines)',
    section: 'Server',
    comment: 'production (JSON log lines) or development (readable log lines)',
  },
  {
    name: 'LOG_LEVEL',
    schema: Joi.string()
      .lowercase()
      .valid(...LOG_LEVELS),
    required: false,
    default: 'info',
    hint: 'LOG_LEVEL must be one of error, warn, info, debug',
    description: '`error`, `warn`, `info` or `debug`',
    section: 'Server',
    comment: 'error, warn, info or debug',
  },
  {
    name: 'CACHE_TTL',
    schema: Joi.number().integer().min(0),
    required: false,
    default: 300,
    hint: 'CACHE_TTL must be a whole number of seconds >= 0 (default 300)',
    description: 'Seconds Oura answers stay cached in memory (0 disables)',
    section: 'Server',
    comment: 'Seconds Oura answers are cached in memory.',
  },
  {
    name: 'TOKENS_FILE',
    schema: Joi.string().trim().min(1),
    required: false,
    default: './tokens.json',
    hint: 'TOKENS_FILE must be a file path (default ./tokens.json)',
    description: 'Encrypted token file (mode 0600), shared by the HTTP and stdio servers',
    section: 'Server',
    comment: 'Where the encrypted Oura tokens are kept (mode 0600).',
  },
  {
    name: 'OURA_API_BASE_URL',
    schema: httpUrl,
    required: false,
    default: 'https://api.ouraring.com',
    hint: 'OURA_API_BASE_URL must be an absolute http(s) URL (default https://api.ouraring.com)',
    description: 'Oura API base; data routes, token and revoke endpoints resolve against it',
    section: 'Oura endpoints (defaults are right for the real Oura cloud)',
  },
  {
    name: 'OURA_AUTHORIZE_URL',
    schema: httpUrl,
    required: false,
    default: 'https://cloud.ouraring.com/oauth/authorize',
    hint: 'OURA_AUTHORIZE_URL must be an absolute http(s) URL (default https://cloud.ouraring.com/oauth/authorize)',
    description: 'Oura consent page',
    section: 'Oura endpoints (defaults are right for the real Oura cloud)',
  },
  {
    name: 'OURA_TOKEN_URL',
    schema: httpUrl,
    required: false,
    derivedDefault: '`OURA_API_BASE_URL`/oauth/token',
    hint: 'OURA_TOKEN_URL must be an absolute http(s) URL (default OURA_API_BASE_URL + /oauth/token)',
    description: 'Token endpoint',
    section: 'Oura endpoints (defaults are right for the real Oura cloud)',
    example: 'https://api.ouraring.com/oauth/token',
  },
  {
    name: 'OURA_TOKEN_URL_FALLBACK',
    schema: httpUrl,
    required: false,
    default: 'https://moi.ouraring.com/oauth/v2/ext/oauth-token',
    hint: 'OURA_TOKEN_URL_FALLBACK must be an absolute http(s) URL (default https://moi.ouraring.com/oauth/v2/ext/oauth-token)',
    description: "Tried once when the token endpoint answers 400/401 (apps from Oura's newer developer portal)",
    section: 'Oura endpoints (defaults are right for the real Oura cloud)',
    comment: "Apps from Oura's newer developer portal refresh here; tried once when the classic URL answers 400/401.",
  },
  {
    name: 'OURA_SCOPES',
    schema: Joi.string()
      .trim()
      .pattern(/^[A-Za-z0-9_:.-]+( [A-Za-z0-9_:.-]+)*$/),
    required: false,
    default: DEFAULT_SCOPES,
    hint: `OURA_SCOPES must be space-separated scope names (default "${DEFAULT_SCOPES}")`,
    description: 'Scopes asked for, space separated',
    section: 'Oura endpoints (defaults are right for the real Oura cloud)',
  },
  {
    name: 'OURA_TIMEZONE',
    schema: Joi.string()
      .trim()
      .custom((value: string, helpers) => (isValidTimeZone(value) ? value : helpers.error('any.invalid'))),
    required: false,
    derivedDefault: "this machine's zone",
    hint: 'OURA_TIMEZONE must be an IANA time zone such as Europe/Berlin or America/New_York',
    description: 'IANA zone deciding "today" and grouping heart rate into days',
    section: 'Server',
    comment: 'IANA time zone that decides "today" and groups heart rate into days (default: this machine\'s zone).',
    example: 'Europe/Berlin',
  },
  {
    name: 'ALLOWED_ORIGINS',
    schema: Joi.string()
      .trim()
      .pattern(/^https?:\/\/[^,\s]+(\s*,\s*https?:\/\/[^,\s]+)*$/),
    required: false,
    default: 'https://poke.com',
    hint: 'ALLOWED_ORIGINS must be comma-separated origins such as https://poke.com',
    description: 'Browser origins allowed (CORS and the Origin check), comma separated',
    section: 'Security',
    comment: 'Browser origins allowed to call the server (comma separated).',
  },
  {
    name: 'ALLOWED_HOSTS',
    schema: Joi.string()
      .trim()
      .pattern(/^[^,\s]+(\s*,\s*[^,\s]+)*$/),
    required: false,
    derivedDefault: 'localhost names + host of `OURA_REDIRECT_URI`',
    hint: 'ALLOWED_HOSTS must be comma-separated host names such as localhost,your-domain.ngrok.dev',
    description: 'Host header values accepted (DNS-rebinding protection), comma separated',
    section: 'Security',
    comment:
      'Host names accepted in the Host header (comma separated). Default: localhost names + the host of\nOURA_REDIRECT_URI, so your ngrok domain works without setting this.',
    example: 'localhost,127.0.0.1,your-domain.ngrok.dev',
  },
  {
    name: 'RATE_LIMIT_WINDOW_MS',
    schema: Joi.number().integer().min(1),
    required: false,
    default: 900_000,
    hint: 'RATE_LIMIT_WINDOW_MS must be a positive number of milliseconds (default 900000)',
    description: 'Rate-limit window for `/message` and `/mcp`',
    section: 'Security',
    comment: 'Requests per window per client on /message and /mcp.',
  },
  {
    name: 'RATE_LIMIT_MAX',
    schema: Joi.number().integer().min(1),
    required: false,
    // An assistant's conversation makes bursts of calls: 100 per 15 minutes was hit by two clients in
    // eight minutes of ordinary use. 600 still stops a runaway loop long before Oura's allowance.
    default: 600,
    hint: 'RATE_LIMIT_MAX must be a positive whole number of requests per window (default 600)',
    description: 'Requests per window per client (over it: 429, JSON-RPC error -32004 with the wait)',
    section: 'Security',
  },
  {
    name: 'TRUST_PROXY',
    schema: Joi.string()
      .trim()
      .pattern(/^(true|false|\d+|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*|loopback|linklocal|uniquelocal)$/),
    required: false,
    default: 'false',
    hint: 'TRUST_PROXY must be true, false, a hop count, or comma-separated proxy addresses (set it to 1 behind ngrok)',
    description:
      'Proxies in front of the server: `1` behind ngrok. A hop count or `true` trusts only proxies on loopback or private addresses; list addresses to trust others. Limits key on the first address not added by a trusted proxy',
    section: 'Security',
    comment:
      'Behind ngrok set 1 so rate limits see the real client address (true, false, hop count or addresses).\nA hop count or true trusts only proxies on loopback or private addresses; list public proxies by address.',
  },
  {
    name: 'UPSTREAM_BUDGET_MAX',
    schema: Joi.number().integer().min(1).max(5000),
    required: false,
    default: 1000,
    hint: 'UPSTREAM_BUDGET_MAX must be a whole number of Oura requests per window, 1 to 5000 (default 1000; Oura allows 5000 per 5 minutes)',
    description:
      'Requests to Oura (pages and retries included) per `UPSTREAM_BUDGET_WINDOW_MS`; past it calls answer -32003 with the wait (Oura allows 5000 per 5 minutes)',
    section: 'Security',
    comment: 'Our guard on your Oura allowance (Oura allows 5000 requests per 5 minutes): requests to Oura per window.',
  },
  {
    name: 'UPSTREAM_BUDGET_WINDOW_MS',
    schema: Joi.number().integer().min(1),
    required: false,
    default: 300_000,
    hint: 'UPSTREAM_BUDGET_WINDOW_MS must be a positive number of milliseconds (default 300000)',
    description: 'Window of the upstream budget',
    section: 'Security',
  },
  {
    name: 'UPSTREAM_CONCURRENCY',
    schema: Joi.number().integer().min(1).max(32),
    required: false,
    default: 12,
    hint: 'UPSTREAM_CONCURRENCY must be a whole number of requests to Oura in flight at once, 1 to 32 (default 12)',
    description: 'Requests to Oura in flight at once',
    section: 'Security',
  },
  {
    name: 'CACHE_MAX_ENTRIES',
    schema: Joi.number().integer().min(1),
    required: false,
    default: 20_000,
    hint: 'CACHE_MAX_ENTRIES must be a whole number of cache entries >= 1 (default 20000)',
    description: 'Most entries in the data cache (least recently used evicted)',
    section: 'Security',
    comment: 'Bounds of the in-memory data cache (least recently used evicted).',
  },
  {
    name: 'CACHE_MAX_MB',
    schema: Joi.number().integer().min(1),
    required: false,
    default: 64,
    hint: 'CACHE_MAX_MB must be a whole number of megabytes >= 1 (default 64)',
    description: 'Most data in the cache, in MB of JSON (least recently used evicted)',
    section: 'Security',
  },
  {
    name: 'REQUEST_DEADLINE_MS',
    schema: Joi.number().integer().min(1000),
    required: false,
    default: 30_000,
    hint: 'REQUEST_DEADLINE_MS must be a number of milliseconds >= 1000 (default 30000)',
    description: 'A JSON-RPC request unanswered after this long gets an error answer (on /mcp and on the SSE stream)',
    section: 'Security',
    comment: 'A JSON-RPC request unanswered after this long gets an error answer (on /mcp and on the SSE stream).',
  },
  {
    name: 'MAX_CONNECTIONS',
    schema: Joi.number().integer().min(1),
    required: false,
    default: 512,
    hint: 'MAX_CONNECTIONS must be a whole number of connections >= 1 (default 512)',
    description: 'Connections open at once',
    section: 'Security',
    comment: 'Connections open at once, overall and per public client address.',
  },
  {
    name: 'MAX_CONNECTIONS_PER_CLIENT',
    schema: Joi.number().integer().min(1),
    required: false,
    default: 32,
    hint: 'MAX_CONNECTIONS_PER_CLIENT must be a whole number of connections >= 1 (default 32)',
    description: 'Connections open at once from one public address',
    section: 'Security',
  },
  {
    name: 'PUBLIC_URL',
    schema: httpUrl.pattern(/^https?:\/\/[^/?#]+\/?$/),
    required: false,
    derivedDefault: 'origin of `OURA_REDIRECT_URI`',
    hint: 'PUBLIC_URL must be the http(s) origin clients reach this server at, without a path, e.g. https://your-domain.ngrok.dev (default: the origin of OURA_REDIRECT_URI)',
    description:
      'Origin MCP clients reach the server at; issuer and resource of the MCP authorization server (connector URL: `PUBLIC_URL`/mcp)',
    section: 'Claude, ChatGPT and other OAuth MCP clients',
    comment:
      'The origin clients reach this server at (connector URL: PUBLIC_URL/mcp). Default: origin of OURA_REDIRECT_URI.',
    example: 'https://your-domain.ngrok.dev',
  },
  {
    name: 'MCP_AUTHORIZATION',
    schema: Joi.string().trim().lowercase().valid('on', 'off'),
    required: false,
    default: 'on',
    hint: 'MCP_AUTHORIZATION must be on or off (default on)',
    description:
      '`on`: Claude, ChatGPT and mcp-remote can connect through OAuth (owner-approved); `off`: only the API key',
    section: 'Claude, ChatGPT and other OAuth MCP clients',
    comment:
      'on: connectors authorize through OAuth, approved by you (API key or your Oura sign-in); off: API key only.',
  },
  {
    name: 'MCP_ACCESS_TOKEN_TTL',
    schema: Joi.number().integer().min(300).max(86_400),
    required: false,
    default: 3600,
    hint: 'MCP_ACCESS_TOKEN_TTL must be whole seconds between 300 and 86400 (default 3600)',
    description: "Seconds an MCP client's access token lives (300–86400)",
    section: 'Claude, ChatGPT and other OAuth MCP clients',
    comment: 'Seconds an access token issued to a connector lives (300-86400).',
  },
  {
    name: 'MCP_REFRESH_TOKEN_TTL',
    schema: Joi.number().integer().min(2_592_000).max(7_776_000),
    required: false,
    default: 2_592_000,
    hint: 'MCP_REFRESH_TOKEN_TTL must be whole seconds between 2592000 (30 days) and 7776000 (90 days) (default 2592000)',
    description: "Seconds an MCP client's authorization lasts without re-approval (30–90 days)",
    section: 'Claude, ChatGPT and other OAuth MCP clients',
    comment: 'Seconds an approval lasts before the connector must be approved again (30-90 days).',
  },
];

/** The README's "Default" cell of a variable ('' when required). */
export function documentedDefault(variable: ConfigVariable): string {
  if (variable.required) return '';
  return variable.derivedDefault ?? String(variable.default ?? '');
}

/**
 * Words only a template holds: `.env.example`'s `your-domain.ngrok.dev` and `replace-with-…`, and the
 * `your-client-id` style older examples and tutorials used. A value made of them passes the format rules
 * but cannot work (Oura rejects the redirect URI, the link points nowhere).
 */
const PLACEHOLDER =
  /(^|[^a-z0-9])(your[-_](domain|client|secret|app|key|token|server|host)|replace[-_]with|changeme|change[-_]me)([^a-z0-9]|$)|^<[^>]*>$/i;

const HINT_OF = new Map(CONFIG_TABLE.map((variable) => [variable.name, variable.hint]));

/** The problem line when `value` of `name` is a template placeholder, else null. Never repeats the value. */
export function placeholderProblem(name: string, value: string): string | null {
  const hint = HINT_OF.get(name);
  if (hint === undefined || !PLACEHOLDER.test(value)) return null;
  return `${name} still holds a placeholder from .env.example: set your own value (${hint}), or run \`oura-mcp-server setup\``;
}
