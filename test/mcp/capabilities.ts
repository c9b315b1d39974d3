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
const QUARTER = { start_date: '2025-08-23', end_date: TODAY };
/** The simulator always has an evening nap three evenings before today. */
const THREE_EVENINGS_AGO = '2025-11-17';
const addDay = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export interface Capability {
  question: string;
  tool: string;
  args: Record<string, unknown>;
  /** Arguments that depend on the data (a workout's own times), instead of `args`. */
  argsFrom?(data: SimulatedDataset): Record<string, unknown>;
  /** Strings the answer's text must contain, from the raw rows. */
  expect(data: SimulatedDataset): string[];
  /** What the text must not say (noise reported as change, an average over one day, ...). */
  reject?: readonly RegExp[];
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
    // The table row of last night: ...|resting HR|HRV ms|HRV balance.
    expect: (d) => [
      'HRV ms',
      `|${mainSleep(d, TODAY).lowest_heart_rate}|${mainSleep(d, TODAY).average_hrv}|${readiness(d, TODAY).contributors.hrv_balance}`,
    ],
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
      return [`avg ${runAverage(d)}`, `max ${Math.max(...runReadings(d).map((row) => row.bpm))}`];
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
  // Issue #18: answers an assistant can repeat without misleading the owner.
  {
    question: 'Did I nap on the evening of 17 Nov? (an evening nap is dated the evening it was taken)',
    tool: 'get_sleep_detailed',
    args: { start_date: THREE_EVENINGS_AGO, end_date: THREE_EVENINGS_AGO },
    expect: (d) => {
      const nap = eveningNap(d);
      return [`${dayMonth(THREE_EVENINGS_AGO)} evening nap ${clock(nap.bedtime_start)}–${clock(nap.bedtime_end)}`];
    },
  },
  {
    question: "Did I nap on 18 Nov? (not the 17th's evening nap, which Oura files under the 18th)",
    tool: 'get_sleep_detailed',
    args: { start_date: addDay(THREE_EVENINGS_AGO, 1), end_date: addDay(THREE_EVENINGS_AGO, 1) },
    expect: () => [],
    reject: [new RegExp(`${dayMonth(THREE_EVENINGS_AGO)} evening nap`)],
  },
  {
    question: 'Has my vascular age gone up this month? (no change reported from day-to-day noise)',
    tool: 'get_cardio_fitness',
    args: MONTH,
    expect: (d) => {
      const ages = d.byDate.daily_cardiovascular_age.filter((v) => inRange(v.day, MONTH)).map((v) => v.vascular_age!);
      const first = average(ages.slice(0, 7));
      const last = average(ages.slice(-7));
      if (Math.abs(last - first) >= 1) throw new Error('the simulated vascular age is expected to be steady');
      return [`steady: daily values ${Math.min(...ages)}–${Math.max(...ages)} years`];
    },
    reject: [/[+-]\d+(\.\d+)? years across the range/],
  },
  {
    question: 'Is my readiness better than usual after my cold? (the baseline leaves the illness out)',
    tool: 'get_health_insights',
    args: { days: 7, end_date: '2025-10-31' },
    expect: (d) => {
      const rest = only(d.byDate.rest_mode_period, 'Rest Mode period');
      const ill = (day: string) => day >= rest.start_day && day <= addDay(rest.end_day!, 1);
      const baseline = d.byDate.daily_readiness
        .filter((r) => inRange(r.day, { start_date: '2025-09-27', end_date: '2025-10-24' }) && !ill(r.day))
        .map((r) => r.score!);
      return [
        'days of illness (Rest Mode or tagged sick, and the day after)',
        `(baseline ${(Math.round(average(baseline) * 10) / 10).toString()}/100)`,
      ];
    },
  },
  {
    question: 'What was my average heart rate on my last run, and does get_heart_rate agree? (one quantity, one value)',
    tool: 'get_heart_rate',
    args: { start_datetime: `${YESTERDAY}T12:00` },
    argsFrom: (d) => {
      const run = lastRun(d);
      return {
        start_datetime: run.start_datetime,
        end_datetime: new Date(Date.parse(run.end_datetime) - 1000).toISOString(),
      };
    },
    expect: (d) => [`average ${runAverage(d)} bpm`],
  },
  {
    question: 'How many steps do I walk a day? (finished days, as get_health_insights; today not averaged)',
    tool: 'get_activity_summary',
    args: WEEK,
    expect: (d) => {
      const finished = d.byDate.daily_activity.filter((a) => inRange(a.day, WEEK) && a.day !== TODAY);
      return [
        `${thousands(average(finished.map((a) => a.steps)))} a day over ${finished.length} finished days (today not averaged)`,
      ];
    },
  },
  {
    question: 'Is my temperature up today? (a deviation, labelled as one)',
    tool: 'get_readiness_score',
    args: WEEK,
    expect: () => ["temperature deviation from the owner's usual", 'contributor scores'],
    reject: [/resting heart rate \d+(?![\d/])/],
  },
  {
    question: 'How stressed was I this week? (the day counts add up)',
    tool: 'get_stress_and_resilience',
    args: WEEK,
    expect: (d) => {
      const rows = d.byDate.daily_stress.filter((s) => inRange(s.day, WEEK));
      const of = (kind: string) => rows.filter((s) => s.day_summary === kind).length;
      const days = new Set(
        [...rows, ...d.byDate.daily_resilience.filter((r) => inRange(r.day, WEEK))].map((r) => r.day),
      ).size;
      const rest = days - of('stressful') - of('normal') - of('restored');
      return [
        `${days} days (${of('stressful')} stressful, ${of('normal')} normal, ${of('restored')} restored${rest > 0 ? `, ${rest} without a summary yet` : ''})`,
      ];
    },
  },
  {
    question: 'How did I sleep last night? (one night: no average, no trend)',
    tool: 'get_sleep_summary',
    args: { start_date: TODAY, end_date: TODAY },
    expect: (d) => [
      `score ${dailySleep(d, TODAY).score}/100`,
      `resting HR ${mainSleep(d, TODAY).lowest_heart_rate} bpm`,
    ],
    reject: [/average|over 1 night|trend/],
  },
  {
    question: "How's my readiness today? (one day: no average, no trend)",
    tool: 'get_readiness_score',
    args: { start_date: TODAY, end_date: TODAY },
    expect: (d) => [`score ${readiness(d, TODAY).score}/100`],
    reject: [/average|trend|fitted/],
  },
  {
    question: 'What is my usual bedtime? (median of the nights)',
    tool: 'get_sleep_summary',
    args: MONTH,
    expect: (d) => {
      const days = [
        ...new Set(d.byDate.sleep.filter((s) => inRange(s.day, MONTH) && s.type === 'long_sleep').map((s) => s.day)),
      ];
      const fromNoon = days
        .map((day) => clock(mainSleep(d, day).bedtime_start))
        .map((hhmm) => (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)) + 720) % 1440)
        .sort((a, b) => a - b);
      const mid = fromNoon.length / 2;
      const median = fromNoon.length % 2 === 1 ? fromNoon[Math.floor(mid)]! : (fromNoon[mid - 1]! + fromNoon[mid]!) / 2;
      const minutes = Math.round(median + 720) % 1440;
      return [
        `Usual bedtime ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`,
      ];
    },
  },
  {
    question: 'How long do I take to fall asleep? (latency, from Oura)',
    tool: 'get_sleep_summary',
    args: WEEK,
    expect: (d) => {
      const days = [
        ...new Set(d.byDate.sleep.filter((s) => inRange(s.day, WEEK) && s.type === 'long_sleep').map((s) => s.day)),
      ];
      return [`${hoursMinutes(average(days.map((day) => mainSleep(d, day).latency!)))} to fall asleep`];
    },
  },
  {
    question: 'How often did I log caffeine in the last 90 days? (counts per tag that add up)',
    tool: 'get_tags',
    args: QUARTER,
    expect: (d) => {
      const caffeine =
        d.byDate.enhanced_tag.filter((t) => inRange(t.start_day, QUARTER) && t.tag_type_code === 'tag_generic_caffeine')
          .length +
        d.byDate.tag.filter((t) => inRange(t.day, QUARTER) && t.tags.includes('tag_generic_caffeine')).length;
      return [`Caffeine ${caffeine}`];
    },
  },
  {
    question: 'Does alcohol affect my HRV? (nights after the tag vs the others, with counts and means)',
    tool: 'get_tags',
    args: { ...QUARTER, effect_of: 'alcohol' },
    expect: (d) => {
      const { tagged, other } = alcoholHrv(d);
      const one = (x: number) => Math.round(x * 10) / 10;
      const diff = one(average(tagged) - average(other));
      if (diff > -5) throw new Error('the simulated HRV is expected to drop after alcohol');
      return [
        `- HRV: ${one(average(tagged))} vs ${one(average(other))} ms (${diff}), ${tagged.length} vs ${other.length} nights: a clear difference`,
      ];
    },
  },
  {
    question: 'Does sauna affect my readiness? (too few nights, said honestly)',
    tool: 'get_tags',
    args: { ...QUARTER, effect_of: 'sauna' },
    // The fortnight up to the last sauna: a tag the owner uses now and then.
    argsFrom: (d) => {
      const last = only(
        d.byDate.enhanced_tag.filter((t) => t.custom_name === 'Sauna' && t.start_day < TODAY),
        'sauna',
      );
      return { start_date: addDay(last.start_day, -13), end_date: last.start_day, effect_of: 'sauna' };
    },
    expect: (d) => {
      const last = only(
        d.byDate.enhanced_tag.filter((t) => t.custom_name === 'Sauna' && t.start_day < TODAY),
        'sauna',
      );
      const saunas = d.byDate.enhanced_tag.filter(
        (t) => t.custom_name === 'Sauna' && t.start_day >= addDay(last.start_day, -13) && t.start_day <= last.start_day,
      );
      if (saunas.length >= 5) throw new Error('expected fewer than 5 saunas in a fortnight');
      return ['too few nights to say', `Nights after "sauna" (${new Set(saunas.map((t) => t.start_day)).size})`];
    },
    reject: [/readiness: .*a clear difference/],
  },
  {
    question: 'When should I go to bed tonight? (whose evening the latest window is)',
    tool: 'get_bedtime_guidance',
    args: WEEK,
    expect: (d) => {
      const latest = only(
        d.byDate.sleep_time.filter((s) => inRange(s.day, WEEK)),
        'bedtime guidance',
      );
      return [`window for the evening of ${dayMonth(addDay(latest.day, -1))}`, 'current guidance'];
    },
  },
];

/** The evening nap taken three evenings ago (Oura's late_nap, filed under the next day). */
function eveningNap(d: SimulatedDataset) {
  return only(
    d.byDate.sleep.filter((s) => s.type === 'late_nap' && s.bedtime_start.slice(0, 10) === THREE_EVENINGS_AGO),
    'evening nap three evenings ago',
  );
}

function lastRun(d: SimulatedDataset) {
  return only(
    d.byDate.workout.filter((w) => inRange(w.day, MONTH) && w.activity === 'running'),
    'run this month',
  );
}

/** The last run's heart-rate readings, sorted (start included, end excluded, as get_workouts). */
function runReadings(d: SimulatedDataset) {
  const run = lastRun(d);
  return d.byDatetime.heartrate
    .filter(
      (row) =>
        Date.parse(row.timestamp) >= Date.parse(run.start_datetime) &&
        Date.parse(row.timestamp) < Date.parse(run.end_datetime),
    )
    .sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
}

/** The run's average heart rate over time, as get_heart_rate: each reading weighs the time to the next, at most 5 min. */
function runAverage(d: SimulatedDataset): number {
  const rows = runReadings(d);
  const weights = rows.map((row, i) =>
    i + 1 < rows.length ? Math.min(Date.parse(rows[i + 1]!.timestamp) - Date.parse(row.timestamp), 300_000) : 300_000,
  );
  const weighted = rows.reduce((sum, row, i) => sum + row.bpm * weights[i]!, 0) / weights.reduce((a, b) => a + b, 0);
  return Math.round(weighted * 10) / 10;
}

/** HRV of the nights after an alcohol tag vs the other nights of the last 90 days, from the raw rows. */
function alcoholHrv(d: SimulatedDataset): { tagged: number[]; other: number[] } {
  const times = [
    ...d.byDate.enhanced_tag
      .filter((t) => inRange(t.start_day, QUARTER) && t.tag_type_code === 'tag_generic_alcohol')
      .map((t) => t.start_time),
    ...d.byDate.tag
      .filter((t) => inRange(t.day, QUARTER) && t.tags.includes('tag_generic_alcohol'))
      .map((t) => t.timestamp),
  ];
  // The night after an evening tag is filed under the next day; a tag before 04:00 under its own.
  const after = new Set(
    times.map((ts) => (Number(ts.slice(11, 13)) < 4 ? ts.slice(0, 10) : addDay(ts.slice(0, 10), 1))),
  );
  const nights: string[] = [];
  for (let day = addDay(QUARTER.start_date, 1); day <= TODAY; day = addDay(day, 1)) nights.push(day);
  const hrv = new Map(
    nights.flatMap((day) => {
      const night = d.byDate.sleep.filter((s) => s.day === day && s.type === 'long_sleep').at(-1);
      return night?.average_hrv == null ? [] : [[day, night.average_hrv] as const];
    }),
  );
  const side = (tagged: boolean) =>
    nights.filter((day) => after.has(day) === tagged && hrv.has(day)).map((day) => hrv.get(day)!);
  return { tagged: side(true), other: side(false) };
}
