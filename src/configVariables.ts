/**
 * The documented configuration contract: one row per environment variable, for the README's table
 * and the consistency tests (every variable here is validated by `src/config.ts` and listed in
 * `.env.example`). Validation itself lives in `src/config.ts`.
 */

export interface ConfigVariable {
  name: string;
  required: boolean;
  /** Human-readable default ('' when required). */
  default: string;
  description: string;
}

export const CONFIG_VARIABLES: readonly ConfigVariable[] = [
  { name: 'AUTH_TOKEN', required: true, default: '', description: 'API key clients send as `Authorization: Bearer …`; ≥ 32 characters (`openssl rand -hex 32`)' },
  { name: 'OURA_CLIENT_ID', required: true, default: '', description: 'Client ID of your Oura app' },
  { name: 'OURA_CLIENT_SECRET', required: true, default: '', description: 'Client secret of your Oura app' },
  { name: 'OURA_REDIRECT_URI', required: true, default: '', description: 'Public URL ending in `/oauth/callback`, registered byte for byte in the Oura app; its origin is the public origin of links' },
  { name: 'TOKEN_ENCRYPTION_KEY', required: true, default: '', description: '64 hex characters (32 bytes) encrypting `tokens.json` with AES-256-GCM (`openssl rand -hex 32`)' },
  { name: 'PORT', required: false, default: '3001', description: 'HTTP port' },
  { name: 'HOST', required: false, default: '127.0.0.1', description: 'Bind address' },
  { name: 'NODE_ENV', required: false, default: 'production', description: '`production` (JSON log lines) or `development` (readable lines)' },
  { name: 'LOG_LEVEL', required: false, default: 'info', description: '`error`, `warn`, `info` or `debug`' },
  { name: 'CACHE_TTL', required: false, default: '300', description: 'Seconds Oura answers stay cached in memory (0 disables)' },
  { name: 'TOKENS_FILE', required: false, default: './tokens.json', description: 'Encrypted token file (mode 0600), shared by the HTTP and stdio servers' },
  { name: 'OURA_API_BASE_URL', required: false, default: 'https://api.ouraring.com', description: 'Oura API base; data routes, token and revoke endpoints resolve against it' },
  { name: 'OURA_AUTHORIZE_URL', required: false, default: 'https://cloud.ouraring.com/oauth/authorize', description: 'Oura consent page' },
  { name: 'OURA_TOKEN_URL', required: false, default: '`OURA_API_BASE_URL`/oauth/token', description: 'Token endpoint' },
  { name: 'OURA_TOKEN_URL_FALLBACK', required: false, default: 'https://moi.ouraring.com/oauth/v2/ext/oauth-token', description: "Tried once when the token endpoint answers 400/401 (apps from Oura's newer developer portal)" },
  { name: 'OURA_SCOPES', required: false, default: 'email personal daily heartrate workout tag session spo2', description: 'Scopes asked for, space separated' },
  { name: 'OURA_TIMEZONE', required: false, default: "this machine's zone", description: 'IANA zone deciding "today" and grouping heart rate into days' },
  { name: 'ALLOWED_ORIGINS', required: false, default: 'https://poke.com', description: 'Browser origins allowed (CORS and the Origin check), comma separated' },
  { name: 'ALLOWED_HOSTS', required: false, default: 'localhost names + host of `OURA_REDIRECT_URI`', description: 'Host header values accepted (DNS-rebinding protection), comma separated' },
  { name: 'RATE_LIMIT_WINDOW_MS', required: false, default: '900000', description: 'Rate-limit window for `/message` and `/mcp`' },
  { name: 'RATE_LIMIT_MAX', required: false, default: '100', description: 'Requests per window per client' },
  { name: 'TRUST_PROXY', required: false, default: 'false', description: 'Express `trust proxy`; set `1` behind ngrok so limits see the client address' },
];
