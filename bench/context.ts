/**
 * Context economy: what the tool list and the standard answers cost a conversation, in bytes of
 * compact JSON, measured through the real `/mcp` endpoint. Used by the bench (`npm run bench -- --only
 * context`), by `scripts/measureContext.ts` and by the budget test.
 *
 * Bytes are UTF-8 bytes. The tool list is measured three ways: the whole JSON-RPC response body (what
 * the client receives), each tool's compact JSON, and its parts (description, input schema, output
 * schema, and the per-field `description` strings inside the schemas). An answer's cost is the bytes of
 * its text parts plus the compact JSON of `structuredContent`: a client that reads both pays both.
 */

/** Our server's `/mcp` and its API key. */
export interface McpEndpoint {
  baseUrl: string;
  authToken: string;
}

/** The simulated Oura cloud and a token for raw fetches. */
export interface RawEndpoint {
  simUrl: string;
  accessToken: string;
}

export const bytes = (text: string): number => Buffer.byteLength(text);

/** A JSON-RPC request over POST /mcp; answers come as JSON or as one SSE event. */
export async function rpc(
  endpoint: McpEndpoint,
  method: string,
  params: Record<string, unknown>,
  id = 1,
): Promise<{ body: string; message: JsonRpcMessage }> {
  const response = await fetch(`${endpoint.baseUrl}/mcp`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${endpoint.authToken}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-06-18',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id, method, params }),
  });
  const raw = await response.text();
  const isStream = (response.headers.get('content-type') ?? '').includes('text/event-stream');
  const body = isStream
    ? raw
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trim())
        .join('')
    : raw;
  if (response.status !== 200) throw new Error(`${method} answered HTTP ${response.status}: ${raw.slice(0, 300)}`);
  return { body, message: JSON.parse(body) as JsonRpcMessage };
}

export interface JsonRpcMessage {
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
}

export interface PublishedTool {
  name: string;
  description?: string;
  inputSchema: unknown;
  outputSchema?: unknown;
  [key: string]: unknown;
}

export interface ToolListEntry {
  tool: string;
  /** Compact JSON of the whole tool entry. */
  total: number;
  description: number;
  inputSchema: number;
  outputSchema: number;
  /** UTF-8 bytes of every `description` string inside the input / output schema. */
  inputFieldDescriptions: number;
  outputFieldDescriptions: number;
}

export interface ToolListSizes {
  /** The JSON-RPC response body of `tools/list`. */
  responseBytes: number;
  /** Compact JSON of the `tools` array. */
  toolsBytes: number;
  tools: ToolListEntry[];
  totals: Omit<ToolListEntry, 'tool' | 'total'>;
}

/** Sum of the UTF-8 bytes of every `description` string anywhere inside a JSON Schema. */
export function fieldDescriptionBytes(schema: unknown): number {
  if (Array.isArray(schema)) return schema.reduce((sum: number, item) => sum + fieldDescriptionBytes(item), 0);
  if (schema === null || typeof schema !== 'object') return 0;
  let sum = 0;
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'description' && typeof value === 'string') sum += bytes(value);
    // `properties` maps field names to schemas: a field named "description" is a schema, not prose.
    else sum += fieldDescriptionBytes(value);
  }
  return sum;
}

/** Sizes of a `tools/list` answer, per tool and in total. */
export function toolListSizes(responseBody: string, tools: readonly PublishedTool[]): ToolListSizes {
  const entries = tools.map((tool) => ({
    tool: tool.name,
    total: bytes(JSON.stringify(tool)),
    description: bytes(tool.description ?? ''),
    inputSchema: bytes(JSON.stringify(tool.inputSchema)),
    outputSchema: tool.outputSchema === undefined ? 0 : bytes(JSON.stringify(tool.outputSchema)),
    inputFieldDescriptions: fieldDescriptionBytes(tool.inputSchema),
    outputFieldDescriptions: fieldDescriptionBytes(tool.outputSchema),
  }));
  const add = (key: keyof ToolListSizes['totals']): number => entries.reduce((sum, entry) => sum + entry[key], 0);
  return {
    responseBytes: bytes(responseBody),
    toolsBytes: bytes(JSON.stringify(tools)),
    tools: entries,
    totals: {
      description: add('description'),
      inputSchema: add('inputSchema'),
      outputSchema: add('outputSchema'),
      inputFieldDescriptions: add('inputFieldDescriptions'),
      outputFieldDescriptions: add('outputFieldDescriptions'),
    },
  };
}

export interface ServerSizes {
  toolList: ToolListSizes;
  /** Characters and UTF-8 bytes of the server `instructions`. */
  instructions: { characters: number; bytes: number };
}

/** `initialize` (for the instructions) and `tools/list`, measured. */
export async function measureServer(endpoint: McpEndpoint): Promise<ServerSizes> {
  const init = await rpc(endpoint, 'initialize', {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'context-economy', version: '1.0.0' },
  });
  const instructions = typeof init.message.result?.instructions === 'string' ? init.message.result.instructions : '';
  const list = await rpc(endpoint, 'tools/list', {});
  const tools = list.message.result?.tools;
  if (!Array.isArray(tools)) throw new Error(`tools/list gave no tools: ${list.body.slice(0, 300)}`);
  return {
    toolList: toolListSizes(list.body, tools as PublishedTool[]),
    instructions: { characters: instructions.length, bytes: bytes(instructions) },
  };
}

/** A raw Oura request behind an answer: the same collection and window, every page. */
export interface RawFetch {
  collection: string;
  params: Record<string, string>;
}

/** Which budget a standard answer must meet (see {@link ANSWER_BUDGETS}). */
export type AnswerBudget = 'day' | 'week' | 'weekOfPeriods' | 'month' | 'full';

/**
 * Bytes (text + structuredContent) a default answer may cost: one day or one week ≤ 4 KB, a month ≤
 * 12 KB. `weekOfPeriods` is a week of sleep periods (7 nights and the naps between them: 10 in the
 * standard week), ~390 bytes of Oura figures each plus a table row: 6 KB, the one answer over 4 KB.
 * `full` is an answer the caller asked at full resolution: measured, not budgeted.
 */
export const ANSWER_BUDGETS: Record<AnswerBudget, number | null> = {
  day: 4096,
  week: 4096,
  weekOfPeriods: 6144,
  month: 12_288,
  full: null,
};

export interface StandardQuestion {
  question: string;
  tool: string;
  args: Record<string, unknown>;
  budget: AnswerBudget;
  /** The raw Oura JSON the answer stands for. */
  raw: RawFetch[];
}

/** Calendar arithmetic on `YYYY-MM-DD` (UTC noon, so no zone can shift the day). */
export function shiftDay(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * The standard questions of the context-economy measure, for an owner whose local day is `today` and
 * whose clock reads `nowIso` (UTC). Raw fetches ask for the same window a day wider on each side, as
 * our client does (Oura drops edge days on some routes). `lastNight` is the wake-up day of the latest
 * night the ring has synced: today once the owner is up, yesterday before (see {@link lastSyncedNight}).
 */
export function standardQuestions(today: string, nowIso: string, lastNight = today): StandardQuestion[] {
  const range = (days: number) => ({ start_date: shiftDay(today, -(days - 1)), end_date: today });
  const rawRange = (days: number) => ({ start_date: shiftDay(today, -days), end_date: shiftDay(today, 1) });
  const week = range(7);
  const month = range(30);
  const rawWeek = rawRange(7);
  const rawNight = { start_date: shiftDay(lastNight, -1), end_date: shiftDay(lastNight, 1) };
  const rawMonth = rawRange(30);
  const dayStart = `${today}T00:00`;
  const weekStartIso = new Date(Date.parse(nowIso) - 7 * 86_400_000).toISOString();
  const rawDay = {
    start_datetime: new Date(Date.parse(`${shiftDay(today, -1)}T00:00:00Z`)).toISOString(),
    end_datetime: nowIso,
  };
  const one = (collection: string, params: Record<string, string>): RawFetch[] => [{ collection, params }];
  return [
    {
      question: 'How did I sleep last night?',
      tool: 'get_sleep_summary',
      args: { start_date: lastNight, end_date: lastNight },
      budget: 'day',
      raw: [...one('daily_sleep', rawNight), ...one('sleep', rawNight)],
    },
    {
      question: 'Sleep, 7 days',
      tool: 'get_sleep_summary',
      args: week,
      budget: 'week',
      raw: [...one('daily_sleep', rawWeek), ...one('sleep', rawWeek)],
    },
    {
      question: 'Sleep with HRV, 30 days',
      tool: 'get_sleep_summary',
      args: { ...month, include_hrv: true },
      budget: 'month',
      raw: [...one('daily_sleep', rawMonth), ...one('sleep', rawMonth), ...one('daily_readiness', rawMonth)],
    },
    {
      question: 'Readiness, 7 days',
      tool: 'get_readiness_score',
      args: week,
      budget: 'week',
      raw: one('daily_readiness', rawWeek),
    },
    {
      question: 'Readiness, 30 days',
      tool: 'get_readiness_score',
      args: month,
      budget: 'month',
      raw: one('daily_readiness', rawMonth),
    },
    {
      question: 'Activity, 7 days',
      tool: 'get_activity_summary',
      args: week,
      budget: 'week',
      raw: one('daily_activity', rawWeek),
    },
    {
      question: 'Activity, 30 days',
      tool: 'get_activity_summary',
      args: month,
      budget: 'month',
      raw: one('daily_activity', rawMonth),
    },
    {
      question: 'Heart rate, today (default resolution)',
      tool: 'get_heart_rate',
      args: { start_datetime: dayStart },
      budget: 'day',
      raw: [...one('heartrate', rawDay), ...one('sleep', rawRange(1))],
    },
    {
      question: 'Heart rate, today (raw)',
      tool: 'get_heart_rate',
      args: { start_datetime: dayStart, resolution: 'raw' },
      budget: 'full',
      raw: [...one('heartrate', rawDay), ...one('sleep', rawRange(1))],
    },
    {
      question: 'Heart rate, 7 days (default resolution)',
      tool: 'get_heart_rate',
      args: { start_datetime: weekStartIso, end_datetime: nowIso },
      budget: 'week',
      raw: [...one('heartrate', { start_datetime: weekStartIso, end_datetime: nowIso }), ...one('sleep', rawWeek)],
    },
    {
      question: 'Sleep detail, last night',
      tool: 'get_sleep_detailed',
      args: { start_date: lastNight, end_date: lastNight },
      budget: 'day',
      raw: one('sleep', rawNight),
    },
    {
      question: 'Sleep detail, 7 nights',
      tool: 'get_sleep_detailed',
      args: week,
      budget: 'weekOfPeriods',
      raw: one('sleep', rawWeek),
    },
    {
      question: 'Workouts, 7 days',
      tool: 'get_workouts',
      args: week,
      budget: 'week',
      raw: [
        ...one('workout', rawWeek),
        ...one('heartrate', { start_datetime: `${week.start_date}T00:00:00Z`, end_datetime: nowIso }),
      ],
    },
    {
      question: 'Workouts, 30 days',
      tool: 'get_workouts',
      args: month,
      budget: 'month',
      raw: one('workout', rawMonth),
    },
    {
      question: 'Tags, 30 days',
      tool: 'get_tags',
      args: month,
      budget: 'month',
      raw: [...one('enhanced_tag', rawMonth), ...one('tag', rawMonth)],
    },
    {
      question: 'Stress and resilience, 7 days',
      tool: 'get_stress_and_resilience',
      args: week,
      budget: 'week',
      raw: [...one('daily_stress', rawWeek), ...one('daily_resilience', rawWeek)],
    },
    {
      question: 'Stress and resilience, 30 days',
      tool: 'get_stress_and_resilience',
      args: month,
      budget: 'month',
      raw: [...one('daily_stress', rawMonth), ...one('daily_resilience', rawMonth)],
    },
    { question: 'SpO2, 7 days', tool: 'get_spo2', args: week, budget: 'week', raw: one('daily_spo2', rawWeek) },
    {
      question: 'Cardio fitness, 30 days',
      tool: 'get_cardio_fitness',
      args: month,
      budget: 'month',
      raw: [...one('daily_cardiovascular_age', rawMonth), ...one('vO2_max', rawMonth)],
    },
    {
      question: 'Sessions, 30 days',
      tool: 'get_sessions',
      args: month,
      budget: 'month',
      raw: one('session', rawMonth),
    },
    {
      question: 'Bedtime guidance, 7 days',
      tool: 'get_bedtime_guidance',
      args: week,
      budget: 'week',
      raw: one('sleep_time', rawWeek),
    },
    {
      question: 'Rest Mode, 90 days',
      tool: 'get_rest_mode_periods',
      args: { start_date: shiftDay(today, -89), end_date: today },
      budget: 'month',
      raw: one('rest_mode_period', rawRange(90)),
    },
    {
      question: 'Insights, 7 days (+28-day baseline)',
      tool: 'get_health_insights',
      args: { days: 7 },
      budget: 'week',
      raw: ['daily_sleep', 'sleep', 'daily_readiness', 'daily_activity'].map((collection) => ({
        collection,
        params: rawRange(35),
      })),
    },
    {
      question: 'Ring status',
      tool: 'get_latest_ring_status',
      args: {},
      budget: 'day',
      raw: [...one('ring_configuration', {}), ...one('ring_battery_level', rawDay)],
    },
    { question: 'Personal info', tool: 'get_personal_info', args: {}, budget: 'day', raw: one('personal_info', {}) },
  ];
}

/**
 * The wake-up day of the latest night in the raw data: `today` once the owner is up and the ring has
 * synced, else yesterday. A bench run before the simulated owner wakes would otherwise weigh "last
 * night" as an empty answer.
 */
export async function lastSyncedNight(endpoint: RawEndpoint, today: string): Promise<string> {
  const url = new URL('/v2/usercollection/sleep', endpoint.simUrl);
  url.searchParams.set('start_date', shiftDay(today, -1));
  url.searchParams.set('end_date', shiftDay(today, 1));
  const response = await fetch(url, { headers: { authorization: `Bearer ${endpoint.accessToken}` } });
  if (response.status !== 200) throw new Error(`raw sleep answered ${response.status}`);
  const { data } = (await response.json()) as { data: Array<{ day: string; type: string }> };
  return data.some((period) => period.day === today && period.type === 'long_sleep') ? today : shiftDay(today, -1);
}

/** Bytes of every raw page behind an answer, following `next_token`. */
export async function fetchRaw(
  endpoint: RawEndpoint,
  fetches: readonly RawFetch[],
): Promise<{ bytes: number; pages: number }> {
  let total = 0;
  let pages = 0;
  for (const { collection, params } of fetches) {
    let next: string | null = null;
    do {
      const url = new URL(`/v2/usercollection/${collection}`, endpoint.simUrl);
      for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
      if (next) url.searchParams.set('next_token', next);
      const response = await fetch(url, { headers: { authorization: `Bearer ${endpoint.accessToken}` } });
      const text = await response.text();
      // A collection the simulator does not serve counts as nothing rather than failing the measure.
      if (response.status === 404) break;
      if (response.status !== 200)
        throw new Error(`raw ${collection} answered ${response.status}: ${text.slice(0, 200)}`);
      total += bytes(text);
      pages++;
      next = (JSON.parse(text) as { next_token?: string | null }).next_token ?? null;
    } while (next);
  }
  return { bytes: total, pages };
}

export interface AnswerSizes {
  question: string;
  tool: string;
  arguments: Record<string, unknown>;
  budget: AnswerBudget;
  budgetBytes: number | null;
  textBytes: number;
  structuredBytes: number;
  answerBytes: number;
  rawBytes: number;
  rawPages: number;
  /** answerBytes / rawBytes, three decimals. */
  ratio: number | null;
}

interface CallResult {
  content?: Array<{ type: string; text?: string }>;
  structuredContent?: unknown;
  isError?: boolean;
}

/** Calls each question's tool through `/mcp` and weighs the answer next to the raw Oura JSON behind it. */
export async function measureAnswers(
  endpoint: McpEndpoint,
  raw: RawEndpoint | null,
  questions: readonly StandardQuestion[],
): Promise<AnswerSizes[]> {
  const rows: AnswerSizes[] = [];
  for (const question of questions) {
    const { body, message } = await rpc(endpoint, 'tools/call', { name: question.tool, arguments: question.args });
    const result = message.result as CallResult | undefined;
    if (!result || result.isError) throw new Error(`${question.tool} failed: ${body.slice(0, 300)}`);
    const textBytes = (result.content ?? []).reduce((sum, part) => sum + bytes(part.text ?? ''), 0);
    const structuredBytes =
      result.structuredContent === undefined ? 0 : bytes(JSON.stringify(result.structuredContent));
    const rawSizes = raw ? await fetchRaw(raw, question.raw) : { bytes: 0, pages: 0 };
    const answerBytes = textBytes + structuredBytes;
    rows.push({
      question: question.question,
      tool: question.tool,
      arguments: question.args,
      budget: question.budget,
      budgetBytes: ANSWER_BUDGETS[question.budget],
      textBytes,
      structuredBytes,
      answerBytes,
      rawBytes: rawSizes.bytes,
      rawPages: rawSizes.pages,
      ratio: rawSizes.bytes > 0 ? Math.round((answerBytes / rawSizes.bytes) * 1000) / 1000 : null,
    });
  }
  return rows;
}

/**
 * The figures of issue #13, measured on the code before the slimming (tools/list JSON-RPC body, 17
 * tools): the "before" column of the bench's context-economy section.
 */
export const BEFORE_SLIMMING = {
  responseBytes: 63_112,
  description: 8_471,
  inputSchema: 6_621,
  outputSchema: 44_000,
  outputFieldDescriptions: 18_411,
  instructionsCharacters: 2_913,
  tools: {
    get_personal_info: 1_461,
    get_sleep_summary: 4_963,
    get_readiness_score: 4_749,
    get_activity_summary: 4_576,
    get_heart_rate: 5_012,
    get_workouts: 3_878,
    get_sleep_detailed: 5_157,
    get_tags: 2_541,
    get_latest_ring_status: 2_852,
    get_health_insights: 6_050,
    get_stress_and_resilience: 4_212,
    get_spo2: 2_565,
    get_cardio_fitness: 3_970,
    get_sessions: 3_488,
    get_bedtime_guidance: 3_045,
    get_rest_mode_periods: 2_989,
    connect_oura: 1_542,
  } as Record<string, number>,
  // The four figures, then this script's first run on the code before the slimming (29 Nov 2026).
  answers: {
    'Sleep, 7 days': { textBytes: 876, structuredBytes: 1_662 },
    'Activity, 30 days': { textBytes: 4_279, structuredBytes: 10_778 },
    'Sleep detail, 7 nights': { textBytes: 2_400, structuredBytes: 16_402 },
    'Heart rate, today (raw)': { textBytes: 278, structuredBytes: 48_565 },
    'How did I sleep last night?': { textBytes: 207, structuredBytes: 327 },
    'Sleep with HRV, 30 days': { textBytes: 3_781, structuredBytes: 7_785 },
    'Readiness, 7 days': { textBytes: 882, structuredBytes: 2_135 },
    'Readiness, 30 days': { textBytes: 3_478, structuredBytes: 8_836 },
    'Activity, 7 days': { textBytes: 1_097, structuredBytes: 2_619 },
    'Heart rate, today (default resolution)': { textBytes: 355, structuredBytes: 2_793 },
    'Heart rate, 7 days (default resolution)': { textBytes: 356, structuredBytes: 1_176 },
    'Sleep detail, last night': { textBytes: 355, structuredBytes: 2_042 },
    'Workouts, 7 days': { textBytes: 498, structuredBytes: 1_581 },
    'Workouts, 30 days': { textBytes: 1_196, structuredBytes: 4_034 },
    'Tags, 30 days': { textBytes: 832, structuredBytes: 5_741 },
    'Stress and resilience, 7 days': { textBytes: 725, structuredBytes: 1_582 },
    'Stress and resilience, 30 days': { textBytes: 2_632, structuredBytes: 6_216 },
    'SpO2, 7 days': { textBytes: 318, structuredBytes: 734 },
    'Cardio fitness, 30 days': { textBytes: 257, structuredBytes: 2_714 },
    'Sessions, 30 days': { textBytes: 1_067, structuredBytes: 2_957 },
    'Bedtime guidance, 7 days': { textBytes: 723, structuredBytes: 2_824 },
    'Rest Mode, 90 days': { textBytes: 119, structuredBytes: 602 },
    'Insights, 7 days (+28-day baseline)': { textBytes: 1_141, structuredBytes: 1_376 },
    'Ring status': { textBytes: 268, structuredBytes: 337 },
    'Personal info': { textBytes: 85, structuredBytes: 95 },
  } as Record<string, { textBytes: number; structuredBytes: number }>,
} as const;

/** Budgets of issue #13: the tool list and the instructions. */
export const TOOL_LIST_BUDGET = 16_384;
export const INSTRUCTIONS_BUDGET = 1_536;

export interface ContextEconomy {
  server: ServerSizes;
  answers: AnswerSizes[];
  before: typeof BEFORE_SLIMMING;
  targets: Record<string, { target: string; value: number | string; met: boolean }>;
}

/** The whole context-economy measure: server sizes, standard answers with their raw JSON, targets. */
export async function measureContextEconomy(
  endpoint: McpEndpoint,
  raw: RawEndpoint,
  today: string,
  nowIso: string,
): Promise<ContextEconomy> {
  const server = await measureServer(endpoint);
  const lastNight = await lastSyncedNight(raw, today);
  const answers = await measureAnswers(endpoint, raw, standardQuestions(today, nowIso, lastNight));
  const over = answers.filter((answer) => answer.budgetBytes !== null && answer.answerBytes > answer.budgetBytes);
  return {
    server,
    answers,
    before: BEFORE_SLIMMING,
    targets: {
      toolList: {
        target: `tools/list ≤ ${TOOL_LIST_BUDGET} bytes (JSON-RPC body)`,
        value: server.toolList.responseBytes,
        met: server.toolList.responseBytes <= TOOL_LIST_BUDGET,
      },
      instructions: {
        target: `instructions ≤ ${INSTRUCTIONS_BUDGET} bytes`,
        value: server.instructions.bytes,
        met: server.instructions.bytes <= INSTRUCTIONS_BUDGET,
      },
      answers: {
        target:
          'every default answer within its budget (text + structured: a day or a week ≤ 4 KB, a week of sleep periods ≤ 6 KB, a month ≤ 12 KB)',
        value: over.length === 0 ? 'all within' : over.map((answer) => answer.question).join('; '),
        met: over.length === 0,
      },
    },
  };
}

const count = (value: number): string => value.toLocaleString('en-US');
const percent = (part: number, whole: number): string => `${((part / whole) * 100).toFixed(1)}%`;

/** The README's context-economy section (markdown lines), from a {@link measureContextEconomy} result. */
export function renderContextEconomy(c: ContextEconomy): string[] {
  const { toolList, instructions } = c.server;
  const mark = (met: boolean): string => (met ? '✅ met' : '❌ missed');
  const lines = [
    `**Context economy** — what a conversation pays before and after the first question (issue #13; "before" = the figures measured before the slimming). \`tools/list\`: ${count(toolList.responseBytes)} bytes of compact JSON (before ${count(c.before.responseBytes)}, ${percent(toolList.responseBytes, c.before.responseBytes)}); descriptions ${count(toolList.totals.description)} (before ${count(c.before.description)}), input schemas ${count(toolList.totals.inputSchema)} (before ${count(c.before.inputSchema)}), output schemas ${count(toolList.totals.outputSchema)} (before ${count(c.before.outputSchema)}, of which ${count(c.before.outputFieldDescriptions)} per-field prose; now ${count(toolList.totals.outputFieldDescriptions)}); instructions ${count(instructions.bytes)} bytes (before ${count(c.before.instructionsCharacters)}).`,
    '',
    '| Tool | tools/list bytes | before | after/before | description | input schema | output schema |',
    '|---|---|---|---|---|---|---|',
    ...toolList.tools.map((tool) => {
      const before = c.before.tools[tool.tool];
      return `| \`${tool.tool}\` | ${count(tool.total)} | ${before === undefined ? '—' : count(before)} | ${before === undefined ? '—' : percent(tool.total, before)} | ${count(tool.description)} | ${count(tool.inputSchema)} | ${count(tool.outputSchema)} |`;
    }),
    '',
    'Standard answers (text + structuredContent JSON) next to the raw Oura JSON behind them (the same collections fetched raw from the simulator, every page):',
    '',
    '| Question | Tool | text | structured | answer | budget | before | raw Oura JSON | answer/raw |',
    '|---|---|---|---|---|---|---|---|---|',
    ...c.answers.map((answer) => {
      const before = c.before.answers[answer.question];
      return `| ${answer.question} | \`${answer.tool}\` | ${count(answer.textBytes)} | ${count(answer.structuredBytes)} | ${count(answer.answerBytes)} | ${answer.budgetBytes === null ? 'full resolution, no budget' : count(answer.budgetBytes)} | ${before ? count(before.textBytes + before.structuredBytes) : '—'} | ${count(answer.rawBytes)} | ${answer.rawBytes > 0 ? percent(answer.answerBytes, answer.rawBytes) : '—'} |`;
    }),
    '',
    '| Target | Result |',
    '|---|---|',
    ...Object.values(c.targets).map(
      (target) =>
        `| ${target.target} | ${typeof target.value === 'number' ? count(target.value) : target.value} — ${mark(target.met)} |`,
    ),
  ];
  return lines;
}
