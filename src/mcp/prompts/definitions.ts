/**
 * The prompts: ready-made questions whose text tells the model which tools to call with which
 * arguments (dates already resolved in the owner's zone), then what to write. Arguments are strings
 * (MCP prompts); each is checked and a bad one is -32602 with what to send instead.
 */
import { addDays, type IsoDate } from '../../lib/time.js';
import { MAX_PERIOD_DAYS, parseDay, resolvePeriod, type DayRange } from '../periods.js';

/** Which completion source offers values for an argument. */
export type ArgumentKind = 'date' | 'period' | 'tag' | 'text';

export interface PromptArgumentDefinition {
  name: string;
  description: string;
  required: boolean;
  kind: ArgumentKind;
}

/** What a prompt's text may depend on besides its arguments. */
export interface PromptEnvironment {
  today: IsoDate;
  /** True when `get_tags` takes `effect_of` (a tag's effect on sleep and readiness). */
  tagsHaveEffectOf: boolean;
}

export interface PromptDefinition {
  name: string;
  title: string;
  description: string;
  arguments: readonly PromptArgumentDefinition[];
  /** The user message; arguments are present when required, trimmed, never empty. */
  text(args: Readonly<Record<string, string>>, env: PromptEnvironment): string;
}

function call(tool: string, args: Record<string, string | number | boolean>): string {
  const list = Object.entries(args).map(
    ([key, value]) => `${key}=${typeof value === 'string' ? `"${value}"` : String(value)}`,
  );
  return `${tool}(${list.join(', ')})`;
}

function dates(range: DayRange): Record<string, string> {
  return { start_date: range.start_date, end_date: range.end_date };
}

function steps(lines: readonly string[]): string {
  return lines.map((line, index) => `${index + 1}. ${line}`).join('\n');
}

const weeklyReview: PromptDefinition = {
  name: 'weekly_review',
  title: 'Weekly review',
  description: 'A review of one week of sleep, readiness and activity, with what to change next week.',
  arguments: [
    {
      name: 'week_start',
      description: 'First day of the week, YYYY-MM-DD; default the 7 days ending today',
      required: false,
      kind: 'date',
    },
  ],
  text(args, env) {
    const start =
      args.week_start === undefined ? addDays(env.today, -6) : parseDay('week_start', args.week_start, env.today);
    const last = addDays(start, 6);
    const range = { start_date: start, end_date: last > env.today ? env.today : last };
    return [
      `Review my week from ${range.start_date} to ${range.end_date} using my Oura data. Call these tools:`,
      steps([
        call('get_sleep_summary', { ...dates(range), include_hrv: true }),
        call('get_readiness_score', dates(range)),
        call('get_activity_summary', dates(range)),
        call('get_health_insights', { days: 7, end_date: range.end_date }),
      ]),
      'Then write a short review: the best and the worst day and why, how sleep, readiness and activity moved against the baseline, and two concrete things to try next week. Use only the numbers the tools return.',
    ].join('\n');
  },
};

const sleepDebrief: PromptDefinition = {
  name: 'sleep_debrief',
  title: "Last night's sleep",
  description: 'A debrief of one night: score, stages, timing, heart rate and HRV, and tonight’s bedtime.',
  arguments: [
    {
      name: 'date',
      description: 'The morning the night ended, YYYY-MM-DD; default today',
      required: false,
      kind: 'date',
    },
  ],
  text(args, env) {
    const date = args.date === undefined ? env.today : parseDay('date', args.date, env.today);
    const night = { start_date: date, end_date: date };
    return [
      `Debrief the night that ended on the morning of ${date} (Oura dates a night by the day you wake up). Call:`,
      steps([
        call('get_sleep_summary', { ...night, include_hrv: true }),
        call('get_sleep_detailed', night),
        call('get_bedtime_guidance', { end_date: date }),
      ]),
      'Then tell me in a few lines: how the night compares with my recent nights, what stood out (stages, latency, awake time, lowest heart rate, HRV), and the bedtime window for tonight. If there is no data for that night, say so and stop.',
    ].join('\n');
  },
};

const recoveryCheck: PromptDefinition = {
  name: 'recovery_check',
  title: 'Recovery check before training',
  description: 'Whether to train hard, easy or rest today, from readiness, sleep, stress and recent load.',
  arguments: [
    {
      name: 'training',
      description: 'The planned session, e.g. "intervals 45 min"; optional',
      required: false,
      kind: 'text',
    },
  ],
  text(args, env) {
    const week = { start_date: addDays(env.today, -6), end_date: env.today };
    const plan = args.training === undefined ? 'a training session' : `this session: ${args.training.slice(0, 200)}`;
    return [
      `I am planning ${plan} today (${env.today}). Check my recovery first. Call:`,
      steps([
        call('get_readiness_score', dates(week)),
        call('get_sleep_summary', { start_date: addDays(env.today, -2), end_date: env.today, include_hrv: true }),
        call('get_stress_and_resilience', dates(week)),
        call('get_workouts', dates(week)),
      ]),
      "Then answer in one line first — go as planned, go easier, or rest — and explain it with today's readiness and its weakest contributors, the last nights' sleep and HRV, the stress balance and the recent training load.",
    ].join('\n');
  },
};

const sleepFactors: PromptDefinition = {
  name: 'sleep_factors',
  title: 'What affects my sleep',
  description: 'How the tags I log (caffeine, alcohol, late meals…) line up with my sleep and readiness.',
  arguments: [
    {
      name: 'tag',
      description: 'One tag to focus on, as logged in the Oura app; optional',
      required: false,
      kind: 'tag',
    },
    {
      name: 'period',
      description: `Period to look at: "last 30 days", "last month" or start..end; default the last 60 days (at most ${MAX_PERIOD_DAYS} days)`,
      required: false,
      kind: 'period',
    },
  ],
  text(args, env) {
    const range =
      args.period === undefined
        ? { start_date: addDays(env.today, -59), end_date: env.today }
        : resolvePeriod('period', args.period, env.today);
    const tagStep =
      env.tagsHaveEffectOf && args.tag !== undefined
        ? call('get_tags', { ...dates(range), effect_of: args.tag })
        : call('get_tags', dates(range));
    const focus = args.tag === undefined ? 'each tag I logged more than twice' : `the tag "${args.tag.slice(0, 60)}"`;
    return [
      `What affects my sleep? Look at ${focus} from ${range.start_date} to ${range.end_date}. Call:`,
      steps([
        tagStep,
        call('get_sleep_summary', { ...dates(range), include_hrv: true }),
        call('get_readiness_score', dates(range)),
      ]),
      'Then compare the nights after a tagged day with the other nights (sleep score, total sleep, HRV, next-day readiness). Give the number of nights on each side and call a difference real only when both sides have at least three nights; otherwise say there is not enough data.',
    ].join('\n');
  },
};

const comparePeriods: PromptDefinition = {
  name: 'compare_periods',
  title: 'Compare two periods',
  description: 'Sleep, readiness and activity of one period against another.',
  arguments: [
    {
      name: 'period_a',
      description: 'First period: "last week", "this month", "last 30 days" or start..end (YYYY-MM-DD..YYYY-MM-DD)',
      required: true,
      kind: 'period',
    },
    { name: 'period_b', description: 'Second period, same forms', required: true, kind: 'period' },
  ],
  text(args, env) {
    const a = resolvePeriod('period_a', args.period_a ?? '', env.today);
    const b = resolvePeriod('period_b', args.period_b ?? '', env.today);
    const tools = ['get_sleep_summary', 'get_readiness_score', 'get_activity_summary'];
    return [
      `Compare ${a.start_date}..${a.end_date} (A) with ${b.start_date}..${b.end_date} (B). Call:`,
      steps([...tools.map((tool) => call(tool, dates(a))), ...tools.map((tool) => call(tool, dates(b)))]),
      "Then put the two periods side by side: each tool's averages for A and B and the difference, using the averages the tools return (never recompute them from rounded daily values). Say which differences are large enough to matter and which period had more days with data.",
    ].join('\n');
  },
};

export const prompts: readonly PromptDefinition[] = [
  weeklyReview,
  sleepDebrief,
  recoveryCheck,
  sleepFactors,
  comparePeriods,
];
