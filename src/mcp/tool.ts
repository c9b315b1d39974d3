/**
 * The contract every tool module implements. One file per tool exports a {@link ToolDefinition};
 * `src/mcp/registry.ts` lists them; `src/mcp/server.ts` registers them through one choke point that
 * validates input, times the call, logs it and maps thrown errors to MCP results.
 */
import type { z } from 'zod';
import type { Logger } from '../logger.js';
import type { OuraConnection } from '../oauth/types.js';
import type { OuraDataSource } from '../oura/source.js';

/** What every tool call shares: built once by the composition root. Injected, so tests pass their own clock and zone. */
export interface ToolEnvironment {
  source: OuraDataSource;
  connection: OuraConnection;
  /** IANA zone of the owner (OURA_TIMEZONE). */
  timezone: string;
  now: () => Date;
  logger: Logger;
}

/** Tells a client that asked for progress that one more step of the call is done (a no-op otherwise). */
export type ProgressReporter = (message: string) => void;

/**
 * What a tool handler may use: the environment plus this call's cancellation and progress. `source` is
 * already bound to the call (see `src/oura/callScope.ts`): a cancelled call stops its upstream requests
 * and each upstream request reports progress, without the handler doing anything.
 */
export interface ToolContext extends ToolEnvironment {
  /** Aborted when the client cancels the call or the exchange closes. */
  signal: AbortSignal;
  progress: ProgressReporter;
}

export interface ToolAnnotations {
  title: string;
  readOnlyHint: boolean;
  openWorldHint: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
}

/** What a handler returns: structured data matching the output schema and a short readable text. */
export interface ToolOutput<Out> {
  structured: Out;
  text: string;
}

export interface ToolDefinition<In extends z.ZodObject = z.ZodObject, Out extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  /** What comes back (with units), when to prefer a sibling tool, and the limits. */
  description: string;
  /** Flat object; every field has a `.describe()`. */
  inputSchema: In;
  /** Published to clients, which reject undeclared keys in `structuredContent`. */
  outputSchema: Out;
  annotations: ToolAnnotations;
  /** The MCP Apps view that draws this tool's result (published as `_meta.ui.resourceUri`). */
  ui?: { resourceUri: string };
  /** Throws typed errors (`InvalidParamsError`, `NotConnectedError`, `OuraApiError`…); never builds error results. */
  handler(args: z.output<In>, context: ToolContext): Promise<ToolOutput<z.input<Out>>>;
}

/** Erases the generic parameters so tools of different shapes fit one array. */
export type AnyToolDefinition = ToolDefinition<z.ZodObject, z.ZodObject>;

/** Identity helper that keeps a tool's input/output types checked at its definition site. */
export function defineTool<In extends z.ZodObject, Out extends z.ZodObject>(
  tool: ToolDefinition<In, Out>,
): AnyToolDefinition {
  return tool;
}

/** Annotations shared by every read-only Oura tool. */
export function readOnlyAnnotations(title: string): ToolAnnotations {
  return { title, readOnlyHint: true, openWorldHint: true, destructiveHint: false, idempotentHint: true };
}
