/**
 * Cold latency per tool, in Oura round trips: the simulator answers every data request after 250 ± 50 ms
 * (seeded) and cuts heart rate into one page per UTC day (the model in `src/simulator/latency.ts` and
 * `SimulatorOptions.heartRatePaging`); our server's cache is emptied before each call. A call's round
 * trips are the time the network model added to it (cold with latency − cold without, medians) divided
 * by the mean latency: the requests that could not overlap. Subtracting the run without latency keeps
 * this machine's processing time (shared, noisy) out of the count.
 */
import { callTool, type Child } from './lib.js';

export const NETWORK_MODEL = {
  latency: { meanMs: 250, jitterMs: 50 },
  heartRatePaging: 'utcDay',
} as const;

const REPEATS = 3;

export interface ColdCase {
  tool: string;
  days: number;
  args: Record<string, unknown>;
}

export interface ColdResult extends ColdCase {
  /** Median wall time of the cold call with the network model, ms. */
  ms: number;
  /** Median wall time of the same cold call with instant answers, ms. */
  msWithoutLatency: number;
  roundTrips: number;
  /** Requests Oura received for one cold call. */
  upstreamRequests: number;
  target: number;
  met: boolean;
  /** False when the tool refuses the range (its own limit is shorter): not counted against the target. */
  applicable: boolean;
  error?: string;
}

/** Every tool at 7 and 30 days (tools without a range once), ending today in the owner's zone. */
export function coldCases(localDay: (offsetDays: number) => string): ColdCase[] {
  const today = localDay(0);
  const ranged = [
    'get_sleep_summary',
    'get_sleep_detailed',
    'get_readiness_score',
    'get_activity_summary',
    'get_workouts',
    'get_sessions',
    'get_tags',
    'get_spo2',
    'get_stress_and_resilience',
    'get_cardio_fitness',
    'get_rest_mode_periods',
    'get_bedtime_guidance',
  ];
  const cases: ColdCase[] = [];
  for (const days of [7, 30]) {
    const start = localDay(-(days - 1));
    for (const tool of ranged) cases.push({ tool, days, args: { start_date: start, end_date: today } });
    cases.push({ tool: 'get_heart_rate', days, args: { start_datetime: `${start}T00:00` } });
    cases.push({ tool: 'get_health_insights', days, args: { days } });
  }
  cases.push({ tool: 'get_latest_ring_status', days: 1, args: {} });
  cases.push({ tool: 'get_personal_info', days: 1, args: {} });
  return cases;
}

const sum = (counters: Record<string, number>): number =>
  Object.entries(counters)
    .filter(([route]) => !route.startsWith('oauth'))
    .reduce((total, [, n]) => total + n, 0);

/**
 * Runs each case cold `REPEATS` times against `ours` (pointed at `sim`, started with {@link NETWORK_MODEL})
 * and keeps the median. Target: ≤ 2 round trips up to 7 days, ≤ 3 up to 30 (met below half a round trip more).
 */
export async function measureColdLatency(ours: Child, sim: Child, cases: ColdCase[]): Promise<ColdResult[]> {
  const url = ours.info.url;
  const authToken = String(ours.info.authToken);
  let upstreamRequests = 0;
  let error: string | undefined;
  const coldMs = async (entry: ColdCase): Promise<number> => {
    const times: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      await ours.command('clearCache');
      await sim.command('resetCounters');
      const started = performance.now();
      const answer = await callTool(url, authToken, entry.tool, entry.args);
      times.push(performance.now() - started);
      upstreamRequests = sum((await sim.command<{ counters: Record<string, number> }>('counters')).counters);
      if (answer.status !== 200 || answer.error || answer.result?.isError)
        error = JSON.stringify(answer.error ?? answer.result?.content ?? answer.status).slice(0, 200);
    }
    return [...times].sort((a, b) => a - b)[Math.floor(REPEATS / 2)]!;
  };
  // One pass first: the first calls of a process warm the code paths (JIT, token file), not part of a case.
  await sim.command('latencyOff');
  for (const entry of cases) await coldMs(entry);
  const results: ColdResult[] = [];
  for (const entry of cases) {
    error = undefined;
    await sim.command('latencyOff');
    const without = await coldMs(entry);
    await sim.command('latencyOn');
    const withLatency = await coldMs(entry);
    const ms = Math.round(withLatency);
    const roundTrips = Math.round((Math.max(0, withLatency - without) / NETWORK_MODEL.latency.meanMs) * 10) / 10;
    const target = entry.days <= 7 ? 2 : 3;
    const applicable = !(error ?? '').includes('-32602');
    results.push({
      ...entry,
      ms,
      msWithoutLatency: Math.round(without),
      roundTrips,
      upstreamRequests,
      target,
      met: !applicable || (error === undefined && roundTrips < target + 0.5),
      applicable,
      ...(error === undefined ? {} : { error }),
    });
  }
  return results;
}

/** The README section for {@link measureColdLatency}'s results. */
export function renderColdLatency(cold: {
  model: typeof NETWORK_MODEL;
  upstreamConcurrency: number;
  target: string;
  met: boolean;
  tools: ColdResult[];
}): string[] {
  const lines = [
    `**Cold answers** — each tool with an empty cache, the simulator answering every request after ${cold.model.latency.meanMs} ± ${cold.model.latency.jitterMs} ms and cutting heart rate into one page per UTC day (our model of the real API: Oura's cursor carries a \`new_start_time\`, and a page per UTC day is what makes "reading page 1 only loses ~20% of a local day" true at UTC−5). Round trips = (median of 3 cold calls − the same without latency) / ${cold.model.latency.meanMs} ms, so this machine's processing time stays out of the count; UPSTREAM_CONCURRENCY ${cold.upstreamConcurrency}:`,
    '',
    '| Tool | days | ms (without latency) | round trips | Oura requests | target |',
    '|---|---|---|---|---|---|',
  ];
  for (const entry of cold.tools) {
    const verdict = !entry.applicable
      ? 'n/a (the tool accepts shorter ranges)'
      : entry.error
        ? `error: ${entry.error}`
        : `≤ ${entry.target} — ${entry.met ? '✅' : '❌'}`;
    lines.push(
      `| \`${entry.tool}\` | ${entry.days} | ${entry.ms} (${entry.msWithoutLatency}) | ${entry.roundTrips} | ${entry.upstreamRequests} | ${verdict} |`,
    );
  }
  const missed = cold.tools.filter((entry) => !entry.met);
  lines.push('', `| Target | Result |`, '|---|---|', `| ${cold.target} | ${cold.met ? '✅ met' : '❌ missed'} |`);
  if (missed.length > 0)
    lines.push(
      '',
      `Missed by ${missed.map((entry) => `\`${entry.tool}\` (${entry.days} days: ${entry.roundTrips} round trips, ${entry.upstreamRequests} requests)`).join(', ')}. Heart rate is read in one-day windows, at most ${cold.upstreamConcurrency} in flight (UPSTREAM_CONCURRENCY, which also sizes the keep-alive socket pool), so a month of it is ⌈31 / ${cold.upstreamConcurrency}⌉ round trips; \`get_workouts\` first needs its workouts (1 round trip), then reads heart rate only on the days that hold a workout, all at once.`,
    );
  return lines;
}
