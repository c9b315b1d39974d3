/**
 * `prompts/list` and `prompts/get`. An unknown prompt, a missing required argument, an argument the
 * prompt does not take or a value it cannot use is -32602 with what to send instead (MCP 2025-11-25,
 * "Prompts → Error Handling").
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { GetPromptResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { ErrorCode, InvalidParamsError } from '../../errors.js';
import { todayIn } from '../../lib/time.js';
import type { ToolCatalog } from '../catalog.js';
import { JsonRpcError, looseRequest, parseParams } from '../requestParams.js';
import type { ToolEnvironment } from '../tool.js';
import { prompts, type PromptDefinition, type PromptEnvironment } from './definitions.js';

const MAX_ARGUMENT_LENGTH = 200;

const GetParams = z.object({
  name: z.string().min(1).max(100),
  arguments: z.record(z.string(), z.string().max(MAX_ARGUMENT_LENGTH)).optional(),
});

const listed = Object.freeze(
  prompts.map((prompt) => ({
    name: prompt.name,
    title: prompt.title,
    description: prompt.description,
    arguments: prompt.arguments.map(({ name, description, required }) => ({ name, description, required })),
  })),
);
const names = prompts.map((prompt) => prompt.name).join(', ');

function invalid(message: string): JsonRpcError {
  return new JsonRpcError(ErrorCode.InvalidParams, message);
}

/** The arguments a prompt accepts, trimmed, empty ones dropped; -32602 for unknown or missing ones. */
function checkedArguments(prompt: PromptDefinition, given: Record<string, string>): Record<string, string> {
  const accepted = prompt.arguments.map((argument) => argument.name);
  const unknown = Object.keys(given).filter((name) => !accepted.includes(name));
  if (unknown.length > 0) {
    throw invalid(
      `Prompt ${prompt.name} takes ${accepted.length === 0 ? 'no arguments' : accepted.join(', ')}; remove ${unknown.join(', ')}.`,
    );
  }
  const args = Object.fromEntries(
    Object.entries(given)
      .map(([name, value]) => [name, value.trim()] as const)
      .filter(([, value]) => value !== ''),
  );
  const missing = prompt.arguments.filter((argument) => argument.required && args[argument.name] === undefined);
  if (missing.length > 0) {
    throw invalid(
      `Prompt ${prompt.name} needs ${missing.map((argument) => `${argument.name} (${argument.description})`).join(' and ')}.`,
    );
  }
  return args;
}

export interface PromptDeps {
  environment: ToolEnvironment;
  catalog: ToolCatalog;
}

/** What the prompt texts depend on besides their arguments. */
export function promptEnvironment(deps: PromptDeps): PromptEnvironment {
  const tags = deps.catalog.byName.get('get_tags');
  return {
    today: todayIn(deps.environment.timezone, deps.environment.now()),
    tagsHaveEffectOf: tags !== undefined && 'effect_of' in tags.inputSchema.shape,
  };
}

/** Registers `prompts/list` and `prompts/get` (capability `prompts`). */
export function registerPrompts(server: Server, deps: PromptDeps): void {
  server.setRequestHandler(looseRequest('prompts/list'), () => ({ prompts: [...listed] }));
  server.setRequestHandler(looseRequest('prompts/get'), (request): GetPromptResult => {
    const params = parseParams(
      GetParams,
      request.params,
      'prompts/get',
      `{ name: one of ${names}, arguments?: { [name]: string } }`,
    );
    const prompt = prompts.find((candidate) => candidate.name === params.name);
    if (!prompt)
      throw invalid(`Unknown prompt ${JSON.stringify(params.name.slice(0, 100))}: this server has ${names}.`);
    const args = checkedArguments(prompt, params.arguments ?? {});
    let text: string;
    try {
      text = prompt.text(args, promptEnvironment(deps));
    } catch (error) {
      if (error instanceof InvalidParamsError) throw invalid(`Prompt ${prompt.name}: ${error.message}`);
      throw error;
    }
    return { description: prompt.description, messages: [{ role: 'user', content: { type: 'text', text } }] };
  });
}
