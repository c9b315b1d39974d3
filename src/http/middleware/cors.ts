/**
 * CORS per the spec: origins from `ALLOWED_ORIGINS`, credentials, GET/POST, `Authorization` and
 * `Content-Type`; `/mcp` additionally allows and exposes the Streamable HTTP headers.
 */
import cors from 'cors';
import type { RequestHandler } from 'express';

/** Headers of the Streamable HTTP transport that browsers must be allowed to send and read. */
const MCP_HEADERS = ['Mcp-Session-Id', 'Mcp-Protocol-Version', 'Last-Event-ID'];

export interface CorsHandlers {
  /** For every route but /mcp. */
  standard: RequestHandler;
  /** For /mcp. */
  mcp: RequestHandler;
}

export function createCors(allowedOrigins: readonly string[]): CorsHandlers {
  const base = { origin: [...allowedOrigins], credentials: true, methods: ['GET', 'POST'], maxAge: 600 };
  return {
    standard: cors({ ...base, allowedHeaders: ['Authorization', 'Content-Type'] }),
    mcp: cors({
      ...base,
      allowedHeaders: ['Authorization', 'Content-Type', 'Accept', ...MCP_HEADERS],
      exposedHeaders: ['Mcp-Session-Id', 'Mcp-Protocol-Version', 'WWW-Authenticate'],
    }),
  };
}
