import { describe, expect, it } from 'vitest';
import { buildInstructions } from '../../src/mcp/instructions.js';
import { tools } from '../../src/mcp/registry.js';

describe('server instructions', () => {
  const text = buildInstructions('America/New_York', tools);
  it('name the owner’s zone and how "last night" is resolved', () => {
    expect(text).toContain('America/New_York');
    expect(text).toMatch(/WAKE UP: for "last night".*start_date = end_date = today/);
    const withSleep = buildInstructions('UTC', [{ name: 'get_sleep_summary', title: 'Sleep summary' }]);
    expect(withSleep).toMatch(/"last night" call get_sleep_summary with start_date = end_date = today/);
  });
  it('say what to do when Oura is not connected', () => {
    expect(text).toMatch(/-32000/);
    expect(text).toContain('connect_oura');
  });
  it('give every registered tool a line, and name no tool that is not registered', () => {
    for (const tool of tools) expect(text).toContain(`- ${tool.name}:`);
    const listed = [...text.matchAll(/^- ([a-z_0-9]+):/gm)].map((match) => match[1]);
    expect(listed.sort()).toEqual(tools.map((tool) => tool.name).sort());
    const names = new Set(tools.map((tool) => tool.name));
    for (const mentioned of text.matchAll(/\b(get_[a-z0-9_]+|connect_oura)\b/g)) expect(names.has(mentioned[1]!), mentioned[1]).toBe(true);
  });
  it('is memoised per zone and tool set', () => {
    expect(buildInstructions('America/New_York', tools)).toBe(text);
    expect(buildInstructions('Europe/Berlin', tools)).not.toBe(text);
  });
});
