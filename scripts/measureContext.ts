/**
 * `npx tsx scripts/measureContext.ts [--json]`: the context-economy figures of the running code — the
 * tool list per tool (description, input schema, output schema, per-field prose), the instructions, and
 * the standard answers next to the raw Oura JSON behind them — against the simulator (seed 7, real
 * clock), our server and the simulator each in its own process as in the bench.
 */
import { measureAnswers, measureServer, standardQuestions } from '../bench/context.js';
import { startChild } from '../bench/lib.js';

const TIMEZONE = 'Europe/Berlin';
const sim = await startChild('sim.ts', { args: [TIMEZONE] });
const ours = await startChild('ours.ts', { args: [sim.info.url, TIMEZONE] });
try {
  const endpoint = { baseUrl: ours.info.url, authToken: String(ours.info.authToken) };
  const { access_token: accessToken } = await sim.command<{ access_token: string }>('tokens');
  const now = new Date();
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: TIMEZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const server = await measureServer(endpoint);
  const answers = await measureAnswers(endpoint, { simUrl: sim.info.url, accessToken }, standardQuestions(today, now.toISOString().replace(/\.\d{3}Z$/, 'Z')));
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ server, answers }, null, 2)}\n`);
  } else {
    const { toolList, instructions } = server;
    const out: string[] = [
      `tools/list: ${toolList.responseBytes} bytes (JSON-RPC body), tools array ${toolList.toolsBytes}; instructions ${instructions.characters} characters (${instructions.bytes} bytes)`,
      `totals: descriptions ${toolList.totals.description}, input schemas ${toolList.totals.inputSchema} (field prose ${toolList.totals.inputFieldDescriptions}), output schemas ${toolList.totals.outputSchema} (field prose ${toolList.totals.outputFieldDescriptions})`,
      '',
      'tool                        total  descr  input  output  out-prose',
      ...toolList.tools.map((t) => `${t.tool.padEnd(26)} ${String(t.total).padStart(6)} ${String(t.description).padStart(6)} ${String(t.inputSchema).padStart(6)} ${String(t.outputSchema).padStart(7)} ${String(t.outputFieldDescriptions).padStart(10)}`),
      '',
      'answer                                     text  struct   total  budget    raw  ratio',
      ...answers.map(
        (a) =>
          `${a.question.padEnd(40)} ${String(a.textBytes).padStart(6)} ${String(a.structuredBytes).padStart(7)} ${String(a.answerBytes).padStart(7)} ${String(a.budgetBytes ?? '-').padStart(7)} ${String(a.rawBytes).padStart(7)} ${String(a.ratio ?? '-').padStart(6)}${a.budgetBytes !== null && a.answerBytes > a.budgetBytes ? '  OVER' : ''}`,
      ),
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  }
} finally {
  await Promise.allSettled([ours.stop(), sim.stop()]);
}
