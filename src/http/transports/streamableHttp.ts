/**
 * Streamable HTTP at `/mcp`, stateless: every POST gets a fresh transport and server, so a server
 * restart never strands a client (Poke keeps no session to lose). Responses are plain JSON rather
 * than an SSE-framed stream: every client accepts both, and JSON is much cheaper to produce (see
 * `statelessJson.ts` for why the SDK's Node transport is not used here).
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Request, RequestHandler, Response } from 'express';
import { ErrorCode } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { ModernEraTransport } from '../../mcp/modernEraTransport.js';
import { SERVER_IDENTITY } from '../../mcp/server.js';
import { sendJsonRpcError } from '../middleware/jsonRpcError.js';
import { StatelessJsonTransport } from './statelessJson.js';

export interface StreamableHttpOptions {
  createServer: () => Server;
  logger: Logger;
  /** Requests still unanswered after this long get a JSON-RPC error and their handlers are aborted (default 30 s). */
  deadlineMs?: number;
}

export const DEFAULT_REQUEST_DEADLINE_MS = 30_000;

/** What a request still unanswered at the deadline is told (over `/mcp` and over SSE). */
export function deadlinePassedMessage(deadlineMs: number): string {
  return `The server did not finish this request within ${Math.round(deadlineMs / 1000)} s and stopped it: try again, or ask for a shorter range.`;
}

/** `POST /mcp`. Authentication, rate limiting and JSON parsing happen before this handler. */
export function handleStreamableHttp(options: StreamableHttpOptions): RequestHandler {
  return async (req: Request, res: Response) => {
    const server = options.createServer();
    const transport = new StatelessJsonTransport();
    res.on('close', () => {
      // A finished exchange leaves nothing to release; a client that left early aborts the handlers.
      if (!res.writableFinished) server.close().catch(() => undefined);
    });
    const deadlineMs = options.deadlineMs ?? DEFAULT_REQUEST_DEADLINE_MS;
    const deadline = setTimeout(() => {
      options.logger.warn('A JSON-RPC request passed the server deadline; answering with an error', {
        deadline_ms: deadlineMs,
      });
      transport.expire(ErrorCode.InternalError, deadlinePassedMessage(deadlineMs));
      // Stops the handlers still running (their answers would be dropped anyway).
      server.close().catch(() => undefined);
    }, deadlineMs);
    deadline.unref();
    try {
      // 2026-07-28 requests are checked and their results completed on the way; 2025 ones pass through.
      await server.connect(new ModernEraTransport(transport, SERVER_IDENTITY));
      const answer = await transport.handle(req.headers, req.body);
      if (res.headersSent || res.destroyed) return;
      if (answer.body === undefined) res.status(answer.status).end();
      else res.status(answer.status).json(answer.body);
    } catch (error) {
      options.logger.error('Streamable HTTP request failed', { error });
      sendJsonRpcError(res, 500, ErrorCode.InternalError, 'Internal error');
    } finally {
      clearTimeout(deadline);
    }
  };
}

/** `GET`/`DELETE /mcp`: a stateless server offers no standalone stream and no session to delete. */
export function mcpMethodNotAllowed(): RequestHandler {
  return (_req: Request, res: Response) => {
    res.set('Allow', 'POST');
    sendJsonRpcError(
      res,
      405,
      -32000,
      'Method not allowed: this server is stateless; send JSON-RPC messages with POST /mcp.',
    );
  };
}
