import { describe, expect, it } from 'vitest';
import { createSilentLogger } from '../../src/logger.js';
import { essentialFields, normaliseFields, projectRow } from '../../src/oura/collections.js';
import { OuraResponseError } from '../../src/oura/errors.js';
import { hasEssentials, keepUsableRows, parseEnvelope, parseJsonBody } from '../../src/oura/parse.js';
import { captureLogger } from './helpers.js';

describe('envelope', () => {
  it('accepts data with next_token string, null or missing', () => {
    expect(parseEnvelope({ data: [1], next_token: 'a' }, 'sleep')).toEqual({ data: [1], next_token: 'a' });
    expect(parseEnvelope({ data: [], next_token: null }, 'sleep')).toEqual({ data: [], next_token: null });
    expect(parseEnvelope({ data: [] }, 'sleep')).toEqual({ data: [], next_token: null });
  });
  it.each([[null], [{}], [{ data: 'x' }], [{ data: [], next_token: 3 }], [[]]])('rejects %j', (body) => {
    expect(() => parseEnvelope(body, 'sleep')).toThrow(OuraResponseError);
  });
  it('rejects malformed and empty JSON', () => {
    expect(() => parseJsonBody('{"data": [', 'sleep', 200)).toThrow(OuraResponseError);
    expect(() => parseJsonBody('  ', 'sleep', 200)).toThrow(/empty body/);
  });
});

describe('lenient rows', () => {
  it('keeps rows missing documented-required fields and with null numbers, drops rows without their key', () => {
    const { logger, lines } = captureLogger();
    const rows = keepUsableRows(
      'daily_cardiovascular_age',
      [{ day: '2025-10-20', vascular_age: null }, { vascular_age: 40 }, { day: 'yesterday' }, null, 7],
      logger,
    );
    expect(rows).toEqual([{ day: '2025-10-20', vascular_age: null }]);
    expect(lines.map((l) => l.message)).toEqual(['Dropped 4 daily_cardiovascular_age row(s) without a usable day']);
  });
  it('keys enhanced tags on start_day, heart rate on timestamp, rings on id', () => {
    expect(hasEssentials('enhanced_tag', { start_day: '2025-10-20' })).toBe(true);
    expect(hasEssentials('enhanced_tag', { day: '2025-10-20' })).toBe(false);
    expect(hasEssentials('heartrate', { bpm: 60, timestamp: '2025-10-20T10:00:00+00:00' })).toBe(true);
    expect(hasEssentials('heartrate', { bpm: 60, timestamp: 'soon' })).toBe(false);
    expect(hasEssentials('ring_configuration', { id: 'r' })).toBe(true);
    expect(hasEssentials('ring_configuration', { color: 'black' })).toBe(false);
    expect(keepUsableRows('heartrate', [], createSilentLogger())).toEqual([]);
  });
});

describe('fields', () => {
  it('adds the essentials, sorts, and means "all fields" for collections that ignore fields=', () => {
    expect(normaliseFields('sleep', ['average_hrv', 'day'])).toEqual(['average_hrv', 'bedtime_start', 'day', 'id']);
    expect(normaliseFields('heartrate', ['bpm'])).toEqual(['bpm', 'timestamp']);
    expect(normaliseFields('daily_cardiovascular_age', ['vascular_age'])).toEqual(['day', 'vascular_age']);
    expect(normaliseFields('tag', ['text'])).toBeNull();
    expect(normaliseFields('daily_sleep', [])).toBeNull();
    expect(normaliseFields('daily_sleep', undefined)).toBeNull();
    expect(essentialFields('enhanced_tag')).toEqual(['id', 'start_day', 'start_time']);
  });
  it('projects a row to some fields', () => {
    expect(projectRow({ a: 1, b: null, c: 3 }, ['a', 'b', 'z'])).toEqual({ a: 1, b: null });
  });
});
