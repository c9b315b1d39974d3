/**
 * The whole server replaying real captured Oura bodies: the fixture server of `realOura.ts` + real config +
 * real deps + real app on 127.0.0.1, connected through the real OAuth routes. "Now" and the owner's zone
 * are pinned so the captured days fall inside the tools' default ranges.
 *
 *   const stack = await startReplayStack({ now: () => new Date('2024-01-22T15:00:00Z'), timezone: 'America/New_York' });
 *   const result = await (await stack.client()).callTool({ name: 'get_sleep_summary', arguments: {} });
 *   await stack.close();
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll } from 'vitest';
import { startRealOura, type RealOura } from './realOura.js';
import { connected, startServerAgainst, type ServerUnderTest } from './stack.js';

export interface ReplayStack extends ServerUnderTest {
  oura: RealOura;
}

/** `dir`: another fixture folder (by default `test/fixtures/oura-real`), e.g. an empty one for an account without data. */
export interface ReplayOptions {
  now: () => Date;
  timezone: string;
  dir?: string;
}

export async function startReplayStack(options: ReplayOptions): Promise<ReplayStack> {
  const oura = await startRealOura({ now: options.now, ...(options.dir === undefined ? {} : { dir: options.dir }) });
  let server: ServerUnderTest;
  try {
    // The fixture server speaks the simulator's OAuth, so the simulator's client settings apply.
    server = await startServerAgainst(oura.url, { now: options.now, timezone: options.timezone });
  } catch (error) {
    await oura.close();
    throw error;
  }
  return connected({
    ...server,
    oura,
    async close() {
      await server.close();
      await oura.close();
    },
  });
}

/**
 * One replay stack and client for the enclosing `describe` (started in `beforeAll`, closed in `afterAll`):
 *
 *   const replay = useReplayStack({ now: () => NOW, timezone: 'America/New_York' });
 *   it('…', async () => { await replay.client.callTool(…); replay.oura.bodies … });
 */
export function useReplayStack(options: ReplayOptions): {
  readonly oura: RealOura;
  readonly client: Client;
} {
  let stack: ReplayStack | undefined;
  let client: Client | undefined;
  beforeAll(async () => {
    stack = await startReplayStack(options);
    client = await stack.client();
  });
  afterAll(async () => {
    await stack?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the replay stack starts in beforeAll');
    return value;
  };
  return {
    get oura() {
      return started(stack).oura;
    },
    get client() {
      return started(client);
    },
  };
}
