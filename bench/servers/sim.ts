/**
 * The simulated Oura cloud for the benchmark, in its own process (so our server's RSS and CPU profile
 * hold only our server). Prints `{"url", "pid"}` once listening, then answers JSON commands on stdin,
 * one per line, each with one JSON line on stdout:
 *   {"cmd":"counters"}      → {"counters": {route: n}}   requests per route, every page counted
 *   {"cmd":"requests"}      → {"requests": [...]}        the list requests since the reset (bench/economy.ts)
 *   {"cmd":"resetCounters"} → {"ok": true}
 *   {"cmd":"tokens"}        → {"access_token", ...}      a token for raw fetches
 *   {"cmd":"latencyOff"} / {"cmd":"latencyOn"} → {"ok": true}  the network model of argv[3] off / on again
 */
import readline from 'node:readline';
import { startSimulator, type SimulatorOptions } from '../../src/simulator/index.js';

/** Extra simulator options as JSON (argv[3]), e.g. the network model of the cold-latency runs. */
const extra = JSON.parse(process.argv[3] ?? '{}') as Pick<SimulatorOptions, 'latency' | 'heartRatePaging'>;
const sim = await startSimulator({
  timezone: process.argv[2] ?? 'Europe/Berlin',
  autoApprove: true,
  seed: 7,
  ...extra,
});
const send = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value)}\n`);
send({ url: sim.url, pid: process.pid });

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  let cmd = '';
  try {
    cmd = (JSON.parse(line) as { cmd: string }).cmd;
  } catch {
    // answered below
  }
  if (cmd === 'counters') send({ counters: sim.controls.counters() });
  else if (cmd === 'requests') send({ requests: sim.controls.listRequests() });
  else if (cmd === 'resetCounters') {
    sim.controls.resetCounters();
    send({ ok: true });
  } else if (cmd === 'latencyOff' || cmd === 'latencyOn') {
    sim.controls.setLatency(cmd === 'latencyOn' ? (extra.latency ?? null) : null);
    send({ ok: true });
  } else if (cmd === 'tokens') send(sim.controls.issueTokens());
  else send({ error: `unknown command ${cmd}` });
});
process.on('SIGTERM', () => void sim.close().then(() => process.exit(0)));
