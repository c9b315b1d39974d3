/**
 * The published tool list, built once per tool array. Converting zod schemas to JSON Schema is the
 * costly part of answering `tools/list`; /mcp builds a server per request, so it must not happen there.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { compactSchema } from './publishedSchema.js';
import type { AnyToolDefinition, ToolAnnotations } from './tool.js';

export interface ToolCatalog {
  /** The `tools/list` answer, shared by every server (treat as read-only). */
  readonly tools: readonly Tool[];
  readonly names: readonly string[];
  readonly byName: ReadonlyMap<string, AnyToolDefinition>;
}

/**
 * zod's draft-07 JSON Schema (which Ajv in older clients such as Poke's 1.17 understands), made
 * compact for the wire (see publishedSchema.ts): every conversation pays for it on every turn.
 * Output schemas use `io: 'output'`: no undeclared key is accepted, the strictness the SDK publishes.
 */
function toJsonSchema(schema: z.ZodObject, io: 'input' | 'output'): Tool['inputSchema'] {
  return compactSchema(z.toJSONSchema(schema, { io, target: 'draft-7' }), io) as Tool['inputSchema'];
}

/**
 * The hints a client needs: the title is published once, at the top; `destructiveHint` and
 * `idempotentHint` mean something only for tools that write (MCP spec), and `openWorldHint` is
 * published only when it differs from its default (true).
 */
function publishedAnnotations(annotations: ToolAnnotations): Tool['annotations'] {
  const published: NonNullable<Tool['annotations']> = { readOnlyHint: annotations.readOnlyHint };
  if (!annotations.readOnlyHint) {
    if (annotations.destructiveHint !== undefined) published.destructiveHint = annotations.destructiveHint;
    if (annotations.idempotentHint !== undefined) published.idempotentHint = annotations.idempotentHint;
  }
  if (!annotations.openWorldHint) published.openWorldHint = false;
  return published;
}

function publish(tool: AnyToolDefinition): Tool {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: toJsonSchema(tool.inputSchema, 'input'),
    outputSchema: toJsonSchema(tool.outputSchema, 'output'),
    annotations: publishedAnnotations(tool.annotations),
    ...(tool.ui ? { _meta: { ui: { resourceUri: tool.ui.resourceUri } } } : {}),
  };
}

const catalogs = new WeakMap<readonly AnyToolDefinition[], ToolCatalog>();

/**
 * The catalog of `tools`, memoised per array instance.
 * @throws Error on a duplicate name or a schema JSON Schema cannot express (caught by the registry test).
 */
export function catalogFor(tools: readonly AnyToolDefinition[]): ToolCatalog {
  const cached = catalogs.get(tools);
  if (cached) return cached;
  const byName = new Map<string, AnyToolDefinition>();
  for (const tool of tools) {
    if (byName.has(tool.name)) throw new Error(`Duplicate tool name in the registry: ${tool.name}`);
    byName.set(tool.name, tool);
  }
  const published = tools.map(publish);
  // Frozen so a handler cannot mutate the answer every later server shares.
  const catalog: ToolCatalog = Object.freeze({
    tools: Object.freeze(published),
    names: Object.freeze(tools.map((tool) => tool.name)),
    byName,
  });
  catalogs.set(tools, catalog);
  return catalog;
}
