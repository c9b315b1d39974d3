import { describe, expect, it } from 'vitest';
import { buildInstructions } from '../../src/mcp/instructions.js';
import { tools } from '../../src/mcp/registry.js';

describe('server instructions', () => {
  const text = buildInstructions('America/New_York', tools);
  it('name the owner’s zone and how "last night" is resolved', () => {
    expect(text).toContain('America/New_York');
    expect(text).toMatch(
      /WAKES UP: for "last night" use start_date = end_date = today \(get_sleep_summary, get_sleep_detailed\)/,
    );
    const withoutSleep = buildInstructions('UTC', [{ name: 'get_activity_summary', title: 'Activity summary' }]);
    expect(withoutSleep).toMatch(/"last night" use start_date = end_date = today;/);
  });
  it('state the units once, for every tool', () => {
    for (const unit of ['seconds', '0–100', 'bpm', 'HRV ms', '°C deviation', 'kcal', 'metres', 'SpO2 %'])
      expect(text).toContain(unit);
  });
  it('say what to do when Oura is not connected', () => {
    expect(text).toMatch(/-32000/);
    expect(text).toContain('connect_oura');
  });
  it('name no tool that is not registered', () => {
    const names = new Set(tools.map((tool) => tool.name));
    for (const mentioned of text.matchAll(/\b(get_[a-z0-9_]+|connect_oura)\b/g))
      expect(names.has(mentioned[1]!), mentioned[1]).toBe(true);
    const none = buildInstructions('UTC', []);
    expect(none).not.toMatch(/get_|connect_oura/);
  });
  it('fit in 1.5 KB', () => {
    expect(Buffer.byteLength(buildInstructions('America/Argentina/ComodRivadavia', tools))).toBeLessThanOrEqual(1536);
  });
  it('is memoised per zone and tool set', () => {
    expect(buildInstructions('America/New_York', tools)).toBe(text);
    expect(buildInstructions('Europe/Berlin', tools)).not.toBe(text);
  });
});
