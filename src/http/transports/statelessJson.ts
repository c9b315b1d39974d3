/**
 * A stateless Streamable HTTP transport that answers with plain JSON, written for `/mcp`.
 *
 * Why not the SDK's `StreamableHTTPServerTransport`: in Node it wraps a Web-standard transport and
 * converts every request and response between Node streams and `Request`/`Response` objects (via
 * @hono/node-server); profiling /mcp showed that conversion as the largest single cost per call.
 * Without sessions, resumability or server-initiated streams, a POST needs none of it: validate the
 * headers and messages as the SDK does, hand the messages to the server, and write its responses
 * as one JSON body. The checks and status codes mirror the SDK's (406, 415, 400 -32700/-32600,
 * 400 for an unsupported `Mcp-Protocol-Version`, 202 for notifications only).
 *
 * Every exchange ends: a request cancelled in the same batch (`notifications/cancelled`) gets no
 * response, as the spec asks, and is dropped from the answer instead of being waited for; whatever is
 * still unanswered at the caller's deadline gets a JSON-RPC error ({@link StatelessJsonTransport.expire}).
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  isInitializeRequest,
  isJSONRPCErrorResponse,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  JSONRPCMessageSchema,
  type JSONRPCMessage,
  type MessageExtraInfo,
  type RequestId,
} from '@modelcontextprotocol/sdk/types.js';
import type { IncomingHttpHeaders } from 'node:http';
import { SERVED_PROTOCOL_VERSIONS } from '../../mcp/protocolEra.js';
import { checkModernHeaders } from './modernHeaders.js';

/**
 * Most messages in one batch. The SDK allows 100; each request costs a rate-limit hit and may cost Oura
 * requests, and a real client batches a handful at most.
 */
export const MAX_BATCH_SIZE = 10;

/** What to answer over HTTP: a status and an optional JSON body. */
export interface HttpAnswer {
  status: number;
  body?: unknown;
}

function jsonRpcError(status: number, code: number, message: string): HttpAnswer {
  return { status, body: { jsonrpc: '2.0', error: { code, message }, id: null } };
}

function mediaType(header: string | undefined): string {
  return (header?.split(';', 1)[0] ?? '').trim().toLowerCase();
}

/** Ids named by the `notifications/cancelled` messages of a batch. */
function cancelledIds(messages: readonly JSONRPCMessage[]): Set<RequestId> {
  const ids = new Set<RequestId>();
  for (const message of messages) {
    if (!('method' in message) || message.method !== 'notifications/cancelled' || 'id' in message) continue;
    const requestId: unknown = (message.params as { requestId?: unknown } | undefined)?.requestId;
    if (typeof requestId === 'string' || typeof requestId === 'number') ids.add(requestId);
  }
  return ids;
}

/**
 * One request's transport: `handle()` delivers the POSTed messages to the connected server and
 * resolves with the HTTP answer once every request among them has its response. Never reuse it.
 */
export class StatelessJsonTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  readonly sessionId = undefined;

  private readonly waiting = new Set<RequestId>();
  private readonly responses = new Map<RequestId, JSONRPCMessage>();
  private order: RequestId[] = [];
  private batch = false;
  private settle: ((answer: HttpAnswer) => void) | undefined;
  private used = false;
  private closed = false;

  async start(): Promise<void> {}

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    // Closed before every answer arrived (the client went away): nobody reads this any more.
    this.settle?.(jsonRpcError(503, -32000, 'Connection closed'));
    this.settle = undefined;
    this.onclose?.();
    return Promise.resolve();
  }

  send(message: JSONRPCMessage): Promise<void> {
    this.collect(message);
    return Promise.resolve();
  }

  /** Collects responses to the POSTed requests; anything else (notifications, server requests) has no channel here. */
  private collect(message: JSONRPCMessage): void {
    if (!isJSONRPCResultResponse(message) && !isJSONRPCErrorResponse(message)) return;
    const id = message.id;
    if (id === undefined || !this.waiting.delete(id)) return;
    this.responses.set(id, message);
    this.settleIfDone();
  }

  /**
   * Answers every request still waiting with a JSON-RPC error (the deadline passed) and settles the
   * HTTP answer. Responses that arrive later are dropped.
   */
  expire(code: number, message: string): void {
    for (const id of this.waiting) this.responses.set(id, { jsonrpc: '2.0', id, error: { code, message } });
    this.waiting.clear();
    this.settleIfDone();
  }

  private settleIfDone(): void {
    if (this.waiting.size > 0 || !this.settle) return;
    const answers = this.order.map((id) => this.responses.get(id)).filter((answer) => answer !== undefined);
    // Every request was cancelled: nothing to answer, as for notifications only.
    this.settle(answers.length === 0 ? { status: 202 } : { status: 200, body: this.batch ? answers : answers[0] });
    this.settle = undefined;
  }

  /**
   * Validates one POST (`Accept`, `Content-Type`, JSON-RPC shape, protocol version) and runs it.
   * `body` is the parsed JSON body.
   */
  async handle(headers: IncomingHttpHeaders, body: unknown): Promise<HttpAnswer> {
    if (this.used) throw new Error('StatelessJsonTransport handles exactly one request');
    this.used = true;

    const accept = headers.accept ?? '';
    // Same rule as the SDK: Streamable HTTP clients must accept both, even though we answer JSON.
    if (!accept.includes('application/json') || !accept.includes('text/event-stream')) {
      return jsonRpcError(
        406,
        -32000,
        'Not Acceptable: Client must accept both application/json and text/event-stream',
      );
    }
    const contentType = mediaType(headers['content-type']);
    if (contentType !== 'application/json') {
      return jsonRpcError(415, -32000, 'Unsupported Media Type: Content-Type must be application/json');
    }
    if (Array.isArray(body) && body.length > MAX_BATCH_SIZE) {
      return jsonRpcError(400, -32600, `Invalid Request: Batch must not exceed ${MAX_BATCH_SIZE} messages`);
    }
    const raw: unknown[] = Array.isArray(body) ? body : [body];
    const messages: JSONRPCMessage[] = [];
    for (const item of raw) {
      const parsed = JSONRPCMessageSchema.safeParse(item);
      if (!parsed.success) return jsonRpcError(400, -32700, 'Parse error: Invalid JSON-RPC message');
      messages.push(parsed.data);
    }
    if (messages.length === 0) return jsonRpcError(400, -32600, 'Invalid Request: empty batch');

    const modernRejection = checkModernHeaders(headers, messages, Array.isArray(body));
    if (modernRejection) return modernRejection;

    const initializing = messages.some(isInitializeRequest);
    if (initializing && messages.length > 1) {
      return jsonRpcError(400, -32600, 'Invalid Request: Only one initialization request is allowed');
    }
    const version = headers['mcp-protocol-version'];
    if (!initializing && typeof version === 'string' && !SERVED_PROTOCOL_VERSIONS.includes(version)) {
      return jsonRpcError(
        400,
        -32000,
        `Bad Request: Unsupported protocol version: ${version.slice(0, 40)} (supported versions: ${SERVED_PROTOCOL_VERSIONS.join(', ')})`,
      );
    }

    const extra: MessageExtraInfo = { requestInfo: { headers } };
    const requests = messages.filter(isJSONRPCRequest);
    if (requests.length === 0) {
      for (const message of messages) this.onmessage?.(message, extra);
      return { status: 202 };
    }
    if (new Set(requests.map((request) => request.id)).size !== requests.length) {
      return jsonRpcError(400, -32600, 'Invalid Request: duplicate request ids in one batch');
    }
    this.batch = Array.isArray(body);
    // The server answers nothing to a request cancelled in the same batch: do not wait for it.
    const cancelled = cancelledIds(messages);
    this.order = requests.map((request) => request.id).filter((id) => !cancelled.has(id));
    for (const id of this.order) this.waiting.add(id);
    const answer = new Promise<HttpAnswer>((resolve) => {
      this.settle = resolve;
    });
    for (const message of messages) this.onmessage?.(message, extra);
    this.settleIfDone();
    return answer;
  }
}
