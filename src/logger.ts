/**
 * Logging: winston with redaction built in.
 *
 * Redaction happens here, not at call sites: whatever object or message is logged, bearer headers,
 * token-like fields and the configured secret values never reach the output.
 */
import winston from 'winston';
import type { LogLevel } from './config.js';

export type Logger = winston.Logger;

/** Keys whose values are always replaced, at any depth, case-insensitively. */
const SECRET_KEYS = new Set([
  'authorization',
  'access_token',
  'accesstoken',
  'refresh_token',
  'refreshtoken',
  'id_token',
  'code',
  'code_verifier',
  'codeverifier',
  'client_secret',
  'clientsecret',
  'auth_token',
  'authtoken',
  'token',
  'password',
  'token_encryption_key',
  'tokenencryptionkey',
  'encryption_key',
  'grant',
  'state',
  'cookie',
  'set-cookie',
  'x-api-key',
]);

export const REDACTED = '[REDACTED]';

/** Patterns that look like secrets inside free text (URLs, header dumps, error messages). */
const TEXT_PATTERNS: Array<[RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  [
    /([?&](?:access_token|refresh_token|code|code_verifier|client_secret|state|grant|token)=)[^&\s"'#]+/gi,
    `$1${REDACTED}`,
  ],
  [
    /("?(?:access_token|refresh_token|code_verifier|client_secret|authorization)"?\s*[:=]\s*"?)[^"&\s,}]+/gi,
    `$1${REDACTED}`,
  ],
];

export interface Redactor {
  (value: unknown): unknown;
  /** Adds a literal secret (e.g. a freshly issued token) to scrub from every later log line. */
  addSecret(secret: string | undefined | null): void;
}

/** Token secrets (issued or loaded) remembered at most; configured secrets are always kept. */
const MAX_LEARNED_SECRETS = 256;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Builds a redactor that scrubs known secret values (any length, any letter case: a hex API key typed
 * in upper case is the same key), secret-named keys and secret-looking text.
 */
export function createRedactor(initialSecrets: Array<string | undefined | null> = []): Redactor {
  const configured = new Set<string>();
  const learned = new Set<string>();
  let matcher: RegExp | null = null;
  const rebuild = (): void => {
    // Longest first, so a secret containing another is replaced whole.
    const all = [...new Set([...configured, ...learned].map((secret) => secret.toLowerCase()))].sort(
      (a, b) => b.length - a.length,
    );
    matcher = all.length === 0 ? null : new RegExp(all.map(escapeRegExp).join('|'), 'gi');
  };
  for (const secret of initialSecrets) if (secret) configured.add(secret);
  rebuild();
  const addSecret = (secret: string | undefined | null): void => {
    if (!secret || configured.has(secret) || learned.has(secret)) return;
    learned.add(secret);
    if (learned.size > MAX_LEARNED_SECRETS) learned.delete(learned.values().next().value as string);
    rebuild();
  };

  const scrubText = (text: string): string => {
    let out = matcher ? text.replace(matcher, REDACTED) : text;
    for (const [pattern, replacement] of TEXT_PATTERNS) out = out.replace(pattern, replacement);
    return out;
  };

  const scrub = (value: unknown, depth: number, seen: WeakSet<object>): unknown => {
    if (typeof value === 'string') return scrubText(value);
    if (value === null || typeof value !== 'object') return value;
    if (Buffer.isBuffer(value)) return REDACTED;
    if (seen.has(value)) return '[Circular]';
    if (depth > 8) return '[Truncated]';
    seen.add(value);
    if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1, seen));
    const out: Record<string, unknown> = {};
    if (value instanceof Error) {
      out.name = value.name;
      out.message = scrubText(value.message);
      if (value.stack) out.stack = scrubText(value.stack);
    }
    for (const [key, item] of Object.entries(value)) {
      // Only string values are secrets: `code: -32000` (an error code) stays readable.
      out[key] =
        SECRET_KEYS.has(key.toLowerCase()) && typeof item === 'string' ? REDACTED : scrub(item, depth + 1, seen);
    }
    return out;
  };

  const redact = ((value: unknown) => scrub(value, 0, new WeakSet())) as Redactor;
  redact.addSecret = addSecret;
  return redact;
}

/** Long unbroken runs of token characters: what an access token, API key or grant looks like. */
const TOKEN_SHAPED = /^[A-Za-z0-9._~+/=-]{20,}$/;

/**
 * Replaces every token-shaped string inside `value` (tool arguments, for debug lines): a model may
 * paste a secret into an argument, and its value is not known to the redactor.
 */
export function withoutTokenShapedValues(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return TOKEN_SHAPED.test(value) ? REDACTED : value;
  if (value === null || typeof value !== 'object' || depth > 4) return value;
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => withoutTokenShapedValues(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value).slice(0, 50)) out[key] = withoutTokenShapedValues(item, depth + 1);
  return out;
}

/** Winston format that applies the redactor to the message and every metadata field. */
function redactionFormat(redact: Redactor): winston.Logform.Format {
  return winston.format((info) => {
    const symbols = Object.getOwnPropertySymbols(info);
    const cleaned = redact({ ...info }) as Record<string, unknown>;
    for (const key of Object.keys(info)) {
      if (key !== 'level') (info as Record<string, unknown>)[key] = cleaned[key];
    }
    // winston keeps its own bookkeeping under symbols; scrub the formatted message too.
    for (const symbol of symbols) {
      const raw = (info as unknown as Record<symbol, unknown>)[symbol];
      if (typeof raw === 'string' && symbol.toString() !== 'Symbol(level)') {
        (info as unknown as Record<symbol, unknown>)[symbol] = redact(raw);
      }
    }
    return info;
  })();
}

export interface LoggerOptions {
  level: LogLevel;
  /** JSON lines in production; readable single lines otherwise. */
  format: 'json' | 'pretty';
  /** Literal secret values to scrub (AUTH_TOKEN, client secret, encryption key hex). */
  secrets?: Array<string | undefined | null>;
  /** Write everything to stderr (stdio mode: stdout carries the MCP protocol). */
  stderrOnly?: boolean;
  /** Custom sink for tests; defaults to the console. */
  stream?: NodeJS.WritableStream;
}

export interface RedactingLogger extends Logger {
  redactor: Redactor;
}

const timestampFormat = winston.format.timestamp({ format: 'YYYY-MM-DD HH:mm:ss' });

/** `[2025-10-26 10:30:45] INFO: message {meta}` as in the spec's example. */
const prettyLine = winston.format.printf((info) => {
  const { level, message, timestamp, ...meta } = info as Record<string, unknown>;
  const rest = Object.keys(meta).length > 0 ? ` ${JSON.stringify(meta)}` : '';
  return `[${String(timestamp)}] ${String(level).toUpperCase()}: ${String(message)}${rest}`;
});

export function createLogger(options: LoggerOptions): RedactingLogger {
  const redactor = createRedactor(options.secrets ?? []);
  const formats = [
    redactionFormat(redactor),
    timestampFormat,
    options.format === 'json' ? winston.format.json() : prettyLine,
  ];
  const transport = options.stream
    ? new winston.transports.Stream({ stream: options.stream })
    : new winston.transports.Console({
        stderrLevels: options.stderrOnly ? [...(['error', 'warn', 'info', 'debug'] as const)] : ['error', 'warn'],
      });
  const logger = winston.createLogger({
    level: options.level,
    levels: { error: 0, warn: 1, info: 2, debug: 3 },
    format: winston.format.combine(...formats),
    transports: [transport],
  }) as RedactingLogger;
  logger.redactor = redactor;
  return logger;
}

/** A logger that drops everything; for tests and library use without output. */
export function createSilentLogger(): RedactingLogger {
  const logger = winston.createLogger({
    silent: true,
    transports: [new winston.transports.Console({ silent: true })],
  }) as RedactingLogger;
  logger.redactor = createRedactor();
  return logger;
}
