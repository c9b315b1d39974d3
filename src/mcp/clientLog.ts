/**
 * Log notifications to the client (2025 era, capability `logging`): a failed tool call is reported at
 * `warning` (Oura refused, rate limits, not connected) or `error` (an internal failure), so a client
 * that shows its server log sees why a call failed, at the level it set with `logging/setLevel` (the
 * SDK filters below it). Only the safe, mapped message travels, never a token or upstream detail.
 * Bad arguments are not logged: the caller already has them in the result. 2026-07-28 deprecated
 * logging, so its requests get none.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { ErrorCode } from '../errors.js';
import { PROTOCOL_VERSION_META_KEY } from './protocolEra.js';

/** Reports a failed call to the client; never throws (a client that left misses nothing it needs). */
export async function logFailedCall(
  server: Server,
  tool: string,
  result: CallToolResult,
  requestMeta: Record<string, unknown> | undefined,
): Promise<void> {
  if (result.isError !== true || requestMeta?.[PROTOCOL_VERSION_META_KEY] !== undefined) return;
  const meta = result._meta as { code?: unknown; message?: unknown } | undefined;
  if (meta?.code === ErrorCode.InvalidParams) return;
  const level = meta?.code === ErrorCode.InternalError ? 'error' : 'warning';
  try {
    await server.sendLoggingMessage({
      level,
      logger: 'oura-mcp-server',
      data: { tool, code: meta?.code, message: meta?.message },
    });
  } catch {
    // The stream closed: the result will not arrive either.
  }
}
