/**
 * `npm run demo`: the whole server against the built-in simulated Oura cloud, no Oura account needed.
 *
 * Starts the simulator on a free local port and the server on PORT (3001) pointed at it, with a fresh
 * AUTH_TOKEN and encryption key (or the ones in .env) and its own tokens file under `.demo/`, connects
 * Oura through the real OAuth routes (one-time link → simulator consent → callback), then prints how
 * to talk to it. Ctrl-C stops everything. Console output is this CLI's interface, not logging.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createApp } from '../http/app.js';
import { AUTH_TOKEN_PLACEHOLDER, ConfigError, parseConfig, readEnvironment, type Config } from '../config.js';
import { buildDeps, type Deps } from '../deps.js';
import { listenWithFactory } from '../http/httpServer.js';
import { createLogger } from '../logger.js';
import { DEFAULT_CLIENT, simulatorEnv, startSimulator } from '../simulator/index.js';
import { addDays, todayIn } from '../lib/time.js';
import { packagePath } from '../packageRoot.js';
import { connectThroughOAuth } from './connect.js';
import { renderDemoBanner } from './banner.js';
import { appsPreviewHandler } from '../mcp/apps/preview.js';

function keepIfValid(value: string | undefined, valid: (v: string) => boolean, fallback: () => string): string {
  return value !== undefined && valid(value) ? value : fallback();
}

async function main(): Promise<void> {
  const env = readEnvironment();
  const cwd = process.cwd();
  const demoDir = path.join(cwd, '.demo');
  mkdirSync(demoDir, { recursive: true, mode: 0o700 });
  const tokensFile = path.join(demoDir, 'tokens.json');
  // The simulator's tokens die with it: start every demo from a clean connection.
  rmSync(tokensFile, { force: true });

  const authToken = keepIfValid(
    env.AUTH_TOKEN,
    (v) => v.length >= 32 && v !== AUTH_TOKEN_PLACEHOLDER,
    () => randomBytes(32).toString('hex'),
  );
  const encryptionKey = keepIfValid(
    env.TOKEN_ENCRYPTION_KEY,
    (v) => /^[0-9a-fA-F]{64}$/.test(v),
    () => randomBytes(32).toString('hex'),
  );
  const timezone = env.OURA_TIMEZONE || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const port = env.PORT && /^\d+$/.test(env.PORT) ? Number(env.PORT) : 3001;

  const sim = await startSimulator({ timezone });
  const simEnv = { ...simulatorEnv(sim.url), OURA_TIMEZONE: timezone, TOKENS_FILE: tokensFile };

  let config: Config | undefined;
  let deps: Deps | undefined;
  const logger = createLogger({
    level: env.LOG_LEVEL === 'debug' || env.LOG_LEVEL === 'warn' || env.LOG_LEVEL === 'error' ? env.LOG_LEVEL : 'info',
    format: 'pretty',
    secrets: [authToken, encryptionKey, DEFAULT_CLIENT.clientSecret],
  });
  const running = await listenWithFactory(
    ({ url }) => {
      config = parseConfig(
        {
          AUTH_TOKEN: authToken,
          TOKEN_ENCRYPTION_KEY: encryptionKey,
          OURA_REDIRECT_URI: `${url}/oauth/callback`,
          NODE_ENV: 'development',
          // The owner's own limits apply to the demo too (a benchmark or a second client may need more).
          RATE_LIMIT_MAX: env.RATE_LIMIT_MAX,
          RATE_LIMIT_WINDOW_MS: env.RATE_LIMIT_WINDOW_MS,
          ...simEnv,
        },
        cwd,
      );
      deps = buildDeps(config, { logger });
      return createApp({ ...deps, appsPreview: appsPreviewHandler({ today: () => todayIn(timezone) }) });
    },
    { port, host: '127.0.0.1' },
  ).catch(async (error: unknown) => {
    await sim.close();
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'EADDRINUSE'
        ? `port ${port} is in use: stop what runs there or start the demo with PORT=3002 npm run demo`
        : String(error),
    );
  });
  const builtDeps = deps!;

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nStopping the demo…\n');
    await running.close(1000);
    await builtDeps.close();
    await sim.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());

  await connectThroughOAuth({ authorizeUrl: builtDeps.connection.createAuthorizeLink() });
  const today = todayIn(timezone);
  process.stdout.write(
    renderDemoBanner({
      serverUrl: running.url,
      simulatorUrl: sim.url,
      authToken,
      timezone,
      weekStart: addDays(today, -6),
      browserLink: builtDeps.connection.createAuthorizeLink(),
      mcpAuthorization: builtDeps.mcpAuthorization !== null,
      distEntry: packagePath('dist', 'index.js'),
      nodeVersion: process.versions.node,
      stdioEnv: {
        ...simEnv,
        AUTH_TOKEN: authToken,
        TOKEN_ENCRYPTION_KEY: encryptionKey,
        OURA_REDIRECT_URI: config!.ouraRedirectUri,
        PORT: String(running.port),
      },
    }),
  );
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error);
  process.stderr.write(`The demo could not start: ${message}\n`);
  process.exit(1);
});
