/**
 * The HTTP half of MCP 2026-07-28 on `/mcp`: a 2026 POST names its revision, method and target in
 * headers (`MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name`, SEP-2243) so that gateways can route
 * without reading the body; the server checks they agree with the body and answers HTTP 400 with
 * the spec's code otherwise (-32020 for a header that disagrees or is missing, -32602 / -32022 for a
 * bad envelope). 2025-era requests are not touched here.
 */
import { isJSONRPCRequest, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { IncomingHttpHeaders } from 'node:http';
import { ErrorCode } from '../../errors.js';
import {
  HEADER_MISMATCH,
  MCP_NAME_SOURCE,
  MODERN_PROTOCOL_VERSION,
  PROTOCOL_VERSION_META_KEY,
  checkModernRequest,
  claimedVersion,
  isModernMessage,
  type EraRejection,
} from '../../mcp/protocolEra.js';

/** What to answer instead of running the POST. */
export interface HeaderRejection {
  status: 400;
  body: { jsonrpc: '2.0'; id: string | number | null; error: EraRejection };
}

const BASE64_PREFIX = '=?base64?';
const BASE64_SUFFIX = '?=';

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A header value as sent, or its UTF-8 text when the client base64-wrapped it (`=?base64?…?=`). */
function decoded(value: string): string {
  if (!value.startsWith(BASE64_PREFIX) || !value.endsWith(BASE64_SUFFIX)) return value;
  return Buffer.from(value.slice(BASE64_PREFIX.length, -BASE64_SUFFIX.length), 'base64').toString('utf8');
}

function reject(message: JSONRPCMessage, code: number, text: string, data?: Record<string, unknown>): HeaderRejection {
  const id = 'id' in message && message.id !== undefined ? message.id : null;
  return {
    status: 400,
    body: { jsonrpc: '2.0', id, error: { code, message: text, ...(data ? { data } : {}) } },
  };
}

function mismatch(message: JSONRPCMessage, text: string): HeaderRejection {
  return reject(message, HEADER_MISMATCH, `Header mismatch: ${text}`);
}

/** The standard headers of one 2026 request: present and equal to the body. */
function checkStandardHeaders(
  headers: IncomingHttpHeaders,
  request: JSONRPCMessage & { method: string; params?: unknown },
): HeaderRejection | undefined {
  if (header(headers, 'mcp-protocol-version') === undefined) {
    return mismatch(
      request,
      `send MCP-Protocol-Version: ${MODERN_PROTOCOL_VERSION} with every ${MODERN_PROTOCOL_VERSION} request.`,
    );
  }
  if (header(headers, 'mcp-method') === undefined) {
    return mismatch(request, `send Mcp-Method: ${request.method} (the body's method).`);
  }
  const field = MCP_NAME_SOURCE[request.method];
  if (field === undefined) return undefined;
  const params = (request.params ?? {}) as Record<string, unknown>;
  const expected = typeof params[field] === 'string' ? params[field] : undefined;
  const name = header(headers, 'mcp-name');
  if (name === undefined || expected === undefined || decoded(name) !== expected) {
    return mismatch(
      request,
      `Mcp-Name must equal params.${field} of ${request.method}${expected === undefined ? '' : ` ("${expected.slice(0, 100)}")`}${name === undefined ? '; it is missing' : ''}.`,
    );
  }
  return undefined;
}

/**
 * Checks a POST's 2026 headers against its messages. Undefined when the POST may run: a 2025-era
 * POST, or a 2026 one whose headers and envelope agree with its body.
 */
export function checkModernHeaders(
  headers: IncomingHttpHeaders,
  messages: readonly JSONRPCMessage[],
  batch: boolean,
): HeaderRejection | undefined {
  const headerVersion = header(headers, 'mcp-protocol-version');
  const modern = messages.filter(isModernMessage);
  const first = messages[0]!;
  if (modern.length === 0) {
    if (headerVersion === MODERN_PROTOCOL_VERSION && messages.some(isJSONRPCRequest)) {
      return reject(
        first,
        ErrorCode.InvalidParams,
        `MCP-Protocol-Version says ${MODERN_PROTOCOL_VERSION} but the body has no envelope: add params._meta["${PROTOCOL_VERSION_META_KEY}"] and the client capabilities, or send a 2025 version header.`,
      );
    }
    return undefined;
  }
  if (batch) {
    return reject(
      modern[0]!,
      ErrorCode.InvalidRequest,
      `Invalid Request: ${MODERN_PROTOCOL_VERSION} has no batches: POST one message at a time.`,
    );
  }
  const message = modern[0]!;
  const claim = claimedVersion(message);
  if (headerVersion !== undefined && headerVersion !== claim) {
    return mismatch(
      message,
      `MCP-Protocol-Version ${headerVersion.slice(0, 40)} disagrees with the body's _meta protocol version.`,
    );
  }
  const method = 'method' in message ? message.method : '';
  const methodHeader = header(headers, 'mcp-method');
  if (methodHeader !== undefined && methodHeader !== method) {
    return mismatch(message, `Mcp-Method ${methodHeader.slice(0, 60)} disagrees with the body's method ${method}.`);
  }
  if (!isJSONRPCRequest(message)) return undefined;
  const rejection = checkModernRequest(message);
  // A method the revision removed is answered in-band (200), like any unknown method.
  if (rejection && rejection.code !== ErrorCode.MethodNotFound) {
    return reject(message, rejection.code, rejection.message, rejection.data);
  }
  return checkStandardHeaders(headers, message);
}
