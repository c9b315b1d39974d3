/**
 * The server `instructions`: what the calling model (Poke's agent, Claude) reads first, on every turn.
 * They hold what every tool shares and no description repeats (issue #13): the owner's zone and dates,
 * the wake-up-day rule, the units, what the texts contain, and the errors. Each tool's description says
 * what it answers. Built from the tools actually registered, so a line never names a tool that is not
 * there.
 */

const cache = new Map<string, string>();

/** What the instructions need to know of a registered tool. */
export interface ToolSummary {
  name: string;
  title: string;
}

/** Questions whose tool is not the obvious one, as [question, tool, how]. */
const ROUTES: ReadonlyArray<readonly [question: string, tool: string, how: string]> = [
  ['HRV', 'get_sleep_summary', ' with include_hrv'],
  ['resting heart rate, bedtimes', 'get_sleep_summary', ''],
  ['naps', 'get_sleep_detailed', ''],
  ['"does X affect my sleep"', 'get_tags', ' with effect_of'],
  ['"how am I doing"', 'get_health_insights', ''],
];

/**
 * Instructions for the model, naming the owner's zone. Memoised per zone and tool set: it is built
 * for every per-request server.
 */
export function buildInstructions(timezone: string, tools: readonly ToolSummary[]): string {
  const key = `${timezone}\n${tools.map((tool) => tool.name).join(',')}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;

  const present = new Set(tools.map((tool) => tool.name));
  const routes = ROUTES.filter(([, tool]) => present.has(tool)).map(
    ([question, tool, how]) => `${question}: ${tool}${how}`,
  );
  const sleepTools = ['get_sleep_summary', 'get_sleep_detailed'].filter((tool) => present.has(tool));
  const lines = [
    "Reads the owner's Oura Ring data (read-only). Each tool's description says what it answers.",
    ...(routes.length > 0 ? [`Less obvious: ${routes.join('; ')}.`] : []),
    `Dates are local days, YYYY-MM-DD, in the owner's zone ${timezone}; "today" is today there. end_date defaults to today; give start_date for a range ("this week" = the 7 days ending today).`,
    `Oura files a night under the day the owner WAKES UP: for "last night" use start_date = end_date = today${sleepTools.length > 0 ? ` (${sleepTools.join(', ')})` : ''}; the night before is yesterday.`,
    "Units: durations in seconds; scores and contributors 0–100; heart rate bpm; HRV ms; temperature as °C deviation from the owner's baseline; kcal; metres; SpO2 %. Times are local with their offset. null = Oura has no value.",
    "Each answer's text holds the rows needed for follow-up questions; long series come summarised, and the text says how to ask for more.",
    "Today's sleep, readiness and activity appear once the ring has synced with the Oura app: an empty answer for today usually means the owner should open the app.",
    `Errors: -32000 Oura not connected: give the owner the one-time link from the answer${present.has('connect_oura') ? ' (or call connect_oura)' : ''}, then ask again. -32001 rate limited: wait the seconds given. -32002 Oura API problem. -32602 wrong arguments: the text says how to fix them.`,
    'Answer with the numbers and units the tools give; never invent data.',
  ];
  const text = lines.join('\n');
  cache.set(key, text);
  return text;
}
