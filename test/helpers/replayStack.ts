/**
 * The whole server replaying real captured Oura bodies: the fixture server of `realOura.ts` + real config +
 * real deps + real app on 127.0.0.1, connected through the real OAuth routes. "Now" and the owner's zone
 * are pinned so the captured days fall inside the tools' default ranges.
 *
 *   const stack = await startReplayStack({ now: () => new Date('2024-01-22T15:00:00Z'), timezone: 'America/New_York' });
 *   const result = await (await stack.client()).callTool({ name: 'get_sleep_summary', arguments: {} });
 *   await stack.close();
 */
import { startRealOura, type RealOura } from './realOura.js';
import { connected, startServerAgainst, type ServerUnderTest } from './stack.js';

export interface ReplayStack extends ServerUnderTest {
  oura: RealOura;
}

export async function startReplayStack(options: { now: () => Date; timezone: string }): Promise<ReplayStack> {
  const oura = await startRealOura({ now: options.now });
  let server: ServerUnderTest;
  try {
    // The fixture server speaks the simulator's OAuth, so the simulator's client settings apply.
    server = await startServerAgainst(oura.url, options);
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
