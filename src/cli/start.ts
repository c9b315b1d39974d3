/**
 * `oura-mcp-server [start] [--stdio]`: build the dependencies, then serve HTTP (default) or stdio
 * (Claude Desktop). This file only wires, listens and shuts down.
 *
 * The HTTP half (express, the routes, the MCP authorization server) is imported only when it is needed:
 * stdio answers its client first and starts its HTTP side afterwards.
 */
import process from 'node:process';
import type { Config } from '../config.js';
import { buildCoreDeps, type CoreDeps } from '../coreDeps.js';
import type { Deps } from '../deps.js';
import type { RunningServer } from '../http/httpServer.js';
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

/** Adds the HTTP half to `core` and listens on HOST:PORT. */
async function serveHttp(core: CoreDeps, logger: Logger): Promise<{ deps: Deps; running: RunningServer }> {
  const [{ withHttp }, { createApp }, { listen }] = await Promise.all([
    import('../deps.js'),
    import('../http/app.js'),
    import('../http/httpServer.js'),
  ]);
  const deps = withHttp(core);
  const { config } = deps;
  const running = await listen(createApp(deps), {
    port: config.port,
    host: config.host,
    limits: { maxConnections: config.maxConnections, maxConnectionsPerClient: config.maxConnectionsPerClient },
  });
  logger.info(
    `oura-mcp-server listening on ${running.url} (SSE: ${running.url}/sse, Streamable HTTP: ${running.url}/mcp)`,
  );
  return { deps, running };
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
  const core = buildCoreDeps(config, { logger });

  if (stdio) {
    // The client first: Claude Desktop waits for `initialize` on every launch.
    const session = await serveStdio(createMcpServer(core.mcp));
    // Then HTTP when the port is free, so the sign-in link connect_oura hands out has a server to land
    // on. If an HTTP server already runs, it serves the OAuth routes: one-time links live beside
    // TOKENS_FILE, so it honours links this process made.
    const http = serveHttp(core, logger).then(
      ({ running }) => running,
      (error: unknown) => {
        const taken = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
        logger.warn(
          taken
            ? 'stdio mode: the HTTP port is taken, so OAuth links are served by the other server'
            : 'stdio mode: the HTTP side did not start, so sign-in links need the HTTP server (oura-mcp-server start)',
          { port: config.port, error: String(error) },
        );
        return undefined;
      },
    );
    const stop = async () => {
      await session.close();
      await (await http)?.close(GRACE_MS);
      await core.close();
    };
    onShutdownSignal(logger, stop);
    await session.closed;
    await stop();
    process.exit(0);
  }

  const { deps, running } = await serveHttp(core, logger);
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
