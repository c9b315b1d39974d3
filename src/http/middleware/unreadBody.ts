/**
 * An answer sent before the request's body was read (401 without the key, 403 for a bad Host, 404, 405,
 * 413) closes the connection. Otherwise Node keeps the socket open to drain the unread body for keep-alive,
 * and a stranger trickling a 100 MB body one byte at a time held it for minutes (issue 16, attack 3).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Whether the client announced a body. */
function announcesBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return (typeof length === 'string' && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

export function closeOnUnreadBody(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (announcesBody(req)) {
      // Every way of answering (json, send, end) writes the head through writeHead.
      const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => Response;
      res.writeHead = ((...args: unknown[]) => {
        if (!req.complete && !res.headersSent) res.setHeader('Connection', 'close');
        return writeHead(...args);
      }) as Response['writeHead'];
    }
    next();
  };
}
