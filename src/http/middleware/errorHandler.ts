/**
 * The last middlewares: unknown routes → 404 JSON, and an error handler that never lets Express
 * print a stack trace or an HTML page. Body-parser failures keep their 4xx meaning.
 */
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../../logger.js';
import { ErrorCode } from '../../errors.js';
import { sendJsonRpcError } from './jsonRpcError.js';

/** 404 for anything no route answered. The path is not echoed back. */
export function notFound(): RequestHandler {
  return (_req: Request, res: Response) => {
    res.status(404).json({
      error: 'not_found',
      message: 'No such route. MCP endpoints: GET /sse (legacy SSE), POST /mcp (Streamable HTTP).',
    });
  };
}

/** The shape body-parser (and http-errors) give their errors. */
interface HttpishError {
  status?: unknown;
  statusCode?: unknown;
  type?: unknown;
  expose?: unknown;
  message?: unknown;
}

function asHttpish(error: unknown): HttpishError {
  return typeof error === 'object' && error !== null ? error : {};
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      // Too late for an answer: let Express close the connection.
      next(error);
      return;
    }
    const e = asHttpish(error);
    const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 500;
    if (e.type === 'entity.parse.failed') {
      const detail = typeof e.message === 'string' ? e.message.slice(0, 200) : 'invalid JSON';
      sendJsonRpcError(res, 400, ErrorCode.ParseError, `Parse error: ${detail}`);
      return;
    }
    if (e.type === 'entity.too.large') {
      sendJsonRpcError(res, 413, ErrorCode.InvalidRequest, 'Request body too large');
      return;
    }
    if (status >= 400 && status < 500) {
      // Other client errors from body-parser (bad charset, aborted request…): their message is safe.
      const message = e.expose === true && typeof e.message === 'string' ? e.message.slice(0, 200) : 'Bad request';
      sendJsonRpcError(res, status, ErrorCode.InvalidRequest, message);
      return;
    }
    logger.error('unhandled error in request', { method: req.method, path: req.path, error });
    sendJsonRpcError(res, 500, ErrorCode.InternalError, 'Internal error');
  };
}
