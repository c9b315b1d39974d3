/**
 * `npx tsx bench/eras.ts [seconds]`: /mcp throughput and latency of one tools/call (get_sleep_summary,
 * a week) in each protocol era against the same server process: the 2025 request (as the main bench
 * sends it) and the 2026-07-28 request (envelope, SEP-2243 headers, result completed by
 * ModernEraTransport). Prints one JSON line per run; writes nothing.
 */
import { cannon, mcpHeaders, startChild, toolCallBody, type Child } from './lib.js';

const TIMEZONE = 'Europe/Berlin';
const seconds = Number(process.argv[2] ?? 5);
const args = { start_date: '2026-11-19', end_date: '2026-11-25' };

const children: Child[] = [];
process.on('exit', () => {
  for (const running of children) running.process.kill('SIGKILL');
});

const sim = await startChild('sim.ts', { args: [TIMEZONE] });
children.push(sim);
const ours = await startChild('ours.ts', { args: [sim.info.url, TIMEZONE] });
children.push(ours);
const url = `${ours.info.url}/mcp`;
const authToken = String(ours.info.authToken);

const legacyBody = toolCallBody('get_sleep_summary', args);
const modernBody = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: {
    name: 'get_sleep_summary',
    arguments: args,
    _meta: {
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientCapabilities': {},
    },
  },
});
const modernHeaders = {
  ...mcpHeaders(authToken),
  'mcp-protocol-version': '2026-07-28',
  'mcp-method': 'tools/call',
  'mcp-name': 'get_sleep_summary',
};
const eras = [
  ['2025', mcpHeaders(authToken), legacyBody],
  ['2026', modernHeaders, modernBody],
] as const;

for (const [era, headers, body] of eras) {
  const probe = await fetch(url, { method: 'POST', headers, body });
  const text = await probe.text();
  if (probe.status !== 200 || text.includes('"isError":true') || text.includes('"error"'))
    throw new Error(`${era} call failed: ${probe.status} ${text.slice(0, 300)}`);
  // Warm the cache and the JIT as the main bench does.
  for (let i = 0; i < 50; i++) await fetch(url, { method: 'POST', headers, body }).then((r) => r.text());
}
for (const connections of [1, 10]) {
  for (const [era, headers, body] of eras) {
    const run = await cannon(url, { ...headers }, body, connections, seconds);
    console.log(JSON.stringify({ era, connections, rps: run.rps, p50: run.p50, p99: run.p99, non2xx: run.non2xx }));
  }
}
await ours.stop();
await sim.stop();
