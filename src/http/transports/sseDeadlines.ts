/**
 * The server deadline on the legacy SSE transport. Over `/mcp` a slow request is answered with a JSON-RPC
 * error when the deadline passes (`StatelessJsonTransport.expire`); over SSE the POST is answered 202 at once
 * and the answer travels on the stream, so a tool that never finished never answered at all (issue 16).
 *
 * Each request delivered to the session is watched; when its deadline passes without an answer, the MCP
 * server is handed a `notifications/cancelled` for it (the SDK aborts the handler and drops its late result)
 * and the stream carries a JSON-RPC error for the request instead.
 */
import type { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import {
  isJSONRPCErrorResponse,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  type JSONRPCMessage,
  type RequestId,
} from '@modelcontextprotocol/sdk/types.js';
import { ErrorCode } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { deadlinePassedMessage } from './streamableHttp.js';

export class SseDeadlines {
  private readonly timers = new Map<RequestId, NodeJS.Timeout>();
  private readonly send: SSEServerTransport['send'];

  /** Wraps `transport.send` so answers are seen; call before the server connects to the transport. */
  constructor(
    private readonly transport: SSEServerTransport,
    private readonly deadlineMs: number,
    private readonly logger: Logger,
  ) {
    this.send = transport.send.bind(transport);
    transport.send = (message: JSONRPCMessage) => {
      if ((isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message)) && message.id !== undefined)
        this.settle(message.id);
      return this.send(message);
    };
  }

  /** Starts the clock for `message` when it is a request. */
  watch(message: JSONRPCMessage): void {
    if (!isJSONRPCRequest(message)) return;
    const { id } = message;
    this.settle(id);
    const timer = setTimeout(() => this.expire(id), this.deadlineMs);
    timer.unref();
    this.timers.set(id, timer);
  }

  /** Stops every clock (the stream closed). */
  clear(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private settle(id: RequestId): void {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
  }

  private expire(id: RequestId): void {
    this.timers.delete(id);
    this.logger.warn('A JSON-RPC request on an SSE stream passed the server deadline; answering with an error', {
      deadline_ms: this.deadlineMs,
    });
    this.transport.onmessage?.({
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId: id, reason: 'server deadline' },
    });
    this.send({
      jsonrpc: '2.0',
      id,
      error: { code: ErrorCode.InternalError, message: deadlinePassedMessage(this.deadlineMs) },
    }).catch(() => undefined);
  }
}
