/** Small readers for MCP tool results in the resilience tests. */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';

export interface ToolOutcome {
  isError: boolean;
  text: string;
  code: number | undefined;
  meta: Record<string, unknown> | undefined;
  structured: Record<string, unknown> | undefined;
  elapsedMs: number;
}

/** Calls a tool through a real MCP client and flattens the answer. */
export async function callTool(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
  timeoutMs = 30_000,
): Promise<ToolOutcome> {
  const started = performance.now();
  const result = await client.callTool({ name, arguments: args }, undefined, { timeout: timeoutMs });
  const elapsedMs = performance.now() - started;
  const content = (result.content ?? []) as Array<{ type: string; text?: string }>;
  const text = content.map((part) => (part.type === 'text' ? (part.text ?? '') : '')).join('\n');
  const meta = result._meta;
  return {
    isError: result.isError === true,
    text,
    code: typeof meta?.code === 'number' ? meta.code : undefined,
    meta,
    structured: result.structuredContent as Record<string, unknown> | undefined,
    elapsedMs,
  };
}
