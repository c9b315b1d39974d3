import { describe, expect, it } from 'vitest';
import { buildInstructions } from '../../src/mcp/instructions.js';
import { tools } from '../../src/mcp/registry.js';

describe('server instructions', () => {
  const text = buildInstructions('America/New_York', tools);
  it('name the owner’s zone and how "last night" is resolved', () => {
    expect(text).toContain('America/New_York');
    expect(text).toMatch(/last night.*get_sleep_summary.*start_date = end_date = today/s);
  });
  it('say what to do when Oura is not connected', () => {
    expect(text).toMatch(/-32000/);
    expect(text).toContain('connect_oura');
  });
  it('give every registered tool a line, and no line to a tool that is not registered', () => {
    for (const tool of tools) expect(text).toContain(`- ${tool.name}:`);
    const listed = [...text.matchAll(/^- ([a-z_0-9]+):/gm)].map((match) => match[1]);
    expect(listed.sort()).toEqual(tools.map((tool) => tool.name).sort());
  });
  it('is memoised per zone and tool set', () => {
    expect(buildInstructions('America/New_York', tools)).toBe(text);
    expect(buildInstructions('Europe/Berlin', tools)).not.toBe(text);
  });
});
