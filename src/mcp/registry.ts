/**
 * Every tool the server offers: one import per tool module and one array. The same array drives
 * registration, the README's tool table and the registry invariant tests.
 */
import type { AnyToolDefinition } from './tool.js';
import { connectOura } from './tools/connect_oura.js';
import { getPersonalInfo } from './tools/get_personal_info.js';
import { getCardioFitness } from './tools/get_cardio_fitness.js';
import { getHealthInsights } from './tools/get_health_insights.js';
import { getHeartRate } from './tools/get_heart_rate.js';
import { getSpo2 } from './tools/get_spo2.js';
import { getStressAndResilience } from './tools/get_stress_and_resilience.js';
import { getWorkouts } from './tools/get_workouts.js';
import { getActivitySummary } from './tools/get_activity_summary.js';
import { getBedtimeGuidance } from './tools/get_bedtime_guidance.js';
import { getLatestRingStatus } from './tools/get_latest_ring_status.js';
import { getReadinessScore } from './tools/get_readiness_score.js';
import { getRestModePeriods } from './tools/get_rest_mode_periods.js';
import { getSessions } from './tools/get_sessions.js';
import { getSleepDetailed } from './tools/get_sleep_detailed.js';
import { getSleepSummary } from './tools/get_sleep_summary.js';
import { getTags } from './tools/get_tags.js';

export const tools: readonly AnyToolDefinition[] = [
  getPersonalInfo,
  getSleepSummary,
  getReadinessScore,
  getActivitySummary,
  getHeartRate,
  getWorkouts,
  getSleepDetailed,
  getTags,
  getLatestRingStatus,
  getHealthInsights,
  getStressAndResilience,
  getSpo2,
  getCardioFitness,
  getSessions,
  getBedtimeGuidance,
  getRestModePeriods,
  connectOura,
];
