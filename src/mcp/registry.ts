/**
 * Every tool the server offers: one import per tool module and one array. The same array drives
 * registration, the README's tool table and the registry invariant tests.
 */
import type { AnyToolDefinition } from './tool.js';
import { connectOura } from './tools/connect_oura.js';
import { getPersonalInfo } from './tools/get_personal_info.js';

export const tools: readonly AnyToolDefinition[] = [
  getPersonalInfo,
  connectOura,
];
