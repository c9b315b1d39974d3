/**
 * One access log line per request: method, path (never the query string, which could carry a
 * session id or an OAuth code), the status actually sent (`none` when the connection closed first,
 * `aborted` when the answer did not complete) and duration. Long-lived SSE streams log when they end.
 */
import { performance } from 'node:perf_hooks';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../../logger.js';

export function accessLog(logger: Logger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    // Skip the listener entirely when info is off (benchmarks run with LOG_LEVEL=warn).
    if (!logger.isInfoEnabled()) {
      next();
      return;
    }
    const started = performance.now();
    const path = req.originalUrl.split('?', 1)[0] ?? '/';
    res.on('close', () => {
      const ms = Math.round((performance.now() - started) * 10) / 10;
      // The status actually sent: a connection that closed before any answer left logs none, not 200.
      const status = res.headersSent ? res.statusCode : 'none';
      logger.info('http', {
        method: req.method,
        path: path.slice(0, 200),
        status,
        ms,
        ...(res.writableFinished ? {} : { aborted: true }),
      });
    });
    next();
  };
}
