/**
 * What the owner can ask, as a table: each question with the tool and arguments that answer it and the
 * values the answer's TEXT must contain (a client that reads only `content` must be able to answer),
 * computed here from the simulator's raw rows, independently of the server's mappers. The capability
 * test runs every row against the simulator; the README's tool section is generated from it, so the
 * documented questions are the tested ones. Run before and after a change to the tool list, it shows
 * that nothing was lost (issue #13).
 */
import type { SimulatedDataset } from '../../src/simulator/types.js';

/** The owner's clock for the table: a Thursday morning in Berlin (UTC+1). */
export const CAPABILITY_NOW = new Date('2025-11-20T08:30:00Z');
export const CAPABILITY_TIMEZONE = 'Europe/Berlin';
const TODAY = '2025-11-20';
const YESTERDAY = '2025-11-19';
const WEEK = { start_date: '2025-11-14', end_date: TODAY };
const MONTH = { start_date: '2025-10-22', end_date: TODAY };

export interface Capability {
  question: string;
  tool: string;
  args: Record<string, unknown>;
  /** Strings the answer's text must contain, from the raw rows. */
  expect(data: SimulatedDataset): string[];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** `7 h 5 min`, `45 min`, `2 h` (whole minutes). */
export function hoursMinutes(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}
/** `20 Nov` of `2025-11-20`. */
const dayMonth = (day: string): string => `${Number(day.slice(8, 10))} ${MONTHS[Number(day.slice(5, 7)) - 1]}`;
const thousands = (value: number): string => Math.round(value).toLocaleString('en-US');
const inRange = (day: string, range: { start_date: string; end_date: string }): boolean =>
  day >= range.start_date && day <= range.end_date;
const average = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
/** Local `HH:MM` of an ISO date-time that carries the owner's offset (as Oura's rows do). */
function clock(iso: string | null): string {
  if (iso === null) throw new Error('the simulated period has no end time');
  return iso.slice(11, 16);
}
function only<T>(rows: T[], what: string): T {
  if (rows.length === 0) throw new Error(`the simulated data has no ${what}`);
  return rows[rows.length - 1]!;
}

const mainSleep = (d: SimulatedDataset, day: string) =>
  only(
    d.byDate.sleep.filter((s) => s.day === day && s.type === 'long_sleep'),
    `main sleep on ${day}`,
  );
const dailySleep = (d: SimulatedDataset, day: string) =>
  only(
    d.byDate.daily_sleep.filter((s) => s.day === day),
    `daily_sleep on ${day}`,
  );
const readiness = (d: SimulatedDataset, day: string) =>
  only(
    d.byDate.daily_readiness.filter((r) => r.day === day),
    `readiness on ${day}`,
  );
const activity = (d: SimulatedDataset, day: string) =>
  only(
    d.byDate.daily_activity.filter((a) => a.day === day),
    `activity on ${day}`,
  );
const heartRateBetween = (d: SimulatedDataset, from: string, to: string) =>
  d.byDatetime.heartrate
    .filter((row) => Date.parse(row.timestamp) >= Date.parse(from) && Date.parse(row.timestamp) <= Date.parse(to))
    .map((row) => row.bpm);

export const CAPABILITIES: readonly Capability[] = [
  // Sleep
  {
    question: 'What was my sleep score last night?',
    tool: 'get_sleep_summary',
    args: { start_date: TODAY, end_date: TODAY },
    expect: (d) => [`score ${dailySleep(d, TODAY).score}`],
  },
  {
    question: 'How long did I sleep last night?',
    tool: 'get_sleep_summary',
    args: { start_date: TODAY, end_date: TODAY },
    expect: (d) => [hoursMinutes(mainSleep(d, TODAY).total_sleep_duration!)],
  },
  {
    question: 'How much deep and REM sleep did I get last night?',
    tool: 'get_sleep_summary',
    args: { start_date: TODAY, end_date: TODAY },
    expect: (d) => [
      `deep ${hoursMinutes(mainSleep(d, TODAY).deep_sleep_duration!)}`,
      `REM ${hoursMinutes(mainSleep(d, TODAY).rem_sleep_duration!)}`,
    ],
  },
  {
    question: 'How did I sleep this week?',
    tool: 'get_sleep_summary',
    args: WEEK,
    expect: (d) => [
      `${Math.round(average(d.byDate.daily_sleep.filter((s) => inRange(s.day, WEEK)).map((s) => s.score!)))}`,
    ],
  },
  {
    question: 'Which night this week was my worst?',
    tool: 'get_sleep_summary',
    args: WEEK,
    expect: (d) => [
      dayMonth(
        [...d.byDate.daily_sleep.filter((s) => inRange(s.day, WEEK))].sort((a, b) => a.score! - b.score!)[0]!.day,
      ),
    ],
  },
  {
    question: "What's my HRV been this week?",
    tool: 'get_sleep_summary',
    args: { ...WEEK, include_hrv: true },
    expect: (d) => [`${Math.round(mainSleep(d, TODAY).average_hrv!)} ms`],
  },
  {
    question: 'How long have I been sleeping on average this month?',
    tool: 'get_sleep_summary',
    args: MONTH,
    expect: (d) => {
      const days = [
        ...new Set(d.byDate.sleep.filter((s) => inRange(s.day, MONTH) && s.type === 'long_sleep').map((s) => s.day)),
      ];
      return [hoursMinutes(average(days.map((day) => mainSleep(d, day).total_sleep_duration!)))];
    },
  },
  {
    question: 'When did I go to bed and wake up last night?',
    tool: 'get_sleep_detailed',
    args: { start_date: TODAY, end_date: TODAY },
    expect: (d) => [clock(mainSleep(d, TODAY).bedtime_start), clock(mainSleep(d, TODAY).bedtime_end)],
  },
  {
    question: 'What was my lowest heart rate last night?',
    tool: 'get_sleep_detailed',
    args: { start_date: TODAY, end_date: TODAY },
    // The text's table column "heart rate avg/lowest bpm".
    expect: (d) => [
      `${Math.round(mainSleep(d, TODAY).average_heart_rate! * 10) / 10}/${mainSleep(d, TODAY).lowest_heart_rate}`,
      'avg/lowest',
    ],
  },
  {
    question: 'Did I nap this week?',
    tool: 'get_sleep_detailed',
    args: WEEK,
    expect: (d) => {
      const nap = only(
        d.byDate.sleep.filter((s) => inRange(s.day, WEEK) && s.type !== 'long_sleep'),
        'nap this week',
      );
      return [`${clock(nap.bedtime_start)}–${clock(nap.bedtime_end)}`];
    },
  },
  // Readiness
  {
    question: "How's my readiness today?",
    tool: 'get_readiness_score',
    args: { start_date: TODAY, end_date: TODAY },
    expect: (d) => [`${readiness(d, TODAY).score}`],
  },
  {
    question: 'Is my readiness trending down this month?',
    tool: 'get_readiness_score',
    args: MONTH,
    expect: (d) => [
      `${Math.round(average(d.byDate.daily_readiness.filter((r) => inRange(r.day, MONTH)).map((r) => r.score!)))}`,
      'trend',
    ],
  },
  {
    question: 'Is my body temperature off?',
    tool: 'get_readiness_score',
    args: { start_date: TODAY, end_date: TODAY },
    expect: (d) => {
      const deviation = readiness(d, TODAY).temperature_deviation!;
      return [`${deviation > 0 ? '+' : ''}${deviation.toFixed(2)} °C`];
    },
  },
  // Activity
  {
    question: 'Show me my activity for the past week.',
    tool: 'get_activity_summary',
    args: WEEK,
    expect: (d) => [
      thousands(d.byDate.daily_activity.filter((a) => inRange(a.day, WEEK)).reduce((sum, a) => sum + a.steps, 0)),
    ],
  },
  {
    question: 'How many steps did I take yesterday?',
    tool: 'get_activity_summary',
    args: { start_date: YESTERDAY, end_date: YESTERDAY },
    expect: (d) => [thousands(activity(d, YESTERDAY).steps)],
  },
  {
    question: 'Did I reach my calorie target yesterday?',
    tool: 'get_activity_summary',
    args: { start_date: YESTERDAY, end_date: YESTERDAY },
    expect: (d) => [
      `${thousands(activity(d, YESTERDAY).active_calories)}`,
      `${thousands(activity(d, YESTERDAY).target_calories)}`,
    ],
  },
  {
    question: 'How many calories did I burn yesterday?',
    tool: 'get_activity_summary',
    args: { start_date: YESTERDAY, end_date: YESTERDAY },
    expect: (d) => [thousands(activity(d, YESTERDAY).total_calories)],
  },
  // Heart rate
  {
    question: 'What was my heart rate yesterday afternoon?',
    tool: 'get_heart_rate',
    args: { start_datetime: `${YESTERDAY}T12:00`, end_datetime: `${YESTERDAY}T18:00` },
    expect: (d) => {
      const bpm = heartRateBetween(d, `${YESTERDAY}T12:00:00+01:00`, `${YESTERDAY}T18:00:00+01:00`);
      return [`min ${Math.min(...bpm)}`, `max ${Math.max(...bpm)}`];
    },
  },
  {
    question: "What's my resting heart rate?",
    tool: 'get_heart_rate',
    args: { start_datetime: TODAY },
    expect: (d) => [`resting ${mainSleep(d, TODAY).lowest_heart_rate} bpm`],
  },
  // Workouts
  {
    question: 'What was my heart rate during my last run?',
    tool: 'get_workouts',
    args: MONTH,
    expect: (d) => {
      const run = only(
        d.byDate.workout.filter((w) => inRange(w.day, MONTH) && w.activity === 'running'),
        'run this month',
      );
      const bpm = d.byDatetime.heartrate
        .filter(
          (row) =>
            Date.parse(row.timestamp) >= Date.parse(run.start_datetime) &&
            Date.parse(row.timestamp) < Date.parse(run.end_datetime),
        )
        .map((row) => row.bpm);
      return [`avg ${Math.round(average(bpm))}`, `max ${Math.max(...bpm)}`];
    },
  },
  {
    question: 'What workouts did I do this month?',
    tool: 'get_workouts',
    args: MONTH,
    expect: (d) => {
      const workouts = d.byDate.workout.filter((w) => inRange(w.day, MONTH));
      return [`${workouts.length}`, ...new Set(workouts.map((w) => w.activity))];
    },
  },
  {
    question: 'How many calories did my workouts burn this month?',
    tool: 'get_workouts',
    args: MONTH,
    expect: (d) => [
      thousands(d.byDate.workout.filter((w) => inRange(w.day, MONTH)).reduce((sum, w) => sum + (w.calories ?? 0), 0)),
    ],
  },
  // Tags
  {
    question: 'When did I last log alcohol?',
    tool: 'get_tags',
    args: MONTH,
    expect: (d) => {
      const tag = only(
        d.byDate.enhanced_tag.filter((t) => inRange(t.start_day, MONTH) && t.tag_type_code === 'tag_generic_alcohol'),
        'alcohol tag',
      );
      return [dayMonth(tag.start_day), 'Alcohol'];
    },
  },
  {
    question: 'Did I note anything when I was sick?',
    tool: 'get_tags',
    args: MONTH,
    expect: (d) => [
      only(
        d.byDate.enhanced_tag.filter(
          (t) => inRange(t.start_day, MONTH) && t.tag_type_code === 'tag_generic_sick' && t.comment,
        ),
        'sick tag with a comment',
      ).comment!,
    ],
  },
  // Ring and owner
  {
    question: "What's my ring's battery level?",
    tool: 'get_latest_ring_status',
    args: {},
    expect: (d) => [
      `${
        only(
          d.byDatetime.ring_battery_level.filter((b) => Date.parse(b.timestamp) <= CAPABILITY_NOW.getTime()),
          'battery sample',
        ).level
      }%`,
    ],
  },
  {
    question: 'Which firmware is my ring on?',
    tool: 'get_latest_ring_status',
    args: {},
    expect: (d) => [only(d.ringConfigurations, 'ring').firmware_version!],
  },
  {
    question: 'What weight and height does Oura have for me?',
    tool: 'get_personal_info',
    args: {},
    expect: (d) => [`${d.personalInfo.weight} kg`, `${Math.round(d.personalInfo.height! * 100)} cm`],
  },
  // Overview
  {
    question: 'Anything in my data I should pay attention to?',
    tool: 'get_health_insights',
    args: { days: 7 },
    expect: (d) => [
      `readiness ${Math.round(average(d.byDate.daily_readiness.filter((r) => inRange(r.day, WEEK)).map((r) => r.score!)))}`,
    ],
  },
  // Stress, SpO2, cardio
  {
    question: 'How stressed was I this week?',
    tool: 'get_stress_and_resilience',
    args: WEEK,
    expect: (d) => {
      const rows = d.byDate.daily_stress.filter((s) => inRange(s.day, WEEK));
      return [`${rows.filter((s) => s.day_summary === 'restored').length} restored`];
    },
  },
  {
    question: "What's my resilience level?",
    tool: 'get_stress_and_resilience',
    args: WEEK,
    expect: (d) => [
      only(
        d.byDate.daily_resilience.filter((r) => inRange(r.day, WEEK)),
        'resilience',
      ).level,
    ],
  },
  {
    question: "What's my blood oxygen at night?",
    tool: 'get_spo2',
    args: WEEK,
    expect: (d) => [
      `${(Math.round(average(d.byDate.daily_spo2.filter((s) => inRange(s.day, WEEK)).map((s) => s.spo2_percentage!.average)) * 10) / 10).toFixed(1)}%`,
    ],
  },
  {
    question: 'Any breathing disturbances last night?',
    tool: 'get_spo2',
    args: { start_date: TODAY, end_date: TODAY },
    expect: (d) => [
      `${
        only(
          d.byDate.daily_spo2.filter((s) => s.day === TODAY),
          'SpO2 today',
        ).breathing_disturbance_index
      }`,
    ],
  },
  {
    question: "What's my VO2 max?",
    tool: 'get_cardio_fitness',
    args: MONTH,
    expect: (d) => [
      `VO2 max ${Math.round(
        only(
          d.byDate.vO2_max.filter((v) => inRange(v.day, MONTH)),
          'VO2 max',
        ).vo2_max,
      )}`,
    ],
  },
  {
    question: "What's my vascular age?",
    tool: 'get_cardio_fitness',
    args: MONTH,
    expect: (d) => [
      `${
        only(
          d.byDate.daily_cardiovascular_age.filter((v) => inRange(v.day, MONTH)),
          'vascular age',
        ).vascular_age
      } years`,
    ],
  },
  // Sessions, bedtime, Rest Mode, connection
  {
    question: 'Did I meditate or do breathing sessions this month?',
    tool: 'get_sessions',
    args: MONTH,
    expect: (d) => {
      const sessions = d.byDate.session.filter((s) => inRange(s.day, MONTH));
      return [`${sessions.filter((s) => s.type === 'breathing').length} breathing`];
    },
  },
  {
    question: 'When should I go to bed tonight?',
    tool: 'get_bedtime_guidance',
    args: { start_date: TODAY, end_date: TODAY },
    expect: (d) => {
      const row = only(
        d.byDate.sleep_time.filter((s) => s.day === TODAY),
        'bedtime guidance today',
      );
      // Offsets are seconds from local midnight of the day (negative = the evening before).
      const local = (offsetSeconds: number) => {
        const minutes = ((Math.round(offsetSeconds / 60) % 1440) + 1440) % 1440;
        return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
      };
      return [`${local(row.optimal_bedtime!.start_offset)}–${local(row.optimal_bedtime!.end_offset)}`];
    },
  },
  {
    question: 'Was I in Rest Mode recently?',
    tool: 'get_rest_mode_periods',
    args: { start_date: '2025-08-23', end_date: TODAY },
    expect: (d) => [`${Number(only(d.byDate.rest_mode_period, 'Rest Mode period').start_day.slice(8, 10))}–`, 'sick'],
  },
  { question: 'Is my Oura connected?', tool: 'connect_oura', args: {}, expect: () => ['connected'] },
];
