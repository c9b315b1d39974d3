/**
 * SIGKILL during token rotation, end to end (issue 7, "many times"): the real server process refreshes
 * 2-second tokens under back-to-back calls and is killed with SIGKILL at a (seeded) random moment,
 * round after round. After every kill TOKENS_FILE must be readable: a complete pair that decrypts
 * (or, if Oura's answer was lost with the process, absent after the survivor's refresh is refused),
 * never torn or half-written. `test/oauth/crashSafety.test.ts` covers the write itself; this runs the
 * whole refresh path of the real entry point.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../../src/logger.js';
import { TokenStore } from '../../src/oauth/tokens.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { mulberry32 } from './helpers/hostile.js';
import { callTool } from './helpers/results.js';
import { rpcToolCall, secondServerEnv, spawnServer } from './helpers/secondServer.js';

const ROUNDS = 8;

let stack: Stack | undefined;
let kill: (() => Promise<void>) | undefined;

afterEach(async () => {
  await kill?.();
  await stack?.close();
  stack = undefined;
});

describe('SIGKILL during token rotation', () => {
  it(`${ROUNDS} kills of a refreshing server never leave a torn tokens file`, async () => {
    const s = await startStack({ simulator: { accessTokenTtlSeconds: 2 }, env: { CACHE_TTL: '0' } });
    stack = s;
    const store = new TokenStore({
      file: s.config.tokensFile,
      key: s.config.tokenEncryptionKey,
      logger: createSilentLogger(),
    });
    const random = mulberry32(7);
    const client = await s.client();
    let reconnects = 0;

    for (let round = 0; round < ROUNDS; round += 1) {
      const token = randomBytes(32).toString('hex');
      const server = await spawnServer(secondServerEnv(s, token));
      const exited = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
      kill = async () => {
        if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
        await exited;
      };
      // Let the child run calls (and refreshes) for 0.3–1.8 s, then kill it mid-flight.
      const stopAt = Date.now() + 300 + Math.floor(random() * 1_500);
      let id = 0;
      const workers = Array.from({ length: 3 }, async () => {
        while (Date.now() < stopAt)
          await rpcToolCall(server.url, token, 'get_personal_info', ++id).catch(() => undefined);
      });
      await new Promise((resolve) => setTimeout(resolve, stopAt - Date.now()));
      await kill();
      kill = undefined;
      await Promise.all(workers);

      const read = await store.read();
      expect(read.kind, `round ${round}: ${read.kind === 'unreadable' ? read.reason : ''}`).not.toBe('unreadable');
      if (read.kind === 'ok') {
        expect(read.tokens.accessToken.length).toBeGreaterThan(20);
        expect(read.tokens.refreshToken.length).toBeGreaterThan(20);
      }
      // The survivor carries on with whatever the file holds; if the kill lost a rotated pair, Oura
      // refuses the old refresh token and the owner reconnects (that loss is inherent, not a torn file).
      let outcome = await callTool(client, 'get_personal_info');
      if (outcome.code === -32000) {
        reconnects += 1;
        await s.connectOura();
        outcome = await callTool(client, 'get_personal_info');
      }
      expect(outcome.isError, `round ${round}: ${outcome.text}`).toBe(false);
    }
    // Rotation really happened during the rounds.
    expect(s.sim.controls.oauthStats().refreshGrants, `${reconnects} reconnects`).toBeGreaterThanOrEqual(ROUNDS);
  });
});
