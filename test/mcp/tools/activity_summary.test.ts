import { describe, expect, it } from 'vitest';
import { activityOutputSchema, summariseActivity, toActivityRows } from '../../../src/mcp/tools/mappers/activity.js';
import type { DailyActivity } from '../../../src/oura/types.js';

const day = (date: string, steps: number, extra: Partial<DailyActivity> = {}): DailyActivity =>
  ({
    id: `a-${date}`,
    day: date,
    score: 84,
    timestamp: `${date}T04:00:00+02:00`,
    active_calories: 520,
    total_calories: 2650,
    target_calories: 500,
    steps,
    equivalent_walking_distance: 9800,
    target_meters: 9000,
    meters_to_target: 0,
    high_activity_time: 600,
    medium_activity_time: 2400,
    low_activity_time: 14_000,
    sedentary_time: 30_000,
    resting_time: 28_000,
    non_wear_time: 0,
    average_met_minutes: 1.6875,
    inactivity_alerts: 1,
    contributors: {
      meet_daily_targets: 78,
      move_every_hour: 95,
      recovery_time: 100,
      stay_active: 80,
      training_frequency: 71,
      training_volume: 90,
    },
    ...extra,
  }) as DailyActivity;

describe('activity rows', () => {
  it("maps the spec's fields: average_met from average_met_minutes, meet_daily_targets from contributors", () => {
    const [row] = toActivityRows([day('2025-10-20', 11_234)]);
    expect(row).toEqual({
      date: '2025-10-20',
      score: 84,
      active_calories: 520,
      total_calories: 2650,
      steps: 11_234,
      equivalent_walking_distance: 9800,
      high_activity_time: 600,
      medium_activity_time: 2400,
      low_activity_time: 14_000,
      sedentary_time: 30_000,
      resting_time: 28_000,
      average_met: 1.69,
      inactivity_alerts: 1,
      target_calories: 500,
      meet_daily_targets: 78,
    });
  });

  it('survives missing fields (null, not undefined) and sums only what is there', () => {
    const partial = {
      ...day('2025-10-19', 0),
      steps: undefined,
      score: null,
      contributors: undefined,
    } as unknown as DailyActivity;
    const rows = toActivityRows([day('2025-10-21', 9_000), partial, day('2025-10-20', 12_001)]);
    expect(rows.map((r) => r.date)).toEqual(['2025-10-19', '2025-10-20', '2025-10-21']);
    expect(rows[0]).toMatchObject({ steps: null, score: null, meet_daily_targets: null });
    const summary = summariseActivity(rows, '2025-10-25');
    expect(summary).toEqual({
      average_score: 84,
      total_steps: 21_001,
      total_calories: 7950,
      average_steps_per_day: 10_501,
      total_days: 3,
    });
    expect(() => activityOutputSchema.parse({ data: rows, summary })).not.toThrow();
    // With the 21st as today, its 9,000 so far are in the total but not in the averages: 12,001 / 1.
    expect(summariseActivity(rows, '2025-10-21')).toMatchObject({ total_steps: 21_001, average_steps_per_day: 12_001 });
    expect(summariseActivity([], '2025-10-25')).toEqual({
      average_score: null,
      total_steps: 0,
      total_calories: 0,
      average_steps_per_day: null,
      total_days: 0,
    });
  });
});
