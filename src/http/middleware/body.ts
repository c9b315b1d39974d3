/**
 * JSON body parsing for the JSON-RPC endpoints. Errors are left to the error handler, which turns
 * an oversized body into 413 and malformed JSON into a JSON-RPC parse error (-32700).
 */
import express, { type RequestHandler } from 'express';

/** Largest accepted JSON body. MCP requests are a few hundred bytes. */
export const DEFAULT_BODY_LIMIT = '1mb';

export function jsonBody(limit: string = DEFAULT_BODY_LIMIT): RequestHandler {
  return express.json({ limit, strict: true });
}
