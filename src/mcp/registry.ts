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

export const tools: readonly AnyToolDefinition[] = [
  getPersonalInfo,
  getHeartRate,
  getWorkouts,
  getHealthInsights,
  getStressAndResilience,
  getSpo2,
  getCardioFitness,
  connectOura,
];
