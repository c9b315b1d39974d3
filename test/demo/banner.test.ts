import { describe, expect, it } from 'vitest';
import { INSPECTOR, renderDemoBanner, type DemoBannerFacts } from '../../src/demo/banner.js';

const FACTS: DemoBannerFacts = {
  serverUrl: 'http://127.0.0.1:3001',
  simulatorUrl: 'http://127.0.0.1:40000',
  authToken: 'f'.repeat(64),
  timezone: 'Europe/Berlin',
  weekStart: '2026-11-24',
  browserLink: 'http://127.0.0.1:3001/oauth/authorize?grant=abc',
  mcpAuthorization: true,
  distEntry: '/opt/oura/dist/index.js',
  stdioEnv: { TOKENS_FILE: '/tmp/t.json' },
  nodeVersion: '24.22.3',
};

describe('the demo banner', () => {
  it('prints the current MCP Inspector, never the deprecated v1', () => {
    const text = renderDemoBanner(FACTS);
    expect(INSPECTOR).toBe('@modelcontextprotocol/inspector@2.12.0');
    expect(text.match(/npx -y @modelcontextprotocol\/inspector@[\d.]+ --cli/g)).toEqual([
      `npx -y ${INSPECTOR} --cli`,
      `npx -y ${INSPECTOR} --cli`,
    ]);
    expect(text).not.toContain('inspector@1.');
    expect(text).not.toContain('needs Node');
  });

  it.each([
    ['20.20.2', true],
    ['22.18.0', true],
    ['22.19.0', false],
    ['24.22.3', false],
  ])('on Node %s says which Node the Inspector needs: %s', (nodeVersion, warns) => {
    const text = renderDemoBanner({ ...FACTS, nodeVersion });
    expect(text.includes(`MCP Inspector 2 needs Node 22.19 or newer; this is Node ${nodeVersion}`)).toBe(warns);
  });

  it('prints the connector URL when MCP authorization is on, and not when it is off', () => {
    expect(renderDemoBanner(FACTS)).toMatch(
      /Connector URL for OAuth clients[^\n]*\n\n {2}http:\/\/127\.0\.0\.1:3001\/mcp\n/,
    );
    expect(renderDemoBanner({ ...FACTS, mcpAuthorization: false })).not.toContain('Connector URL');
  });

  it('prints the charts preview URL on one line, the key in the fragment (browsers never send it)', () => {
    const lines = renderDemoBanner(FACTS).split('\n');
    expect(lines.filter((line) => line.includes('/apps/preview'))).toEqual([
      `  Charts preview:   http://127.0.0.1:3001/apps/preview#key=${'f'.repeat(64)}`,
    ]);
  });
});
