/**
 * HTTP answers shaped as JSON-RPC errors (`{"jsonrpc":"2.0","id":null,"error":{…}}`), so MCP clients
 * that parse every body as JSON-RPC get a readable error instead of HTML or plain text.
 */
import type { Response } from 'express';

export interface JsonRpcErrorBody {
  jsonrpc: '2.0';
  id: null;
  error: { code: number; message: string };
}

export function jsonRpcErrorBody(code: number, message: string): JsonRpcErrorBody {
  return { jsonrpc: '2.0', id: null, error: { code, message } };
}

/** Sends a JSON-RPC error with an HTTP status; does nothing when headers already went out. */
export function sendJsonRpcError(res: Response, status: number, code: number, message: string): void {
  if (res.headersSent) return;
  res.status(status).json(jsonRpcErrorBody(code, message));
}
