/**
 * Streamable HTTP at `/mcp`, stateless: every POST gets a fresh transport and server, so a server
 * restart never strands a client (Poke keeps no session to lose). Responses are plain JSON rather
 * than an SSE-framed stream: every client accepts both, and JSON is much cheaper to produce.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Request, RequestHandler, Response } from 'express';
import { ErrorCode } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { sendJsonRpcError } from '../../middleware/jsonRpcError.js';

export interface StreamableHttpOptions {
  createServer: () => Server;
  logger: Logger;
}

/** `POST /mcp`. Authentication, rate limiting and JSON parsing happen before this handler. */
export function handleStreamableHttp(options: StreamableHttpOptions): RequestHandler {
  return async (req: Request, res: Response) => {
    const server = options.createServer();
    // A stateless transport must never be reused: one per request.
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      // Closing the server closes its transport too.
      server.close().catch(() => undefined);
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(req, res, req.body);
    } catch (error) {
      options.logger.error('Streamable HTTP request failed', { error });
      sendJsonRpcError(res, 500, ErrorCode.InternalError, 'Internal error');
    }
  };
}

/** `GET`/`DELETE /mcp`: a stateless server offers no standalone stream and no session to delete. */
export function mcpMethodNotAllowed(): RequestHandler {
  return (_req: Request, res: Response) => {
    res.set('Allow', 'POST');
    sendJsonRpcError(res, 405, -32000, 'Method not allowed: this server is stateless; send JSON-RPC messages with POST /mcp.');
  };
}
