/**
 * Request handlers registered with a schema that pins only the method. With the SDK's full request
 * schema its protocol layer parses the params first and answers a failure as -32603 (internal error)
 * with raw zod issues; registered loose, each handler parses its params itself and answers the
 * caller's -32602 with a message that says what to send.
 */
import { z } from 'zod';
import { ErrorCode } from '../errors.js';
import { describeZodError } from './results.js';

/**
 * A JSON-RPC error a request handler throws: the SDK answers with its `code`, `message` and `data`.
 * Not the SDK's `McpError`, whose message carries an "MCP error -32602:" prefix onto the wire (a
 * client that wraps it again shows the prefix twice).
 */
export class JsonRpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'JsonRpcError';
  }
}

/** A request schema matching `method` with any params (see the module comment). */
export function looseRequest<M extends string>(
  method: M,
): z.ZodObject<{ method: z.ZodLiteral<M>; params: z.ZodOptional<z.ZodUnknown> }> {
  return z.object({ method: z.literal(method), params: z.unknown().optional() });
}

/** Parses `params` or throws -32602 naming the method, the problems and the expected shape. */
export function parseParams<T>(schema: z.ZodType<T>, params: unknown, method: string, expected: string): T {
  const parsed = schema.safeParse(params ?? {});
  if (parsed.success) return parsed.data;
  throw new JsonRpcError(
    ErrorCode.InvalidParams,
    `Invalid ${method} request (${describeZodError(parsed.error)}): expected ${expected}.`,
  );
}
