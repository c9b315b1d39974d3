/**
 * The MCP server: tools and logging, no HTTP. `createMcpServer(deps)` is called once per SSE
 * connection, once per /mcp request (stateless) and once for stdio, so it only wires precomputed
 * pieces: the tool catalog (JSON Schemas converted once), the instructions (memoised) and a shared
 * JSON Schema validator.
 *
 * Every tool call goes through {@link callTool}, the one choke point that validates input, runs the
 * handler, times it, logs one line and maps thrown errors to results.
 */
import { performance } from 'node:perf_hooks';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type {
  JsonSchemaType,
  JsonSchemaValidator,
  jsonSchemaValidator,
} from '@modelcontextprotocol/sdk/validation/types.js';
import {
  CallToolRequestSchema,
  ErrorCode as McpErrorCode,
  ListToolsRequestSchema,
  McpError,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { ErrorCode, type ErrorCodeValue } from '../errors.js';
import { withoutTokenShapedValues } from '../logger.js';
import { OuraApiError } from '../oura/errors.js';
import { VERSION } from '../version.js';
import { catalogFor, type ToolCatalog } from './catalog.js';
import { buildInstructions } from './instructions.js';
import { tools as registryTools } from './registry.js';
import { logFailedCall } from './clientLog.js';
import { registerCompletions } from './completions/index.js';
import { registerPrompts } from './prompts/index.js';
import { SERVED_PROTOCOL_VERSIONS } from './protocolEra.js';
import { looseRequest } from './requestParams.js';
import { registerResources } from './resources/index.js';
import { invalidArgumentsResult, mapToolError, unknownToolResult } from './results.js';
import { withCallContext, type CallExtra } from './callContext.js';
import type { AnyToolDefinition, ToolContext, ToolEnvironment } from './tool.js';
import type { ToolCaller } from './toolAnswer.js';

export const SERVER_NAME = 'oura-mcp-server';
/** Who answers, as 2026 results name it in `_meta`. */
export const SERVER_IDENTITY = Object.freeze({ name: SERVER_NAME, version: VERSION });

/** One capability set for both eras (`initialize` and `server/discover`). */
const CAPABILITIES = { tools: {}, resources: {}, prompts: {}, completions: {}, logging: {} };

export interface McpServerDeps {
  /** What every call's handler gets: data source, connection, owner's zone, clock, logger. */
  context: ToolEnvironment;
  /** Defaults to the registry's array. Pass the same array instance each time (the catalog is memoised per array). */
  tools?: readonly AnyToolDefinition[];
}

/**
 * The low-level `Server` builds an Ajv instance (with formats) per server unless given a validator:
 * per /mcp request that dominated the cost. It is only used for elicitation, which these tools never
 * request, so one shared instance is created lazily on first use.
 */
class LazySharedValidator implements jsonSchemaValidator {
  private inner: AjvJsonSchemaValidator | undefined;
  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    this.inner ??= new AjvJsonSchemaValidator();
    return this.inner.getValidator<T>(schema);
  }
}
const sharedValidator = new LazySharedValidator();

/** `tools/call` registered loose: see requestParams.ts (-32602 from the SDK's own check, not -32603). */
const LooseCallToolRequest = looseRequest('tools/call');

/** Narrows params the SDK has already validated (kept so a change in the SDK cannot skip the check). */
function callParams(request: z.output<typeof LooseCallToolRequest>): {
  name: string;
  arguments?: Record<string, unknown>;
} {
  const parsed = CallToolRequestSchema.shape.params.safeParse(request.params);
  if (!parsed.success)
    throw new McpError(
      McpErrorCode.InvalidParams,
      'Invalid tools/call request: expected { name: string, arguments?: object }.',
    );
  return parsed.data;
}

/** The outcome of one tool call, as logged. */
interface CallOutcome {
  result: CallToolResult;
  code: ErrorCodeValue | null;
}

async function runTool(
  tool: AnyToolDefinition,
  args: Record<string, unknown> | undefined,
  context: ToolContext,
): Promise<CallOutcome> {
  const input = tool.inputSchema.safeParse(args ?? {});
  if (!input.success) return { result: invalidArgumentsResult(tool.name, input.error), code: ErrorCode.InvalidParams };
  try {
    const output = await tool.handler(input.data, context);
    const structured = tool.outputSchema.safeParse(output.structured);
    if (!structured.success) {
      // A bug in the tool, not the caller's fault: logged in full, a short -32603 for the client.
      throw new Error(
        `${tool.name} produced output that does not match its output schema: ${structured.error.message}`,
      );
    }
    // The parsed value drops undeclared keys, which strict clients would otherwise reject.
    return {
      result: { content: [{ type: 'text', text: output.text }], structuredContent: structured.data },
      code: null,
    };
  } catch (error) {
    const mapped = mapToolError(error, tool.name, context.connection);
    if (mapped.internal) {
      context.logger.error('tool failed unexpectedly', { tool: tool.name, error });
    } else if (error instanceof OuraApiError) {
      context.logger.warn('oura call failed', {
        tool: tool.name,
        code: mapped.code,
        status: error.status,
        detail: error.logDetail,
      });
    }
    return { result: mapped.result, code: mapped.code };
  }
}

/**
 * The choke point: every `tools/call` lands here. Returns a result for every input (unknown tool,
 * bad arguments, thrown errors), never throws, and logs one line per call.
 */
export async function callTool(
  catalog: ToolCatalog,
  name: string,
  args: Record<string, unknown> | undefined,
  context: ToolContext,
): Promise<CallToolResult> {
  const started = performance.now();
  const tool = catalog.byName.get(name);
  const outcome: CallOutcome = tool
    ? await runTool(tool, args, context)
    : { result: unknownToolResult(name, catalog.names), code: ErrorCode.InvalidParams };
  const ms = Math.round((performance.now() - started) * 10) / 10;
  // Arguments are dates and flags at most, but stay at debug so the info line is uniform.
  context.logger.info('tool call', {
    tool: tool ? name : 'unknown',
    ms,
    outcome: outcome.code === null ? 'ok' : 'error',
    ...(outcome.code === null ? {} : { code: outcome.code }),
  });
  if (context.logger.isDebugEnabled())
    context.logger.debug('tool call arguments', {
      tool: tool ? name : 'unknown',
      args: withoutTokenShapedValues(args),
    });
  return outcome.result;
}

/**
 * A new MCP server (name `oura-mcp-server`, version from package.json, capabilities tools,
 * resources, prompts, completions and logging) wired to the registry's tools, for either protocol
 * era. Cheap: connect it to exactly one transport.
 */
export function createMcpServer(deps: McpServerDeps): Server {
  const definitions = deps.tools ?? registryTools;
  const catalog = catalogFor(definitions);
  const instructions = buildInstructions(deps.context.timezone, definitions);
  const server = new Server(
    { name: SERVER_NAME, title: 'Oura Ring', version: VERSION },
    {
      capabilities: CAPABILITIES,
      instructions,
      jsonSchemaValidator: sharedValidator,
    },
  );
  // The shared, frozen list is only serialised, never modified, so no copy per request.
  const tools = catalog.tools as Tool[];
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools }));
  server.setRequestHandler(LooseCallToolRequest, async (request, extra) => {
    const params = callParams(request);
    // The call's signal and progress token reach the data source (cancellation, progress per upstream step).
    const result = await withCallContext(deps.context, extra, (context) =>
      callTool(catalog, params.name, params.arguments, context),
    );
    await logFailedCall(server, params.name, result, extra._meta);
    return result;
  });
  server.setRequestHandler(looseRequest('server/discover'), () => ({
    supportedVersions: [...SERVED_PROTOCOL_VERSIONS],
    capabilities: CAPABILITIES,
    instructions,
  }));
  // Resources and completions read through the tools, with the request's own signal and progress.
  const callerFor =
    (extra: CallExtra): ToolCaller =>
    (name, args) =>
      withCallContext(deps.context, extra, (context) => callTool(catalog, name, args, context));
  registerResources(server, { environment: deps.context, callerFor });
  registerPrompts(server, { environment: deps.context, catalog });
  registerCompletions(server, { environment: deps.context, callerFor });
  return server;
}
