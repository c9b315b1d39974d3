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

type LooseRequestSchema<M extends string> = z.ZodObject<{
  method: z.ZodLiteral<M>;
  params: z.ZodOptional<z.ZodUnknown>;
}>;

/**
 * Built once per method: a stateless /mcp request builds a whole server, and building these zod
 * schemas afresh each time was 6% of the CPU under cached load (bench profile).
 */
const looseRequests = new Map<string, LooseRequestSchema<string>>();

/** A request schema matching `method` with any params (see the module comment); shared, never mutated. */
export function looseRequest<M extends string>(method: M): LooseRequestSchema<M> {
  let schema = looseRequests.get(method);
  if (!schema) {
    schema = z.object({ method: z.literal(method), params: z.unknown().optional() });
    looseRequests.set(method, schema);
  }
  return schema as LooseRequestSchema<M>;
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
