/**
 * The whole server replaying real captured Oura bodies: the fixture server of `realOura.ts` + real config +
 * real deps + real app on 127.0.0.1, connected through the real OAuth routes. "Now" and the owner's zone
 * are pinned so the captured days fall inside the tools' default ranges.
 *
 *   const stack = await startReplayStack({ now: () => new Date('2024-01-22T15:00:00Z'), timezone: 'America/New_York' });
 *   const result = await (await stack.client()).callTool({ name: 'get_sleep_summary', arguments: {} });
 *   await stack.close();
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createApp } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { buildDeps, type Deps } from '../../src/deps.js';
import { connectThroughOAuth } from '../../src/demo/connect.js';
import { listenWithFactory, type RunningServer } from '../../src/httpServer.js';
import { createSilentLogger } from '../../src/logger.js';
import { simulatorEnv } from '../../src/simulator/env.js';
import { startRealOura, type RealOura } from './realOura.js';

export interface ReplayStack {
  oura: RealOura;
  deps: Deps;
  client(): Promise<Client>;
  close(): Promise<void>;
}

export async function startReplayStack(options: { now: () => Date; timezone: string }): Promise<ReplayStack> {
  const oura = await startRealOura({ now: options.now });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oura-replay-'));
  const authToken = randomBytes(32).toString('hex');
  let deps: Deps | undefined;
  let running: RunningServer;
  try {
    running = await listenWithFactory(
      ({ url }) => {
        const config = parseConfig(
          {
            AUTH_TOKEN: authToken,
            TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
            // The fixture server speaks the simulator's OAuth, so the simulator's client settings apply.
            ...simulatorEnv(oura.url),
            OURA_REDIRECT_URI: `${url}/oauth/callback`,
            OURA_TIMEZONE: options.timezone,
            TOKENS_FILE: path.join(dir, 'tokens.json'),
            NODE_ENV: 'test',
            RATE_LIMIT_MAX: '100000',
          },
          dir,
        );
        deps = buildDeps(config, { logger: createSilentLogger(), now: options.now });
        return createApp(deps);
      },
      { port: 0, host: '127.0.0.1' },
    );
  } catch (error) {
    await oura.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const builtDeps = deps!;
  const clients: Client[] = [];
  const close = async (): Promise<void> => {
    await Promise.allSettled(clients.splice(0).map((client) => client.close()));
    await running.close(500);
    await builtDeps.close();
    await oura.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await connectThroughOAuth({ authorizeUrl: `${running.url}/oauth/authorize`, headers: { authorization: `Bearer ${authToken}` } });
  } catch (error) {
    await close();
    throw error;
  }
  return {
    oura,
    deps: builtDeps,
    async client() {
      const client = new Client({ name: 'replay-test-client', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${running.url}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${authToken}` } } }));
      clients.push(client);
      return client;
    },
    close,
  };
}
