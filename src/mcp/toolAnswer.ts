/**
 * A tool's answer for the other primitives (resources, completions): the call goes through the choke
 * point (`callTool`: validation, timing, the log line, error mapping), so a resource reads the same
 * cached data, mapped and rounded by the same code, as the tool would answer. An error result becomes
 * a JSON-RPC error carrying the tool's code and its actionable text.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { ErrorCode } from '../errors.js';
import type { CallExtra } from './callContext.js';
import { JsonRpcError } from './requestParams.js';

/** Runs one tool through the choke point (`callTool` in server.ts, bound to the server's catalog and context). */
export type ToolCaller = (name: string, args: Record<string, unknown>) => Promise<CallToolResult>;

/** The {@link ToolCaller} of one request: its signal cancels the tools' upstream requests. */
export type CallerFor = (extra: CallExtra) => ToolCaller;

/** A tool's structured data and readable text. */
export interface ToolAnswer {
  structured: Record<string, unknown>;
  text: string;
}

function textOf(content: ReadonlyArray<{ type: string; text?: unknown }>): string {
  return content.map((block) => (block.type === 'text' && typeof block.text === 'string' ? block.text : '')).join('\n');
}

/** Calls `name` through the choke point; throws {@link JsonRpcError} with the tool's error code and text. */
export async function toolAnswer(call: ToolCaller, name: string, args: Record<string, unknown>): Promise<ToolAnswer> {
  const result = await call(name, args);
  const text = textOf(result.content);
  if (result.isError === true) {
    const meta = result._meta as { code?: unknown; details?: unknown } | undefined;
    const code = typeof meta?.code === 'number' ? meta.code : ErrorCode.InternalError;
    throw new JsonRpcError(code, text, meta?.details);
  }
  return { structured: result.structuredContent ?? {}, text };
}
