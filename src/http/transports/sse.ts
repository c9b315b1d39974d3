/**
 * The legacy HTTP+SSE transport (protocol 2024-11-05), which Poke falls back to: `GET /sse` opens a
 * stream announcing `/message?sessionId=…`, and each `POST /message` delivers one JSON-RPC message
 * whose answer travels on the stream. One MCP server per stream.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Request, RequestHandler, Response } from 'express';
import { ErrorCode } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { sendJsonRpcError } from '../middleware/jsonRpcError.js';
import { SseDeadlines } from './sseDeadlines.js';
import { DEFAULT_REQUEST_DEADLINE_MS } from './streamableHttp.js';

/** Proxies and tunnels drop streams that stay silent; the SDK's SSE transport sends no keep-alive. */
export const SSE_KEEP_ALIVE_MS = 15_000;

/** Open streams per process; one owner's assistants need a handful, a runaway client gets 429. */
export const MAX_SSE_SESSIONS = 100;

interface SseSession {
  transport: SSEServerTransport;
  server: Server;
  keepAlive: NodeJS.Timeout | undefined;
  /** Answers requests still running at the server deadline with an error. */
  deadlines: SseDeadlines;
}

/** The open SSE sessions, by session id. Shared by the routes and by graceful shutdown. */
export class SseSessions {
  private readonly sessions = new Map<string, SseSession>();

  get size(): number {
    return this.sessions.size;
  }

  /** @internal */
  add(session: SseSession): void {
    this.sessions.set(session.transport.sessionId, session);
  }

  /** @internal */
  get(sessionId: string): SseSession | undefined {
    return this.sessions.get(sessionId);
  }

  /** @internal Forgets a session (its stream closed). */
  remove(sessionId: string): void {
    const session = this.sessions.get(sessionId);
    if (!session) return;
    clearInterval(session.keepAlive);
    session.deadlines.clear();
    this.sessions.delete(sessionId);
  }

  /** Ends every stream (clients see the stream close and may reconnect elsewhere). */
  async closeAll(): Promise<void> {
    const open = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.allSettled(
      open.map(async (session) => {
        clearInterval(session.keepAlive);
        session.deadlines.clear();
        await session.server.close();
      }),
    );
  }
}

export interface SseRouteOptions {
  sessions: SseSessions;
  createServer: () => Server;
  logger: Logger;
  /** Path announced in the `endpoint` event (relative; prefix it when served under a path). */
  messagePath?: string;
  keepAliveMs?: number;
  /** Default {@link MAX_SSE_SESSIONS}. */
  maxSessions?: number;
  /** Requests still unanswered after this long get a JSON-RPC error on the stream (default 30 s). */
  deadlineMs?: number;
}

function isJsonContentType(req: Request): boolean {
  const header = req.headers['content-type'];
  if (typeof header !== 'string') return false;
  const type = (header.split(';', 1)[0] ?? '').trim().toLowerCase();
  return type === 'application/json' || type.endsWith('+json');
}

/** `GET /sse`: opens a session. Authentication happens before this handler. */
export function openSseStream(options: SseRouteOptions): RequestHandler {
  const messagePath = options.messagePath ?? '/message';
  const keepAliveMs = options.keepAliveMs ?? SSE_KEEP_ALIVE_MS;
  const maxSessions = options.maxSessions ?? MAX_SSE_SESSIONS;
  return async (_req: Request, res: Response) => {
    if (options.sessions.size >= maxSessions) {
      sendJsonRpcError(
        res,
        429,
        ErrorCode.TooManyRequests,
        'Too many open SSE streams: close some, or use Streamable HTTP at POST /mcp.',
      );
      return;
    }
    const transport = new SSEServerTransport(messagePath, res);
    const server = options.createServer();
    const deadlines = new SseDeadlines(transport, options.deadlineMs ?? DEFAULT_REQUEST_DEADLINE_MS, options.logger);
    const session: SseSession = { transport, server, keepAlive: undefined, deadlines };
    const sessionId = transport.sessionId;
    // Nginx-style proxies buffer responses unless told not to.
    res.setHeader('X-Accel-Buffering', 'no');
    res.on('close', () => options.sessions.remove(sessionId));
    options.sessions.add(session);
    try {
      await server.connect(transport);
    } catch (error) {
      options.sessions.remove(sessionId);
      options.logger.error('could not open SSE session', { error });
      if (res.headersSent) res.end();
      else sendJsonRpcError(res, 500, ErrorCode.InternalError, 'Internal error');
      return;
    }
    if (res.writableEnded) return;
    session.keepAlive = setInterval(() => {
      if (!res.writableEnded) res.write(': keepalive\n\n');
    }, keepAliveMs);
    // Open streams must not keep a shutting-down process alive.
    session.keepAlive.unref();
  };
}

/** `POST /message?sessionId=…`: delivers one message to its session (202); 400/404/415 otherwise. */
export function postSseMessage(options: Pick<SseRouteOptions, 'sessions' | 'logger'>): RequestHandler {
  return async (req: Request, res: Response) => {
    const sessionId = req.query.sessionId;
    if (typeof sessionId !== 'string' || sessionId === '') {
      sendJsonRpcError(
        res,
        400,
        ErrorCode.InvalidRequest,
        'Missing sessionId query parameter: POST to the endpoint announced on the SSE stream (GET /sse).',
      );
      return;
    }
    const session = options.sessions.get(sessionId);
    if (!session) {
      sendJsonRpcError(
        res,
        404,
        ErrorCode.InvalidRequest,
        'Unknown or expired session: open a new SSE stream with GET /sse.',
      );
      return;
    }
    if (!isJsonContentType(req)) {
      sendJsonRpcError(
        res,
        415,
        ErrorCode.InvalidRequest,
        'Unsupported Media Type: Content-Type must be application/json',
      );
      return;
    }
    // The SDK answers an invalid message with its raw text in a 400; validate here to answer JSON.
    const parsed = JSONRPCMessageSchema.safeParse(req.body);
    if (!parsed.success) {
      sendJsonRpcError(res, 400, ErrorCode.InvalidRequest, 'Invalid Request: the body is not a JSON-RPC 2.0 message');
      return;
    }
    session.deadlines.watch(parsed.data);
    try {
      // The body is parsed already: it must be handed over, or the SDK tries to read the stream again.
      await session.transport.handlePostMessage(req, res, req.body);
    } catch (error) {
      options.logger.warn('SSE message delivery failed', { error });
      sendJsonRpcError(res, 404, ErrorCode.InvalidRequest, 'Session closed: open a new SSE stream with GET /sse.');
    }
  };
}
