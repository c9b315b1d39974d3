/**
 * Body parsers of the authorization server whose failures (malformed, too large) are answered by the
 * endpoint itself, in its own shape: the RFC's JSON error on machine routes, an escaped page on the
 * consent form. Left to the app's error handler they would answer in JSON-RPC's shape.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Runs `parser`; when it fails, `refuse` answers instead of the route. */
export function parseBodyOr(parser: RequestHandler, refuse: (res: Response) => void): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    parser(req, res, (error?: unknown) => {
      if (error) return refuse(res);
      next();
    });
  };
}
