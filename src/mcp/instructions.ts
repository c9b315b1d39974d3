/**
 * The server `instructions`: what the calling model (Poke's agent, Claude) reads to pick a tool.
 * Built from the tools actually registered, so a line never names a tool that is not there.
 */

/** One line per tool: the questions it answers. Tools missing from the registry are left out. */
const TOOL_GUIDE: ReadonlyArray<readonly [tool: string, when: string]> = [
  ['get_sleep_summary', 'sleep score, duration, stages, efficiency for a night or a range ("how did I sleep", "sleep this week")'],
  ['get_sleep_detailed', 'bedtimes, naps, sleep phases and heart rate/HRV through the night ("when did I go to bed", "did I nap")'],
  ['get_readiness_score', 'readiness score and its contributors, body temperature deviation ("how ready am I today", "am I recovered")'],
  ['get_activity_summary', 'steps, calories, activity time and activity score ("how active was I", "steps this week")'],
  ['get_heart_rate', 'heart rate samples and min/avg/max in a time window ("what was my heart rate this afternoon")'],
  ['get_workouts', 'workouts with activity type, duration, calories, intensity ("what workouts did I do")'],
  ['get_tags', 'tags and notes the owner added in the Oura app'],
  ['get_latest_ring_status', 'ring model, firmware, battery and last sync'],
  ['get_stress_and_resilience', 'daytime stress and recovery time, resilience level ("how stressed was I this week")'],
  ['get_spo2', 'blood oxygen (SpO2) during sleep and breathing disturbances'],
  ['get_cardio_fitness', 'VO2 max and cardiovascular age ("how fit am I")'],
  ['get_sessions', 'guided breathing, meditation, relaxation and nap sessions recorded with the Oura app ("did I meditate this week")'],
  ['get_bedtime_guidance', 'Oura\'s recommended bedtime window as local clock times ("when should I go to bed")'],
  ['get_rest_mode_periods', 'when Rest Mode was on (illness or recovery periods the owner declared) and its tags'],
  ['get_health_insights', 'an overview across sleep, readiness and activity with trends ("how am I doing lately")'],
  ['get_personal_info', "the owner's age, height, weight, biological sex and email as recorded by Oura"],
  ['connect_oura', 'Oura connection status and a fresh one-time link to connect or reconnect Oura ("connect my Oura")'],
];

const cache = new Map<string, string>();

/** What the instructions need to know of a registered tool. */
export interface ToolSummary {
  name: string;
  title: string;
}

/**
 * Instructions for the model, naming the owner's zone. Memoised per zone and tool set: it is built
 * for every per-request server.
 */
export function buildInstructions(timezone: string, tools: readonly ToolSummary[]): string {
  const key = `${timezone}\n${tools.map((tool) => tool.name).join(',')}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;

  const present = new Set(tools.map((tool) => tool.name));
  const guide = TOOL_GUIDE.filter(([tool]) => present.has(tool)).map(([tool, when]) => `- ${tool}: ${when}`);
  // A tool without a line here still gets one, from its title.
  for (const tool of tools) {
    if (!TOOL_GUIDE.some(([name]) => name === tool.name)) guide.push(`- ${tool.name}: ${tool.title.toLowerCase()}`);
  }

  const lines = [
    "This server reads the owner's Oura Ring data (read-only). Pick the tool by the question:",
    ...guide,
    '',
    `Dates: every date is a local calendar day (YYYY-MM-DD) in the owner's time zone, ${timezone}. "Today" means today in ${timezone}.`,
    present.has('get_sleep_summary')
      ? 'Oura files a night under the day you WAKE UP: for "last night" call get_sleep_summary with start_date = end_date = today; for "the night before last" use yesterday.'
      : 'Oura files a night under the day you WAKE UP: for "last night" ask for start_date = end_date = today; for "the night before last" use yesterday.',
    'end_date defaults to today; give start_date explicitly for ranges ("this week" = the last 7 days ending today).',
    "Today's sleep, readiness and activity appear only after the ring has synced with the Oura app: an empty answer for today usually means the owner should open the app to sync.",
    '',
    'If a tool answers that Oura is not connected (error -32000), give the owner the one-time link from that answer (or call connect_oura for a fresh one); after they approve in the browser, ask again.',
    'Error -32001 means Oura rate-limited the request: wait the number of seconds given before retrying. -32002 is an Oura API problem; -32602 means the arguments were wrong (the text says how to fix them).',
    'Answer with the numbers and units the tools give; do not invent data that is not in the result.',
  ];
  const text = lines.join('\n');
  cache.set(key, text);
  return text;
}
