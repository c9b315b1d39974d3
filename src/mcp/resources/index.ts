/**
 * `resources/list`, `resources/templates/list` and `resources/read` on a server. Unknown URIs get the
 * spec's -32002 "Resource not found" with the URIs that exist; a template value that is not a date gets
 * -32602; a tool error (Oura not connected, rate limited) keeps its code and actionable text.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { ErrorCode, InvalidParamsError } from '../../errors.js';
import { JsonRpcError, looseRequest, parseParams } from '../requestParams.js';
import type { ToolEnvironment } from '../tool.js';
import type { CallerFor } from '../toolAnswer.js';
import { readPlan, staticResources, templateResources } from './definitions.js';
import { appResources, APP_URI_PREFIX } from '../apps/resources.js';

/** The spec's code for an unknown resource (MCP 2025-11-25, "Resources → Error Handling"). */
export const RESOURCE_NOT_FOUND = -32002;

const MAX_URI_LENGTH = 200;

const listedResources = Object.freeze(
  staticResources.map(({ uri, name, title, description }) => ({
    uri,
    name,
    title,
    description,
    mimeType: 'text/markdown',
  })),
);
const listedTemplates = Object.freeze(
  templateResources.map(({ uriTemplate, name, title, description }) => ({
    uriTemplate,
    name,
    title,
    description,
    mimeType: 'text/markdown',
  })),
);
const known = [...staticResources.map((r) => r.uri), ...templateResources.map((t) => t.uriTemplate)].join(', ');

/** The MCP Apps chart views (`ui://oura/<name>`, text/html;profile=mcp-app). */
const apps = appResources();

const ReadParams = z.object({ uri: z.string().min(1).max(MAX_URI_LENGTH) });

/** The plan for `uri`, or -32002 when no resource or template matches it. */
function planFor(uri: string, context: ToolEnvironment) {
  const fixed = staticResources.find((resource) => resource.uri === uri);
  if (fixed) return fixed.plan(context);
  const template = templateResources.find((candidate) => uri.startsWith(candidate.prefix));
  const value = template ? uri.slice(template.prefix.length) : '';
  if (template && value !== '') {
    try {
      return template.plan(decodeURIComponent(value), context);
    } catch (error) {
      if (error instanceof InvalidParamsError) throw new JsonRpcError(error.code, error.message, error.details);
      if (error instanceof URIError)
        throw new JsonRpcError(
          ErrorCode.InvalidParams,
          `${template.uriTemplate}: the value is not valid percent-encoding.`,
        );
      throw error;
    }
  }
  throw new JsonRpcError(RESOURCE_NOT_FOUND, `Resource not found: ${uri}. This server has ${known}.`, { uri });
}

export interface ResourceDeps {
  environment: ToolEnvironment;
  callerFor: CallerFor;
}

/** Registers the three resource methods (capability `resources`, without subscriptions). */
export function registerResources(server: Server, deps: ResourceDeps): void {
  server.setRequestHandler(looseRequest('resources/list'), () => ({ resources: [...listedResources, ...apps.list()] }));
  server.setRequestHandler(looseRequest('resources/templates/list'), () => ({
    resourceTemplates: [...listedTemplates],
  }));
  server.setRequestHandler(looseRequest('resources/read'), async (request, extra): Promise<ReadResourceResult> => {
    const { uri } = parseParams(ReadParams, request.params, 'resources/read', `{ uri: one of ${known} }`);
    if (uri.startsWith(APP_URI_PREFIX)) return apps.read(uri);
    const contents = await readPlan(planFor(uri, deps.environment), deps.callerFor(extra));
    return {
      contents: [
        { uri, mimeType: 'text/markdown', text: contents.markdown },
        { uri, mimeType: 'application/json', text: contents.json },
      ],
    };
  });
}
