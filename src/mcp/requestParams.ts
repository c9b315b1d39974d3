/**
 * Request handlers registered with a schema that pins only the method. With the SDK's full request
 * schema its protocol layer parses the params first and answers a failure as -32603 (internal error)
 * with raw zod issues; registered loose, each handler parses its params itself and answers the
 * caller's -32602 with a message that says what to send.
 */
import { ErrorCode as McpErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { describeZodError } from './results.js';

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
  throw new McpError(
    McpErrorCode.InvalidParams,
    `Invalid ${method} request (${describeZodError(parsed.error)}): expected ${expected}.`,
  );
}
