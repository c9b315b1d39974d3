/**
 * MCP 2026-07-28 beside the 2025 revisions. A 2026 request carries its protocol version and the
 * client's capabilities in `params._meta` (the envelope) instead of an `initialize` handshake; its
 * result carries `resultType`, cacheable results carry `ttlMs` and `cacheScope`, and every result
 * names the server in `_meta`. This module holds those rules, free of any transport: the HTTP entry
 * adds the header checks, {@link ModernEraTransport} applies the rest to any transport.
 *
 * Written on SDK v1 rather than adopting SDK v2 (see ARCHITECTURE.md, "Protocol revisions").
 */
import {
  SUPPORTED_PROTOCOL_VERSIONS,
  type JSONRPCMessage,
  type JSONRPCRequest,
} from '@modelcontextprotocol/sdk/types.js';
import { ErrorCode } from '../errors.js';

export const MODERN_PROTOCOL_VERSION = '2026-07-28';
/** Every revision served, newest first (`server/discover`'s `supportedVersions`). */
export const SERVED_PROTOCOL_VERSIONS: readonly string[] = [MODERN_PROTOCOL_VERSION, ...SUPPORTED_PROTOCOL_VERSIONS];

export const PROTOCOL_VERSION_META_KEY = 'io.modelcontextprotocol/protocolVersion';
export const CLIENT_CAPABILITIES_META_KEY = 'io.modelcontextprotocol/clientCapabilities';
const SERVER_INFO_META_KEY = 'io.modelcontextprotocol/serverInfo';

/** The 2026 codes: a header disagreeing with the body (SEP-2243), and a revision not served. */
export const HEADER_MISMATCH = -32020;
export const UNSUPPORTED_PROTOCOL_VERSION = -32022;

/** Methods the 2026 revision removed: a 2026 request for them is -32601. */
const REMOVED_IN_2026 = new Set(['initialize', 'ping', 'logging/setLevel']);

/**
 * Results a 2026 client may cache, and for how long. The lists change only with a new server
 * version; a resource's data changes with the owner's day, so it is not cached (the server's own
 * data cache keeps a re-read cheap). `private`: every answer is the owner's, behind authentication.
 */
const CACHE_TTL_MS: ReadonlyMap<string, number> = new Map([
  ['server/discover', 3_600_000],
  ['tools/list', 3_600_000],
  ['prompts/list', 3_600_000],
  ['resources/list', 3_600_000],
  ['resources/templates/list', 3_600_000],
  ['resources/read', 0],
]);

/** The params field a 2026 `Mcp-Name` header mirrors, by method. */
export const MCP_NAME_SOURCE: Readonly<Record<string, 'name' | 'uri'>> = {
  'tools/call': 'name',
  'prompts/get': 'name',
  'resources/read': 'uri',
};

/** A JSON-RPC error to answer instead of running a request. */
export interface EraRejection {
  code: number;
  message: string;
  data?: Record<string, unknown>;
}

function metaOf(message: JSONRPCMessage): Record<string, unknown> | undefined {
  if (!('method' in message)) return undefined;
  const params: unknown = message.params;
  if (params === null || typeof params !== 'object') return undefined;
  const meta: unknown = (params as { _meta?: unknown })._meta;
  return meta !== null && typeof meta === 'object' && !Array.isArray(meta)
    ? (meta as Record<string, unknown>)
    : undefined;
}

/** The protocol version a message claims in its envelope; undefined for a 2025-era message. */
export function claimedVersion(message: JSONRPCMessage): unknown {
  return metaOf(message)?.[PROTOCOL_VERSION_META_KEY];
}

/** True when the message carries a 2026 envelope claim (of any value: a bad one is answered, not ignored). */
export function isModernMessage(message: JSONRPCMessage): boolean {
  return claimedVersion(message) !== undefined;
}

/**
 * Checks a 2026 request's envelope and method: a revision this server serves, the client's
 * capabilities as an object, a method the revision still has. Undefined when it may run.
 */
export function checkModernRequest(request: JSONRPCRequest): EraRejection | undefined {
  const meta = metaOf(request) ?? {};
  const version = meta[PROTOCOL_VERSION_META_KEY];
  if (typeof version !== 'string') {
    return {
      code: ErrorCode.InvalidParams,
      message: `Invalid _meta: ${PROTOCOL_VERSION_META_KEY} must be a string such as "${MODERN_PROTOCOL_VERSION}".`,
    };
  }
  if (version !== MODERN_PROTOCOL_VERSION) {
    return {
      code: UNSUPPORTED_PROTOCOL_VERSION,
      message: `Unsupported protocol version ${JSON.stringify(version.slice(0, 40))}: send ${MODERN_PROTOCOL_VERSION}, or initialize with one of ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')}.`,
      data: { supported: [...SERVED_PROTOCOL_VERSIONS], requested: version.slice(0, 40) },
    };
  }
  const capabilities = meta[CLIENT_CAPABILITIES_META_KEY];
  if (capabilities === null || typeof capabilities !== 'object' || Array.isArray(capabilities)) {
    return {
      code: ErrorCode.InvalidParams,
      message: `Invalid _meta: ${CLIENT_CAPABILITIES_META_KEY} is required on every ${MODERN_PROTOCOL_VERSION} request (send {} for none).`,
    };
  }
  if (REMOVED_IN_2026.has(request.method)) {
    return {
      code: ErrorCode.MethodNotFound,
      message: `Method not found: ${request.method} does not exist in ${MODERN_PROTOCOL_VERSION}${request.method === 'initialize' ? ' (call server/discover, or send requests directly)' : ''}.`,
    };
  }
  return undefined;
}

/**
 * A result as a 2026 client expects it: `resultType: 'complete'`, the cache fields where the method's
 * result is cacheable, and the server's identity in `_meta`.
 */
export function completeModernResult(
  method: string,
  result: Record<string, unknown>,
  serverInfo: { name: string; version: string },
): Record<string, unknown> {
  const meta =
    result._meta !== null && typeof result._meta === 'object' ? (result._meta as Record<string, unknown>) : {};
  const ttlMs = CACHE_TTL_MS.get(method);
  return {
    ...result,
    resultType: 'complete',
    ...(ttlMs === undefined ? {} : { ttlMs, cacheScope: 'private' }),
    _meta: { ...meta, [SERVER_INFO_META_KEY]: serverInfo },
  };
}
