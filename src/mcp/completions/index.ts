/**
 * `completion/complete` for prompt arguments and resource-template variables: recent days for dates,
 * recent Mondays for a week's start, the named periods, and the tag names the owner has logged in the
 * last 90 days (read through `get_tags`, so the same cache and mapping). An unknown prompt, template
 * or argument is -32602 naming what exists.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { CompleteResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { ErrorCode } from '../../errors.js';
import { addDays, todayIn, type IsoDate } from '../../lib/time.js';
import { NAMED_PERIODS } from '../periods.js';
import { prompts, type ArgumentKind } from '../prompts/definitions.js';
import { templateResources } from '../resources/definitions.js';
import { JsonRpcError, looseRequest, parseParams } from '../requestParams.js';
import type { ToolEnvironment } from '../tool.js';
import { toolAnswer, type CallerFor, type ToolCaller } from '../toolAnswer.js';

/** The spec caps a completion at 100 values. */
const MAX_VALUES = 100;
const RECENT_DAYS = 14;
const RECENT_WEEKS = 8;
const TAG_DAYS = 90;

type CompletionKind = ArgumentKind | 'week';

const CompleteParams = z.object({
  ref: z.discriminatedUnion('type', [
    z.object({ type: z.literal('ref/prompt'), name: z.string().max(100) }),
    z.object({ type: z.literal('ref/resource'), uri: z.string().max(200) }),
  ]),
  argument: z.object({ name: z.string().max(100), value: z.string().max(200) }),
});
type CompleteParams = z.output<typeof CompleteParams>;

function invalid(message: string): JsonRpcError {
  return new JsonRpcError(ErrorCode.InvalidParams, message);
}

/** Which kind of value the referenced argument takes; -32602 when the reference names nothing. */
function kindOf({ ref, argument }: CompleteParams): CompletionKind {
  if (ref.type === 'ref/prompt') {
    const prompt = prompts.find((candidate) => candidate.name === ref.name);
    if (!prompt) {
      throw invalid(
        `Unknown prompt ${JSON.stringify(ref.name)}: complete one of ${prompts.map((p) => p.name).join(', ')}.`,
      );
    }
    const spec = prompt.arguments.find((candidate) => candidate.name === argument.name);
    if (!spec) {
      throw invalid(
        `Prompt ${prompt.name} has no argument ${JSON.stringify(argument.name)}; its arguments: ${prompt.arguments.map((a) => a.name).join(', ') || 'none'}.`,
      );
    }
    return spec.kind;
  }
  const template = templateResources.find((candidate) => candidate.uriTemplate === ref.uri);
  if (!template) {
    throw invalid(
      `Unknown resource template ${JSON.stringify(ref.uri)}: complete one of ${templateResources.map((t) => t.uriTemplate).join(', ')}.`,
    );
  }
  if (argument.name !== template.variable) {
    throw invalid(
      `${template.uriTemplate} has one variable, ${template.variable}; got ${JSON.stringify(argument.name)}.`,
    );
  }
  return template.variable === 'start' ? 'week' : 'date';
}

function recentDays(today: IsoDate): string[] {
  return Array.from({ length: RECENT_DAYS }, (_, index) => addDays(today, -index));
}

/** The last Mondays, this week's first (ISO weeks, as the prompts' periods). */
function recentMondays(today: IsoDate): string[] {
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  const monday = addDays(today, -((weekday + 6) % 7));
  return Array.from({ length: RECENT_WEEKS }, (_, index) => addDays(monday, -7 * index));
}

/** Distinct tag names of the last {@link TAG_DAYS} days, most used first; none when Oura cannot answer. */
async function tagNames(call: ToolCaller, today: IsoDate): Promise<string[]> {
  let rows: unknown;
  try {
    const answer = await toolAnswer(call, 'get_tags', { start_date: addDays(today, -(TAG_DAYS - 1)), end_date: today });
    rows = answer.structured.data;
  } catch {
    // Not connected, rate limited: a completion is a convenience, the prompt still works without it.
    return [];
  }
  const counts = new Map<string, number>();
  for (const row of Array.isArray(rows) ? (rows as Array<{ name?: unknown }>) : []) {
    if (typeof row.name === 'string' && row.name !== '') counts.set(row.name, (counts.get(row.name) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name]) => name);
}

async function candidates(kind: CompletionKind, today: IsoDate, call: ToolCaller): Promise<string[]> {
  switch (kind) {
    case 'date':
      return recentDays(today);
    case 'week':
      return recentMondays(today);
    case 'period':
      return NAMED_PERIODS.map(([name]) => name);
    case 'tag':
      return tagNames(call, today);
    case 'text':
      return [];
  }
}

export interface CompletionDeps {
  environment: ToolEnvironment;
  callerFor: CallerFor;
}

/** Registers `completion/complete` (capability `completions`). */
export function registerCompletions(server: Server, deps: CompletionDeps): void {
  server.setRequestHandler(looseRequest('completion/complete'), async (request, extra): Promise<CompleteResult> => {
    const params = parseParams(
      CompleteParams,
      request.params,
      'completion/complete',
      '{ ref: { type: "ref/prompt", name } or { type: "ref/resource", uri: a template }, argument: { name, value } }',
    );
    const kind = kindOf(params);
    const today = todayIn(deps.environment.timezone, deps.environment.now());
    const typed = params.argument.value.trim().toLowerCase();
    const matching = (await candidates(kind, today, deps.callerFor(extra))).filter((value) =>
      value.toLowerCase().startsWith(typed),
    );
    const values = matching.slice(0, MAX_VALUES);
    return { completion: { values, total: matching.length, hasMore: matching.length > values.length } };
  });
}
