/**
 * `npm run simulator [-- --port N] [--seed N] [--timezone Zone] [--auto-approve] [--new-portal] [--no-quirks]`:
 * starts the simulated Oura cloud alone and prints where to point the server (OURA_API_BASE_URL etc.).
 * Port: `--port`, else `SIM_PORT`, else a free one. Stops on Ctrl-C.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_CLIENT, startSimulator } from './index.js';

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${value}"`);
  return n;
}

/** This CLI's output is its interface (where to point the server), not logging. */
function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      timezone: { type: 'string' },
      'history-days': { type: 'string' },
      'auto-approve': { type: 'boolean', default: false },
      'new-portal': { type: 'boolean', default: false },
      'no-quirks': { type: 'boolean', default: false },
    },
  });
  // The CLI is the one place allowed to read the environment directly: it is not the server.
  const port = numberOption(values.port, '--port') ?? numberOption(process.env.SIM_PORT, 'SIM_PORT') ?? 0;
  const sim = await startSimulator({
    port,
    host: values.host,
    seed: numberOption(values.seed, '--seed'),
    timezone: values.timezone,
    historyDays: numberOption(values['history-days'], '--history-days'),
    autoApprove: values['auto-approve'],
    tokenEndpointMode: values['new-portal'] ? 'new-portal' : 'classic',
    quirks: !values['no-quirks'],
  });
  const { dataset } = sim;
  say(`Simulated Oura cloud listening on ${sim.url}`);
  say(
    `  person: ${dataset.timezone}, ${dataset.firstDay} → ${dataset.today} (${dataset.byDate.daily_sleep.length} nights)`,
  );
  say(`  client id:      ${DEFAULT_CLIENT.clientId}`);
  say(`  client secret:  ${DEFAULT_CLIENT.clientSecret}`);
  say(`  authorize URL:  ${sim.url}/oauth/authorize`);
  say(`  token URL:      ${sim.url}/oauth/token`);
  say(`  new-portal URL: ${sim.url}/oauth/v2/ext/oauth-token`);
  say(`  revoke URL:     ${sim.url}/oauth/revoke`);
  say(`Point the server at it: OURA_API_BASE_URL=${sim.url} OURA_AUTHORIZE_URL=${sim.url}/oauth/authorize`);
  say('Ctrl-C to stop.');
  const stop = () => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
