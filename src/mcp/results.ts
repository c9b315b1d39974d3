/**
 * Tool results: the one place that turns a thrown error into an MCP `isError` result.
 *
 * Every error result has a text naming the spec's code and the next step, and
 * `_meta: { code, message, details }` for clients that read it. Error results never carry
 * `structuredContent`: clients validate it against the tool's output schema, and an error has none.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { AppError, ErrorCode, InvalidParamsError, NotConnectedError, type ErrorCodeValue } from '../errors.js';
import type { OuraConnection } from '../oauth/types.js';
import { OuraApiError, OuraRateLimitError, UpstreamBudgetError } from '../oura/errors.js';

/** What a client sees in `_meta` of an error result. */
export interface ToolErrorMeta {
  [key: string]: unknown;
  code: ErrorCodeValue;
  message: string;
  details: Record<string, unknown>;
}

export interface ToolErrorResult extends CallToolResult {
  isError: true;
  _meta: ToolErrorMeta;
}

/** The mapped error plus whether it was unexpected (the caller logs those in full). */
export interface MappedToolError {
  result: ToolErrorResult;
  code: ErrorCodeValue;
  /** True for anything that is not a typed, expected failure. */
  internal: boolean;
}

function errorResult(
  code: ErrorCodeValue,
  message: string,
  text: string,
  details: Record<string, unknown> = {},
): ToolErrorResult {
  return { content: [{ type: 'text', text }], isError: true, _meta: { code, message, details } };
}

/** A fresh one-time link, or null when none can be made (the text then points to connect_oura). */
function tryAuthorizeLink(connection: Pick<OuraConnection, 'createAuthorizeLink'>): string | null {
  try {
    return connection.createAuthorizeLink();
  } catch {
    return null;
  }
}

/** Readable list of zod issues: `start_date: Invalid string; days: Too big`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/** The -32602 result for arguments that fail a tool's input schema. */
export function invalidArgumentsResult(toolName: string, error: z.ZodError): ToolErrorResult {
  const message = `Invalid arguments for ${toolName}: ${describeZodError(error)}`;
  return errorResult(
    ErrorCode.InvalidParams,
    message,
    `Invalid parameters (error ${ErrorCode.InvalidParams}): ${message}. Fix the arguments (see the tool's input schema) and call ${toolName} again.`,
    { issues: error.issues.slice(0, 5).map((issue) => ({ path: issue.path.map(String), message: issue.message })) },
  );
}

/** The -32602 result for a tool name the server does not have. */
export function unknownToolResult(toolName: string, known: readonly string[]): ToolErrorResult {
  const message = `Tool ${JSON.stringify(toolName.slice(0, 100))} not found`;
  return errorResult(
    ErrorCode.InvalidParams,
    message,
    `Invalid parameters (error ${ErrorCode.InvalidParams}): ${message}. Available tools: ${known.join(', ')}.`,
    { available_tools: [...known] },
  );
}

/**
 * Maps anything a tool handler threw to an error result. Typed errors keep their safe message;
 * everything else becomes a short -32603 result (the caller logs the original in full).
 */
export function mapToolError(
  error: unknown,
  toolName: string,
  connection: Pick<OuraConnection, 'createAuthorizeLink'>,
): MappedToolError {
  if (error instanceof z.ZodError) {
    return { result: invalidArgumentsResult(toolName, error), code: ErrorCode.InvalidParams, internal: false };
  }
  if (error instanceof InvalidParamsError) {
    const text = `Invalid parameters (error ${ErrorCode.InvalidParams}): ${error.message} Fix the arguments and call ${toolName} again.`;
    return { result: errorResult(error.code, error.message, text, error.details), code: error.code, internal: false };
  }
  if (error instanceof NotConnectedError) {
    const link = tryAuthorizeLink(connection);
    const next = link
      ? `Give the owner this one-time link to open in a browser and approve access (single use, valid 10 minutes): ${link} — then call ${toolName} again.`
      : 'Call connect_oura to get a one-time link for the owner to open, then try again.';
    const text = `Oura is not connected (error ${ErrorCode.NotConnected}): ${error.message} ${next}`;
    const details = { ...error.details, reason: error.reason, ...(link ? { authorize_url: link } : {}) };
    return { result: errorResult(error.code, error.message, text, details), code: error.code, internal: false };
  }
  if (error instanceof OuraRateLimitError) {
    const seconds = error.retryAfterMs === undefined ? 60 : Math.max(1, Math.ceil(error.retryAfterMs / 1000));
    const text = `Rate limited by Oura (error ${ErrorCode.RateLimited}): retry in ${seconds} s. ${error.message}`;
    const details = { retry_after_seconds: seconds, ...error.details };
    return {
      result: errorResult(ErrorCode.RateLimited, error.message, text, details),
      code: ErrorCode.RateLimited,
      internal: false,
    };
  }
  if (error instanceof UpstreamBudgetError) {
    const seconds = Math.max(1, Math.ceil(error.retryAfterMs / 1000));
    const text = `This server's Oura request budget is used up (error ${error.code}): retry in ${seconds} s. ${error.message}`;
    return {
      result: errorResult(error.code, error.message, text, { ...error.details, retry_after_seconds: seconds }),
      code: error.code,
      internal: false,
    };
  }
  if (error instanceof OuraApiError) {
    const upstream = error.status === undefined ? 'no response' : `upstream HTTP ${error.status}`;
    const text = `Oura API error (error ${ErrorCode.OuraApiError}, ${upstream}): ${error.message}`;
    return {
      result: errorResult(ErrorCode.OuraApiError, error.message, text, error.details),
      code: ErrorCode.OuraApiError,
      internal: false,
    };
  }
  if (error instanceof AppError && error.code !== ErrorCode.InternalError) {
    // A typed error from elsewhere with its own safe message and code.
    const text = `Error ${error.code}: ${error.message}`;
    return { result: errorResult(error.code, error.message, text, error.details), code: error.code, internal: false };
  }
  const message = 'Internal error';
  const text = `Internal error (error ${ErrorCode.InternalError}): ${toolName} failed unexpectedly. The details were logged on the server; try again, and if it keeps failing, check the server logs.`;
  return { result: errorResult(ErrorCode.InternalError, message, text), code: ErrorCode.InternalError, internal: true };
}
