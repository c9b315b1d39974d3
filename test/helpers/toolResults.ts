/**
 * What tests read from a `tools/call` answer, typed once: `structuredContent` as the test expects it,
 * the text joined, and the `_meta.code` of error results.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';

export interface ToolResult<S = unknown> {
  isError?: boolean;
  structuredContent?: S;
  content: Array<{ type: string; text?: string }>;
  _meta?: { code?: number };
}

/** Every text part of a result, joined by newlines. */
export const textOf = (result: ToolResult<unknown>): string => result.content.map((part) => part.text ?? '').join('\n');

/** `call(client, args)` for one tool. */
export function callerFor<S = unknown>(
  name: string,
): (client: Client, args: Record<string, unknown>) => Promise<ToolResult<S>> {
  return async (client, args) => (await client.callTool({ name, arguments: args })) as ToolResult<S>;
}

export const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
