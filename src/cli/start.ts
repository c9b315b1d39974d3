/**
 * `oura-mcp-server [start] [--stdio]`: build the dependencies, then serve HTTP (default) or stdio
 * (Claude Desktop). This file only wires, listens and shuts down.
 */
import process from 'node:process';
import type { Config } from '../config.js';
import { buildDeps, type Deps } from '../deps.js';
import { createApp } from '../http/app.js';
import { listen, type RunningServer } from '../http/httpServer.js';
import { createLogger, type Logger } from '../logger.js';
import { createMcpServer } from '../mcp/server.js';
import { serveStdio } from '../mcp/stdio.js';
import { logConnectHintIfDisconnected } from '../oauth/connection.js';

/** Everything must be down by then, whatever hangs. */
const HARD_EXIT_MS = 5000;
/** In-flight requests get this long before their connections are cut. */
const GRACE_MS = 3000;

/** Runs `stop` on the first SIGINT/SIGTERM and exits 0 when it finishes (1 if it fails or takes over 5 s). */
function onShutdownSignal(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, HARD_EXIT_MS).unref();
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

async function serveHttp(deps: Deps, logger: Logger): Promise<RunningServer> {
  const { config } = deps;
  const running = await listen(createApp(deps), {
    port: config.port,
    host: config.host,
    limits: { maxConnections: config.maxConnections, maxConnectionsPerClient: config.maxConnectionsPerClient },
  });
  logger.info(
    `oura-mcp-server listening on ${running.url} (SSE: ${running.url}/sse, Streamable HTTP: ${running.url}/mcp)`,
  );
  return running;
}

export async function start(config: Config, options: { stdio: boolean }): Promise<void> {
  const { stdio } = options;
  // In stdio mode stdout carries the protocol: every log line goes to stderr.
  const logger = createLogger({
    level: config.logLevel,
    format: config.nodeEnv === 'production' ? 'json' : 'pretty',
    secrets: [config.authToken, config.ouraClientSecret, config.tokenEncryptionKey.toString('hex')],
    stderrOnly: stdio,
  });
  const deps = buildDeps(config, { logger });

  if (stdio) {
    // Also serve HTTP when the port is free, so the sign-in link connect_oura hands out has a server
    // to land on. If an HTTP server already runs, it serves the OAuth routes: one-time links live
    // beside TOKENS_FILE, so it honours links this process made.
    let http: RunningServer | undefined;
    try {
      http = await serveHttp(deps, logger);
    } catch (error) {
      logger.warn('stdio mode: the HTTP port is taken, so OAuth links are served by the other server', {
        port: config.port,
        error: String(error),
      });
    }
    const session = await serveStdio(createMcpServer(deps.mcp));
    const stop = async () => {
      await session.close();
      await http?.close(GRACE_MS);
      await deps.close();
    };
    onShutdownSignal(logger, stop);
    await session.closed;
    await stop();
    process.exit(0);
  }

  const running = await serveHttp(deps, logger);
  onShutdownSignal(logger, async () => {
    await running.close(GRACE_MS);
    await deps.close();
  });
  const disconnected = await logConnectHintIfDisconnected(deps.connection, logger).catch(() => false);
  // Installs connected before account pinning existed: record the owner's account now.
  if (!disconnected)
    await deps.owner.recordIfMissing(() => deps.tokenManager.getValidAccessToken(), config.ouraApiBaseUrl);
  if (deps.mcpAuthorization) logger.info(`Connector URL for Claude, ChatGPT and mcp-remote: ${config.publicUrl}/mcp`);
}
