import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/lib/time.js';
import { stepsInsight, trainingLoadInsight } from '../../../src/analysis/insights/activityRules.js';
import { analyse } from '../../../src/analysis/insights/analyse.js';
import { hrvBalanceInsight, lowReadinessInsight } from '../../../src/analysis/insights/readinessRules.js';
import { elevatedRuns, strainInsights } from '../../../src/analysis/insights/recoveryRules.js';
import { buildSeries } from '../../../src/analysis/insights/series.js';
import { mainSleepByDay } from '../../../src/analysis/sleepPeriods.js';
import { shortSleepInsight } from '../../../src/analysis/insights/sleepRules.js';
import { periodTrends } from '../../../src/analysis/insights/trends.js';
import type { DayValue, InsightSeries } from '../../../src/analysis/insights/types.js';

/** Consecutive days from `start` with the given values. */
const days = (start: string, values: number[]): DayValue[] =>
  values.map((value, i) => ({ day: addDays(start, i), value }));
const flat = (start: string, n: number, value: number) =>
  days(
    start,
    Array.from({ length: n }, () => value),
  );
const H = 3600;

function emptySeries(): InsightSeries {
  return {
    sleepScore: [],
    sleepSeconds: [],
    restingHr: [],
    hrv: [],
    readinessScore: [],
    temperatureDeviation: [],
    hrvBalance: [],
    activityScore: [],
    steps: [],
    trainingSeconds: [],
    targetMet: [],
  };
}

describe('rising resting heart rate / temperature (strain or illness)', () => {
  const baseline = days('2025-09-22', [50, 51, 49, 50, 50, 51, 49, 50, 50, 50]); // mean 50

  it('finds resting heart rate raised for 4 consecutive nights, with its numbers', () => {
    const period = days('2025-10-20', [50, 51, 54, 56, 57, 55, 50]);
    const [insight, ...rest] = strainInsights(period, baseline, [], []);
    expect(rest).toEqual([]);
    expect(insight).toMatchObject({ category: 'recovery', priority: 'medium' });
    expect(insight!.finding).toContain('4 consecutive nights (2025-10-22 to 2025-10-25)');
    expect(insight!.finding).toContain('54–57 bpm against your baseline of 50 bpm');
    expect(insight!.finding).toContain('possible sign of strain or illness');
  });

  it('is high priority while still going on, or when temperature rose at the same time', () => {
    const ongoing = days('2025-10-20', [50, 50, 50, 50, 54, 55, 56]);
    expect(strainInsights(ongoing, baseline, [], [])[0]?.priority).toBe('high');
    const past = days('2025-10-20', [50, 54, 55, 56, 50, 50, 50]);
    const temperature = days('2025-10-20', [0, 0.5, 0.6, 0.4, 0.1, 0, 0]);
    const both = strainInsights(past, baseline, temperature, flat('2025-09-22', 10, 0));
    expect(both.map((i) => [i.priority, i.finding.slice(0, 25)])).toEqual([
      ['high', 'Resting heart rate was ra'],
      ['high', 'Body temperature was rais'],
    ]);
  });

  it('is medium priority for an episode long over, even with both signals', () => {
    const hr = days('2025-10-01', [50, 55, 56, 57, ...Array.from({ length: 12 }, () => 50)]);
    const temperature = days('2025-10-01', [0, 0.6, 0.7, 0.5, ...Array.from({ length: 12 }, () => 0)]);
    expect(strainInsights(hr, baseline, temperature, []).map((i) => i.priority)).toEqual(['medium', 'medium']);
  });

  it('gives no finding for a flat series, for two raised nights, or for a raise broken by a missing night', () => {
    expect(strainInsights(flat('2025-10-20', 7, 50), baseline, flat('2025-10-20', 7, 0.05), [])).toEqual([]);
    expect(strainInsights(days('2025-10-20', [50, 55, 56, 50, 50]), baseline, [], [])).toEqual([]);
    const gap = [...days('2025-10-20', [55, 56]), ...days('2025-10-23', [57])];
    expect(strainInsights(gap, baseline, [], [])).toEqual([]);
  });

  it("without baseline temperatures compares with Oura's own baseline (0 °C) and says so, naming no baseline mean", () => {
    const temperature = days('2025-10-20', [0, 0.5, 0.6, 0.4, 0.1]);
    const [alone] = strainInsights([], [], temperature, []);
    expect(alone!.finding).toContain(
      "up to +0.60 °C deviation against Oura's own baseline for you (0 °C; no baseline days",
    );
    expect(alone!.finding).not.toContain('a baseline of');
    const [withBaseline] = strainInsights([], [], temperature, days('2025-09-22', [0.1, -0.1, 0.06]));
    expect(withBaseline!.finding).toContain('against a baseline of +0.02 °C');
  });

  it('needs 7 baseline nights before judging resting heart rate', () => {
    expect(strainInsights(days('2025-10-20', [60, 60, 60]), baseline.slice(0, 6), [], [])).toEqual([]);
  });

  it('elevatedRuns returns runs of ≥ 3 consecutive days at or above the threshold', () => {
    expect(elevatedRuns(days('2025-10-01', [1, 3, 3, 3, 1, 3, 3, 3, 3]), 3).map((run) => [run.start, run.end])).toEqual(
      [
        ['2025-10-02', '2025-10-04'],
        ['2025-10-06', '2025-10-09'],
      ],
    );
  });
});

describe('short sleep against the 7 h guideline', () => {
  it('counts short nights and reports the average', () => {
    const insight = shortSleepInsight(days('2025-10-20', [6 * H, 6.5 * H, 7.5 * H, 5.5 * H, 8 * H, 7.2 * H, 6.9 * H]));
    expect(insight).toMatchObject({ category: 'sleep', priority: 'medium' });
    expect(insight!.finding).toBe(
      'Slept less than 7 h on 4 of 7 nights (average 6 h 48 min a night, shortest 5 h 30 min on 2025-10-23).',
    );
  });

  it('is high priority under a 6 h average, silent for one short night, positive when all nights are long enough', () => {
    expect(shortSleepInsight(days('2025-10-20', [5 * H, 5.5 * H, 6 * H]))?.priority).toBe('high');
    expect(shortSleepInsight(days('2025-10-20', [6 * H, 8 * H, 8 * H]))).toBeNull();
    expect(shortSleepInsight(days('2025-10-20', [7 * H, 8 * H, 7.5 * H]))).toMatchObject({
      priority: 'low',
      finding: 'Slept at least 7 h on all 3 nights (average 7 h 30 min).',
    });
  });
});

describe('readiness rules', () => {
  it('names the days below 70 with their scores', () => {
    const insight = lowReadinessInsight(days('2025-10-20', [80, 68, 75, 65]));
    expect(insight).toMatchObject({ category: 'readiness', priority: 'medium' });
    expect(insight!.finding).toContain('on 2 of 4 days: 2025-10-21 (68), 2025-10-23 (65)');
    expect(lowReadinessInsight(days('2025-10-20', [80, 59]))?.priority).toBe('high');
    expect(lowReadinessInsight(days('2025-10-20', [80, 85]))).toBeNull();
  });

  it('flags HRV balance falling, and stays quiet for a flat one', () => {
    const falling = hrvBalanceInsight(days('2025-10-20', [80, 74, 68, 62, 56]), flat('2025-09-22', 10, 80), [], []);
    expect(falling).toMatchObject({ category: 'recovery', priority: 'high' });
    expect(falling!.finding).toContain('HRV balance fell from 80 to 56');
    expect(falling!.finding).toContain('averaged 68 against 80');
    const hrvOnly = hrvBalanceInsight([], [], flat('2025-10-20', 5, 40), flat('2025-09-22', 10, 50));
    expect(hrvOnly).toMatchObject({ priority: 'medium' });
    expect(hrvOnly!.finding).toContain('nightly HRV averaged 40 ms against 50 ms (-20%)');
    expect(
      hrvBalanceInsight(
        flat('2025-10-20', 5, 80),
        flat('2025-09-22', 10, 80),
        flat('2025-10-20', 5, 50),
        flat('2025-09-22', 10, 50),
      ),
    ).toBeNull();
  });
});

describe('activity rules', () => {
  it('compares steps with the guideline and the baseline, and counts target days', () => {
    const insight = stepsInsight(
      flat('2025-10-20', 4, 4000),
      flat('2025-09-22', 10, 9000),
      days('2025-10-20', [1, 0, 0, 0]),
    );
    expect(insight).toMatchObject({ category: 'activity', priority: 'medium' });
    expect(insight!.finding).toBe(
      "Steps averaged 4,000 a day over 4 days against 9,000 in your baseline (guideline 7,500). Oura's daily activity target was met on 1 of 4 days.",
    );
    expect(stepsInsight(flat('2025-10-20', 4, 9000), flat('2025-09-22', 10, 9500), [])).toBeNull();
    expect(stepsInsight(flat('2025-10-20', 4, 8000), flat('2025-09-22', 10, 12000), [])?.priority).toBe('low');
  });

  it('flags a training spike (more urgent with low readiness) and a slump', () => {
    const spike = trainingLoadInsight(flat('2025-10-20', 5, 90 * 60), flat('2025-09-22', 10, 45 * 60), 2);
    expect(spike).toMatchObject({ priority: 'medium' });
    expect(spike!.finding).toBe(
      'Training load is up: 1 h 30 min a day of medium and high activity against 45 min in your baseline (+100%), while readiness fell below 70 on 2 days.',
    );
    expect(trainingLoadInsight(flat('2025-10-20', 5, 90 * 60), flat('2025-09-22', 10, 45 * 60), 0)?.priority).toBe(
      'low',
    );
    expect(trainingLoadInsight(flat('2025-10-20', 5, 10 * 60), flat('2025-09-22', 10, 40 * 60), 0)?.finding).toContain(
      'well below your usual',
    );
    expect(trainingLoadInsight(flat('2025-10-20', 5, 40 * 60), flat('2025-09-22', 10, 45 * 60), 0)).toBeNull();
  });
});

describe('trends and the whole analysis', () => {
  it('trend rule: a fitted change of 5+ points over the period, else stable', () => {
    const period = {
      ...emptySeries(),
      sleepScore: days('2025-10-20', [70, 72, 74, 76, 78]),
      activityScore: days('2025-10-20', [80, 78, 76, 74, 72]),
      readinessScore: days('2025-10-20', [80, 81, 79, 80, 82]),
    };
    expect(periodTrends(period)).toEqual({ sleep: 'improving', activity: 'declining', readiness: 'stable' });
    expect(periodTrends({ ...emptySeries(), sleepScore: days('2025-10-20', [60, 90]) }).sleep).toBe('not_enough_data');
  });

  it('flat, healthy series give stable trends and only positive findings', () => {
    const period: InsightSeries = {
      ...emptySeries(),
      sleepScore: flat('2025-10-20', 7, 82),
      sleepSeconds: flat('2025-10-20', 7, 7.5 * H),
      restingHr: flat('2025-10-20', 7, 50),
      readinessScore: flat('2025-10-20', 7, 84),
      temperatureDeviation: flat('2025-10-20', 7, 0),
      steps: flat('2025-10-20', 6, 9000),
    };
    const baseline: InsightSeries = {
      ...emptySeries(),
      restingHr: flat('2025-09-22', 28, 50),
      steps: flat('2025-09-22', 28, 9000),
    };
    const result = analyse({ period, baseline });
    expect(result.trends).toEqual({ sleep: 'stable', activity: 'not_enough_data', readiness: 'stable' });
    expect(result.insights).toEqual([
      {
        category: 'recovery',
        finding:
          'No signs of strain: readiness averaged 84 with no day below 70, lowest night heart rate averaged 50 bpm; resting heart rate and temperature stayed near your usual levels.',
        priority: 'low',
      },
      { category: 'sleep', finding: 'Slept at least 7 h on all 7 nights (average 7 h 30 min).', priority: 'low' },
    ]);
    expect(result.averages.period).toMatchObject({
      sleep_score: 82,
      readiness_score: 84,
      resting_heart_rate: 50,
      steps: 9000,
    });
  });

  it('the all-clear names as "usual" only what was compared with data on both sides', () => {
    const period: InsightSeries = {
      ...emptySeries(),
      restingHr: flat('2025-10-20', 7, 50),
      hrv: flat('2025-10-20', 7, 40),
    };
    // No baseline nights at all: nothing was compared, so nothing "stayed near your usual levels".
    const alone = analyse({ period, baseline: emptySeries() });
    expect(alone.insights[0]!.finding).toBe('No signs of strain: lowest night heart rate averaged 50 bpm.');
    // Six baseline nights of resting heart rate are too few to compare; HRV has both sides.
    const some = analyse({
      period,
      baseline: { ...emptySeries(), restingHr: flat('2025-10-14', 6, 50), hrv: flat('2025-10-14', 6, 41) },
    });
    expect(some.insights[0]!.finding).toBe(
      'No signs of strain: lowest night heart rate averaged 50 bpm; HRV stayed near your usual levels.',
    );
  });

  it('orders findings by priority, then category', () => {
    const period: InsightSeries = {
      ...emptySeries(),
      restingHr: days('2025-10-20', [50, 50, 50, 50, 56, 57, 58]),
      readinessScore: days('2025-10-20', [80, 80, 80, 80, 66, 80, 80]),
      sleepSeconds: days('2025-10-20', [6 * H, 6 * H, 6.5 * H, 8 * H, 8 * H, 8 * H, 8 * H]),
    };
    const result = analyse({ period, baseline: { ...emptySeries(), restingHr: flat('2025-09-22', 28, 50) } });
    expect(result.insights.map((i) => `${i.priority}:${i.category}`)).toEqual([
      'high:recovery',
      'low:readiness',
      'low:sleep',
    ]);
  });
});

describe('series from Oura rows', () => {
  it('takes the long sleep as the main period, else the longest; never rest or deleted', () => {
    const p = (
      day: string,
      type: 'long_sleep' | 'sleep' | 'late_nap' | 'rest' | 'deleted',
      seconds: number,
      low: number,
    ) => ({
      day,
      type,
      total_sleep_duration: seconds,
      lowest_heart_rate: low,
      average_hrv: 40,
      time_in_bed: seconds,
    });
    const mains = mainSleepByDay([
      p('2025-10-20', 'sleep', 2 * H, 60),
      p('2025-10-20', 'long_sleep', 6 * H, 50),
      p('2025-10-21', 'sleep', H, 58),
      p('2025-10-21', 'late_nap', 2 * H, 57),
      p('2025-10-22', 'rest', 9 * H, 40),
    ]);
    expect([...mains.entries()].map(([day, period]) => [day, period.type])).toEqual([
      ['2025-10-20', 'long_sleep'],
      ['2025-10-21', 'late_nap'],
    ]);
  });

  it("leaves today's unfinished activity out", () => {
    const activity = (day: string, steps: number) => ({
      day,
      score: 80,
      steps,
      medium_activity_time: 600,
      high_activity_time: 0,
      active_calories: 300,
      target_calories: 400,
    });
    const series = buildSeries(
      {
        dailySleep: [],
        sleep: [],
        readiness: [],
        activity: [activity('2025-10-25', 9000), activity('2025-10-26', 1200)],
      },
      '2025-10-26',
    );
    expect(series.steps).toEqual([{ day: '2025-10-25', value: 9000 }]);
    expect(series.targetMet).toEqual([{ day: '2025-10-25', value: 0 }]);
  });
});
